import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath as cli } from './helpers/cli.js';
import { haveChromium, launchChromium, openReport } from './helpers/report-browser.js';
import { writeSyntheticRunsInTmp } from './helpers/synthetic-runs.js';

// End to end: the built CLI (`npm run build`, which `npm test` runs first) as a process.

let tmp: string;
let dirs: string[];

function report(args: string[], cwd = tmp): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'report', ...args], { encoding: 'utf8', cwd });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first with npm run build`);
  ({ tmp, dirs } = writeSyntheticRunsInTmp('aloe-report-cli-', {
    benchmarks: [
      { name: 'medqa', kind: 'mcqa', n: 15, suite: 'mcqa' },
      { name: 'aci-bench', kind: 'open', n: 5, suite: 'open' },
    ],
    runs: [
      { model: 'aloe-8b', strategy: 'plain', startedAt: '2025-01-01T00:00:00Z' },
      { model: 'aloe-8b', strategy: 'medprompt', startedAt: '2025-01-02T00:00:00Z', ensemble: 3 },
    ],
  }));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('aloe-eval report', () => {
  it('writes the HTML, PNG charts, CSV files and a markdown summary', () => {
    const r = report([...dirs, '-o', 'out/board.html', '--png', 'png', '--csv', 'csv', '--markdown', 'summary.md', '--title', 'Weekly']);
    expect(r.stderr).toMatch(/^out\/board\.html: [\d.]+ MB — 2 rows \(model × strategy\), 2 benchmarks, 2 runs$/m);
    expect(r.status).toBe(0);
    const html = readFileSync(path.join(tmp, 'out', 'board.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Weekly</title>');
    expect(readdirSync(path.join(tmp, 'png')).sort()).toContain('suite-mcqa-accuracy.png');
    expect(readdirSync(path.join(tmp, 'csv')).sort()).toEqual(['leaderboard.csv', 'samples.csv']);
    expect(readFileSync(path.join(tmp, 'summary.md'), 'utf8')).toMatch(/^## Weekly\n/);
    expect(readdirSync(path.join(tmp, 'out'))).toEqual(['board.html']); // no temporary file left behind
  });

  it.skipIf(!haveChromium)('the page built by the compiled CLI runs in chromium without errors', async () => {
    // The page script is inlined from compiled functions' source text: check the shipped build, not only the test transform.
    const browser = await launchChromium();
    try {
      const { page, problems } = await openReport(browser, path.join(tmp, 'out', 'board.html'));
      await page.waitForSelector('body[data-charts="drawn"]');
      await page.evaluate(() => document.getElementById('samples')!.scrollIntoView());
      await page.click('#sample-list details.sample > summary');
      await page.waitForSelector('.sample-body');
      expect(await page.locator('#board tbody tr').count()).toBe(2);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('reports on every run under results/ when no dir is given', () => {
    const r = report([]);
    expect(r.status).toBe(0);
    expect(statSync(path.join(tmp, 'report.html')).size).toBeGreaterThan(100_000);
  });

  it('prints the markdown to stdout with --markdown - and can skip the HTML', () => {
    const cwd = path.join(tmp, 'md-only');
    mkdirSync(cwd);
    const r = report([...dirs, '--no-html', '--markdown', '-'], cwd);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^## aloe-eval report\n\n\| Model \| Strategy \|/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses bad input with one line and the right exit code', () => {
    const missing = report([path.join(tmp, 'nope')]);
    expect(missing.status).toBe(4);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/nope: no such result directory/);

    const empty = path.join(tmp, 'empty');
    mkdirSync(empty);
    const none = report([], empty);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^aloe-eval: no result directories given and results\/ does not exist/);

    const flag = report([...dirs, '--max-samples', '-3']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/--max-samples -3: expected a whole number/);

    const history = report([...dirs, '--history', 'missing.jsonl']);
    expect(history.status).toBe(2);
    expect(history.stderr).toMatch(/--history missing\.jsonl: no such file/);
    expect(history.stderr).not.toMatch(/\n\s+at /);
  });
});
