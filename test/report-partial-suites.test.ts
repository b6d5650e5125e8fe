/**
 * Issue 12 §6, in chromium: a suite average over fewer benchmarks than the suite has is greyed with
 * "k/N", never starred, ranked after complete ones; an empty "Score history" says why in one line.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/report/markdown.js';
import { loadReport, writeReport } from '../src/report/write-report.js';
import { haveChromium, launchChromium, openReport } from './helpers/report-browser.js';
import { writeSyntheticRunsInTmp, type SyntheticBenchmark } from './helpers/synthetic-runs.js';

const names = ['medqa', 'medmcqa', 'pubmedqa', 'mmlu-anatomy', 'mmlu-clinical', 'mmlu-biology', 'mmlu-medicine', 'mmlu-genetics', 'mmlu-professional', 'careqa'];
const benchmarks: SyntheticBenchmark[] = names.map((name) => ({ name, kind: 'mcqa', n: 30, suite: 'mcqa' }));

describe.skipIf(!haveChromium)('partial suite averages and an empty history, in chromium', () => {
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let tmp: string;
  let dirs: string[];

  beforeAll(async () => {
    // The three runs: a weak baseline over the whole suite, two MedQA-only runs of a strong model.
    ({ tmp, dirs } = writeSyntheticRunsInTmp('aloe-partial-', {
      benchmarks,
      runs: [
        { model: 'baseline:lexical', strategy: 'baseline', startedAt: '2025-03-01T09:00:00Z', skill: 0.3 },
        { model: 'aloe-8b', strategy: 'plain', startedAt: '2025-03-02T09:00:00Z', skill: 0.85, benchmarks: ['medqa'] },
        { model: 'aloe-8b', strategy: 'plain', startedAt: '2025-03-03T09:00:00Z', skill: 0.86, benchmarks: ['medqa'] },
      ],
    }));
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const cellOf = (label: string) =>
    page.$$eval('#board tbody tr', (trs, model) => {
      const col = [...document.querySelectorAll('#board thead th')].findIndex((th) => th.querySelector('.h')?.textContent === 'mcqa');
      const tr = trs.find((t) => t.querySelector('.model')?.textContent === model)!;
      const td = tr.children[col] as HTMLElement;
      return { text: td.querySelector('.v')?.textContent, note: td.querySelector('.note')?.textContent, star: !!td.querySelector('.star'), partial: td.classList.contains('partial'), color: getComputedStyle(td.querySelector('.v')!).color };
    }, label);

  it('greys the 1/10 average, stars and ranks the complete one first, and says so in the column note', async () => {
    const file = path.join(tmp, 'report.html');
    await writeReport(dirs, file, {});
    ({ page, problems } = await openReport(browser, file));
    const partial = await cellOf('aloe-8b');
    const complete = await cellOf('baseline:lexical');
    expect(Number(partial.text)).toBeGreaterThan(Number(complete.text)); // higher, yet not the best
    expect(partial).toMatchObject({ note: '1/10', star: false, partial: true });
    expect(complete).toMatchObject({ star: true, partial: false });
    expect(partial.color).not.toBe(complete.color);
    const order = () => page.$$eval('#board tbody tr', (trs) => trs.map((tr) => tr.querySelector('.model')!.textContent));
    expect(await order()).toEqual(['baseline:lexical', 'aloe-8b']);
    // Sorting the column either way keeps complete rows first.
    await page.click('#board thead button[data-col="suite:mcqa"]');
    expect(await order()).toEqual(['baseline:lexical', 'aloe-8b']);
    await page.click('#board thead button[data-col="suite:mcqa"]');
    expect(await order()).toEqual(['baseline:lexical', 'aloe-8b']);
    const note = await page.$eval('#board thead button[data-col="suite:mcqa"] .col-note', (n) => n.textContent);
    expect(note).toMatch(/k of 10 benchmarks, not starred, ranked after complete rows/);
    // MedQA's own column compares like with like: the model's score there is starred.
    const medqaStar = await page.$$eval('#board tbody tr', (trs) => trs.map((tr) => !!tr.querySelector('td:nth-child(4) .star')));
    expect(medqaStar).toEqual([false, true]);
    expect(problems).toEqual([]);
  });

  it('markdown: the partial average is marked and never bold, the complete row ranks first', () => {
    const md = renderMarkdown(loadReport(dirs).data);
    const rows = md.split('\n').filter((l) => l.startsWith('| baseline') || l.startsWith('| aloe'));
    expect(rows[0]).toMatch(/^\| baseline:lexical/);
    expect(rows[1]).toMatch(/\(partial: 1\/10\)/);
    expect(rows[1].split('|')[3]).not.toMatch(/\*\*/);
  });

  it('one run per row and no history file: the history section says why and how in one line, no empty box', async () => {
    const file = path.join(tmp, 'single.html');
    await writeReport(dirs.slice(0, 2), file, {});
    ({ page, problems } = await openReport(browser, file));
    expect(await page.$$('#history canvas, #history .chart-box')).toHaveLength(0);
    const line = await page.$eval('#history-empty', (p) => p.textContent);
    expect(line).toMatch(/^Nothing to draw yet: no history file was given and each model · strategy has one run here; run the same model .*--history FILE/);
    expect(line).not.toMatch(/\n/);
  });

  it('a history file with a single point per series: says so, naming the file', async () => {
    const history = path.join(tmp, 'history.jsonl');
    writeFileSync(history, `${JSON.stringify({ model: 'other', strategy: 'plain', benchmark: 'medqa', metric: 'accuracy', value: 0.5, date: '2025-01-01T00:00:00Z' })}\n`);
    const file = path.join(tmp, 'one-point.html');
    await writeReport(dirs.slice(0, 1), file, { historyFile: history });
    ({ page } = await openReport(browser, file));
    const line = await page.$eval('#history-empty', (p) => p.textContent);
    expect(line).toContain(`${history} and the runs given hold a single point per model · strategy and benchmark`);
    expect(line).not.toContain('History appears when');
  });
});
