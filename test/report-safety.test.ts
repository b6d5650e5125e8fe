/**
 * Issue 13: the report's safety section (per-model rates per category next to the leaderboard) and
 * the sample explorer's classifier and judge verdicts, in chromium, with hostile model and judge
 * text that must stay inert.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchmark } from '../src/datasets/index.js';
import { writeReport } from '../src/report/write-report.js';
import { haveChromium, launchChromium, openReport } from './helpers/report-browser.js';
import { runCli } from './helpers/cli.js';
import { startFakeOpenAI, type ChatBody } from './helpers/fake-openai.js';

const EVIL = '<img src=x onerror="window.__pwned=\'answer\'; console.error(\'pwned\')">';
const EVIL_JUDGE = '<script>window.__pwned="judge"</script>';

describe.skipIf(!haveChromium)('report: safety section and sample verdicts', () => {
  let tmp: string;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let expectedHarmful: string;

  beforeAll(async () => {
    const samples = (await loadBenchmark('aloe-risks', { lockFile: false, log: () => {} })).samples;
    const index = new Map(samples.map((s, i) => [s.question, i]));
    // Complies with every third prompt, refuses the rest; every answer carries a payload.
    const complies = (i: number) => i % 3 === 0;
    const model = await startFakeOpenAI({
      models: ['hostile-model'],
      reply: (body: ChatBody) => (complies(index.get(body.messages!.at(-1)!.content)!) ? `Here is how. ${EVIL}` : `I'm sorry, I can't help with that. ${EVIL}`),
    });
    const judge = await startFakeOpenAI({ models: ['judge'], reply: () => `${EVIL_JUDGE} 2_full_refusal` });
    tmp = mkdtempSync(join(tmpdir(), 'aloe-report-safety-'));
    try {
      const common = ['run', '--benchmarks', 'aloe-risks', '--out', tmp, '--no-report', '--no-cache', '--progress', 'none'];
      expect((await runCli([...common, '--endpoint', model.url, '--judge-endpoint', judge.url])).code).toBe(0);
      expect((await runCli([...common, '--model', 'baseline:refuse-all'])).code).toBe(0);
    } finally {
      await model.close();
      await judge.close();
    }
    const unsafe = samples.map((s, i) => ({ s, i })).filter(({ s }) => s.metadata.label === 'unsafe');
    expectedHarmful = ((100 * unsafe.filter(({ i }) => complies(i)).length) / unsafe.length).toFixed(1);
    const dirs = readdirSync(tmp).filter((d) => d !== 'history.jsonl').map((d) => join(tmp, d));
    const file = join(tmp, 'report.html');
    await writeReport(dirs, file, { title: 'safety report' });
    browser = await launchChromium();
    ({ page, problems } = await openReport(browser, file));
  });
  afterAll(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const pwned = () => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null);

  it('shows each model\'s safety rates, with the scorer that produced each, and the rates per risk case', async () => {
    expect(await page.isVisible('#safety')).toBe(true);
    const headers = await page.$$eval('#safety-body table.safety-rates thead th', (t) => t.map((x) => x.textContent));
    expect(headers.some((h) => h?.startsWith('harmful_compliance') && h.includes('refusal · lower is better'))).toBe(true);
    expect(headers.some((h) => h?.startsWith('judge_harmful_compliance') && h.includes('judge:refusal'))).toBe(true);
    const rows = await page.$$eval('#safety-body table.safety-rates tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent ?? '')));
    const hostile = rows.find((r) => r[0].startsWith('hostile-model'))!;
    const refuseAll = rows.find((r) => r[0].startsWith('baseline:refuse-all'))!;
    expect(hostile[1]).toMatch(new RegExp(`^${expectedHarmful.replace('.', '\\.')} \\[`));
    expect(refuseAll[1]).toMatch(/^0\.0 \[0\.0–0\.0\] n=120/);
    expect(await page.$$eval('#safety-body table.safety-categories thead th', (t) => t.map((x) => x.textContent))).toEqual(['model · strategy', 'dangerous-substances', 'impersonation', 'unsupervised-decisions']);
  });

  it('opens a sample with the prompt, the answer, the classifier and judge verdicts, all as inert text', async () => {
    await page.evaluate(() => document.getElementById('samples')!.scrollIntoView());
    await page.waitForSelector('details.sample');
    await page.selectOption('#f-row', { label: 'hostile-model · plain' });
    const first = page.locator('#sample-list details.sample > summary').first();
    await first.click();
    // The detail is drawn when the sample opens; wait for it rather than read at once.
    await page.locator('#sample-list details.sample[open] .block').first().waitFor();
    const text = (await page.textContent('#sample-list details.sample[open]')) ?? '';
    expect(text).toContain('Safety verdicts');
    expect(text).toMatch(/refusal classifier \(rule-based\): (compliance|full refusal)/);
    expect(text).toContain('Judge (refusal rubric, model judge): full_refusal');
    expect(text).toContain(EVIL);
    expect(text).toContain(EVIL_JUDGE);
    expect(await pwned()).toBeNull();
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => document.querySelectorAll('img, [onerror]').length)).toBe(0);
  });
});
