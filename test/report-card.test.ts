/**
 * `aloe-eval report --layout card`: the model card's table (MCQA accuracy, open-ended ROUGE-1,
 * general), one column per model, group averages — from synthetic result dirs, checked against
 * their run.json numbers; and the built CLI printing it.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardGroups, renderCardTable } from '../src/report/card.js';
import { loadReport, type LoadedReport } from '../src/report/write-report.js';
import { readRunFile } from '../src/results/read-run.js';
import type { RunFile } from '../src/types/results.js';
import { runCli } from './helpers/cli.js';
import { writeSyntheticRunsInTmp } from './helpers/synthetic-runs.js';

let tmp: string;
let dirs: string[];
let report: LoadedReport;
const run = (i: number): RunFile => readRunFile(dirs[i]);
const pct = (v: number) => (v * 100).toFixed(1);

beforeAll(() => {
  ({ tmp, dirs } = writeSyntheticRunsInTmp('aloe-report-card-', {
    benchmarks: [
      { name: 'medqa', kind: 'mcqa', n: 30, suite: 'mcqa' },
      { name: 'pubmedqa', kind: 'mcqa', n: 20, suite: 'mcqa' },
      { name: 'aci-bench', kind: 'open', n: 8, suite: 'open' },
      { name: 'biored', kind: 'open', n: 6, suite: 'open' },
      // a general-knowledge set: under General whatever its metric
      { name: 'mmlu-general', kind: 'mcqa', n: 10, suite: 'general' },
    ],
    runs: [
      { model: 'aloe-8b', strategy: 'plain', startedAt: '2025-01-01T00:00:00Z', skill: 0.55 },
      { model: 'aloe-70b', strategy: 'plain', startedAt: '2025-01-02T00:00:00Z', skill: 0.7, benchmarks: ['medqa', 'pubmedqa', 'aci-bench', 'mmlu-general'] },
    ],
  }));
  report = loadReport(dirs);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('card layout', () => {
  it('groups benchmarks as the card does: MCQA accuracy, open-ended ROUGE-1, general', () => {
    expect(cardGroups(report.data).map((g) => [g.title, g.benchmarks.map((b) => b.name)])).toEqual([
      ['MCQA (accuracy)', ['medqa', 'pubmedqa']],
      ['Open-ended (ROUGE-1)', ['aci-bench', 'biored']],
      ['General', ['mmlu-general']],
    ]);
  });

  it('one column per model, each cell and group average from run.json, partial averages marked (k/n)', () => {
    const lines = renderCardTable(report.data).split('\n');
    const rowOf = (label: string) => lines.find((l) => l.startsWith(`| ${label} |`))!.split('|').slice(2, -1).map((c) => c.trim());
    const head = rowOf('Benchmark');
    const col = (model: string) => head.indexOf(model);
    const [small, big] = [run(0), run(1)];
    expect(head.sort()).toEqual(['aloe-70b', 'aloe-8b']);
    const cells = (label: string) => {
      const r = rowOf(label);
      return { small: r[col('aloe-8b')], big: r[col('aloe-70b')] };
    };
    for (const b of ['medqa', 'pubmedqa', 'aci-bench', 'mmlu-general']) {
      expect(cells(b)).toEqual({ small: pct(small.results[b].value), big: pct(big.results[b].value) });
    }
    expect(cells('biored')).toEqual({ small: pct(small.results.biored.value), big: '—' });
    const mean = (r: RunFile, ids: string[]) => ids.reduce((s, id) => s + r.results[id].value, 0) / ids.length;
    expect(cells('*MCQA (accuracy) average*')).toEqual({ small: pct(mean(small, ['medqa', 'pubmedqa'])), big: pct(mean(big, ['medqa', 'pubmedqa'])) });
    expect(cells('*Open-ended (ROUGE-1) average*')).toEqual({ small: pct(mean(small, ['aci-bench', 'biored'])), big: `${pct(big.results['aci-bench'].value)} (1/2)` });
    expect(cells('*General average*')).toEqual({ small: pct(small.results['mmlu-general'].value), big: pct(big.results['mmlu-general'].value) });
    // group header rows come in card order, each before its benchmarks
    const order = ['**MCQA (accuracy)**', 'medqa', '**Open-ended (ROUGE-1)**', 'biored', '**General**', 'mmlu-general'].map((l) => lines.findIndex((x) => x.startsWith(`| ${l} |`)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((i) => i > 0)).toBe(true);
  });

  it('built CLI: --layout card prints the table on stdout; an unknown layout is exit 2 with one line', async () => {
    const r = await runCli(['report', '--no-html', '--layout', 'card', ...dirs]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(renderCardTable(loadReport(dirs).data));
    expect(r.stdout).toMatch(/^## .* — model card layout\n\n\| Benchmark \| /);
    const bad = await runCli(['report', '--no-html', '--layout', 'poster', ...dirs]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/--layout poster: expected leaderboard or card/)]);
  });
});
