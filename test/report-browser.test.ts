import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../src/report/write-report.js';
import { readRun, readRunFile } from '../src/results/read-run.js';
import type { RunFile } from '../src/types/results.js';
import { haveChromium, launchChromium, openReport } from './helpers/report-browser.js';
import { writeSyntheticRuns, writeSyntheticRunsInTmp, type SyntheticBenchmark, type SyntheticRun } from './helpers/synthetic-runs.js';

const benchmarks: SyntheticBenchmark[] = [
  { name: 'medqa', kind: 'mcqa', n: 40, suite: 'mcqa' },
  { name: 'medmcqa', kind: 'mcqa', n: 48, suite: 'mcqa', groupField: 'subject', groups: ['Anatomy', 'Pharmacology', 'Surgery'] },
  { name: 'pubmedqa', kind: 'mcqa', n: 30, suite: 'mcqa', difficulty: 0.4 },
  { name: 'aci-bench', kind: 'open', n: 16, suite: 'open', groupField: 'category', groups: ['aci', 'virtscribe'] },
];
const runs: SyntheticRun[] = [
  { model: 'aloe-8b', strategy: 'plain', startedAt: '2025-01-01T09:00:00Z', skill: 0.5 },
  { model: 'aloe-8b', strategy: 'plain', startedAt: '2025-02-01T09:00:00Z', skill: 0.56, unparsedRate: 0.05 },
  { model: 'aloe-8b', strategy: 'medprompt', startedAt: '2025-02-02T09:00:00Z', skill: 0.6, ensemble: 5, fewShot: 2, errorRate: 0.05 },
  { model: 'aloe-70b', strategy: 'plain', startedAt: '2025-02-03T09:00:00Z', skill: 0.7, unparsedRate: 0.02 },
  { model: 'aloe-70b', strategy: 'cot', startedAt: '2025-02-04T09:00:00Z', skill: 0.66, errorRate: 0.04 },
  { model: 'qwen-7b', strategy: 'plain', startedAt: '2025-02-05T09:00:00Z', skill: 0.45 },
];

let tmp: string;
let dirs: string[];
let file: string;
let browser: Browser;
let page: Page;
let problems: string[];
let requests: string[];
const runFile = (i: number): RunFile => readRunFile(dirs[i]);
/** Newest run of each row, in the order rows are labelled. */
const newest: Record<string, number> = { 'aloe-8b · plain': 1, 'aloe-8b · medprompt': 2, 'aloe-70b · plain': 3, 'aloe-70b · cot': 4, 'qwen-7b · plain': 5 };

async function rowLabels(): Promise<string[]> {
  return page.$$eval('#board tbody tr', (trs) => trs.map((tr) => `${tr.querySelector('.model')!.textContent} · ${tr.querySelector('.strategy')!.textContent}`));
}

async function columnIndex(name: string): Promise<number> {
  return page.$$eval('#board thead th', (ths, n) => ths.findIndex((th) => th.querySelector('.h')!.textContent === n), name);
}

async function columnTexts(name: string): Promise<string[]> {
  const c = await columnIndex(name);
  return page.$$eval('#board tbody tr', (trs, col) => trs.map((tr) => tr.children[col].querySelector('.v')?.textContent ?? '—'), c);
}

describe.skipIf(!haveChromium)('HTML report in chromium', () => {
  beforeAll(async () => {
    ({ tmp, dirs } = writeSyntheticRunsInTmp('aloe-report-browser-', { benchmarks, runs }));
    file = path.join(tmp, 'report.html');
    await writeReport(dirs, file, { title: 'Nightly medical leaderboard' });
    browser = await launchChromium();
    ({ page, problems, requests } = await openReport(browser, file));
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('loads with no console errors and asks for nothing but the file itself', async () => {
    await page.waitForSelector('body[data-charts="drawn"]');
    await page.evaluate(() => document.getElementById('samples')!.scrollIntoView());
    await page.waitForSelector('details.sample');
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(await page.title()).toBe('Nightly medical leaderboard');
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/https?:\/\/|<(link|img|iframe|object|embed)\b|<script[^>]+src=/i);
    expect(html).toContain('Content-Security-Policy');
  });

  it('has one row per (model, strategy), each from its newest run, with the headline metric and interval', async () => {
    expect((await rowLabels()).sort()).toEqual(Object.keys(newest).sort());
    const labels = await rowLabels();
    const medqa = await columnTexts('medqa');
    labels.forEach((label, i) => {
      const run = runFile(newest[label]);
      expect(medqa[i].replace('★', '')).toBe((run.results.medqa.value * 100).toFixed(1));
    });
    const row = page.locator('#board tbody tr', { hasText: 'aloe-8b' }).filter({ hasText: 'plain' });
    await expect(row.locator('.chip', { hasText: '2 runs' }).count()).resolves.toBe(1);
    const ci = await row.locator(`td:nth-child(${(await columnIndex('medqa')) + 1}) .ci`).textContent();
    const r = runFile(1).results.medqa;
    expect(ci).toBe(`${(r.ci95[0] * 100).toFixed(1)}–${(r.ci95[1] * 100).toFixed(1)}`);
    // suite averages come from run.json suites
    const suite = await columnTexts('mcqa');
    expect(suite[labels.indexOf('qwen-7b · plain')]).toBe((runFile(5).suites!.mcqa.value * 100).toFixed(1));
  });

  it('marks the best score of each column', async () => {
    const c = await columnIndex('pubmedqa');
    const cells = await page.$$eval('#board tbody tr', (trs, col) => trs.map((tr) => ({ best: tr.children[col].classList.contains('best'), text: tr.children[col].querySelector('.v')!.textContent!, star: !!tr.children[col].querySelector('.star') })), c);
    const values = Object.values(newest).map((i) => runFile(i).results.pubmedqa.value);
    const best = (Math.max(...values) * 100).toFixed(1);
    expect(cells.filter((x) => x.best).map((x) => x.text)).toEqual(cells.filter((x) => x.text === best).map((x) => x.text));
    expect(cells.filter((x) => x.best).length).toBeGreaterThan(0);
    expect(cells.every((x) => x.best === x.star)).toBe(true);
  });

  it('sorts by a column when its header is clicked, and reverses on a second click', async () => {
    const expected = Object.entries(newest).sort((a, b) => runFile(b[1]).results.medmcqa.value - runFile(a[1]).results.medmcqa.value).map(([label]) => label);
    await page.click('#board thead button[data-col="bench:medmcqa"]');
    expect(await page.getAttribute('#board thead th:has(button[data-col="bench:medmcqa"])', 'aria-sort')).toBe('descending');
    const desc = await columnTexts('medmcqa');
    expect(desc.map(Number)).toEqual([...desc.map(Number)].sort((a, b) => b - a));
    expect((await rowLabels()).filter((l, i, all) => all.indexOf(l) === i)).toHaveLength(5);
    // ties keep their previous relative order, so compare values rather than labels where equal
    expect((await rowLabels()).map((l) => runFile(newest[l]).results.medmcqa.value)).toEqual(expected.map((l) => runFile(newest[l]).results.medmcqa.value));
    await page.click('#board thead button[data-col="bench:medmcqa"]');
    expect(await page.getAttribute('#board thead th:has(button[data-col="bench:medmcqa"])', 'aria-sort')).toBe('ascending');
    const asc = await columnTexts('medmcqa');
    expect(asc.map(Number)).toEqual([...asc.map(Number)].sort((a, b) => a - b));
    await page.click('#board thead button[data-col="model"]');
    const models = (await rowLabels()).map((l) => l.split(' · ')[0]);
    expect(models).toEqual([...models].sort((a, b) => a.localeCompare(b)));
  });

  it('draws every chart (no blank canvas)', async () => {
    await page.waitForSelector('body[data-charts="drawn"]');
    const ink = await page.$$eval('#charts canvas, #cost canvas, #history canvas', (canvases) =>
      canvases.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let coloured = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) coloured++;
        return { id: canvas.dataset.chart, width: canvas.width, share: coloured / (canvas.width * canvas.height) };
      }),
    );
    const ids = ink.map((x) => x.id);
    expect(ids).toEqual(expect.arrayContaining(['suite-mcqa-accuracy', 'suite-open-rouge1', 'strategies-aloe-8b', 'strategies-aloe-70b', 'cost-calls', 'cost-tokens', 'history-medqa']));
    for (const chart of ink) {
      expect(chart.width, chart.id).toBeGreaterThan(100);
      expect(chart.share, chart.id).toBeGreaterThan(0.01);
    }
    // the same measure reads a fresh canvas as blank
    const blank = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 50;
      c.height = 50;
      return Array.from(c.getContext('2d')!.getImageData(0, 0, 50, 50).data).some((v) => v !== 0);
    });
    expect(blank).toBe(false);
  });

  it('shows history over time for a model with several runs', async () => {
    const points = await page.evaluate(() => document.querySelectorAll('#history-select option').length);
    expect(points).toBe(benchmarks.length);
    await page.selectOption('#history-select', { label: 'pubmedqa' });
    await expect(page.locator('#history figcaption').textContent()).resolves.toBe('pubmedqa: score over time');
  });

  it('drills down into a benchmark with its per-subject breakdown', async () => {
    const c = await columnIndex('medmcqa');
    await page.click(`#board tbody tr:first-child td:nth-child(${c + 1})`);
    expect(await page.$eval('#drill-select', (s) => (s as HTMLSelectElement).selectedOptions[0].textContent)).toBe('medmcqa');
    const subjects = await page.$$eval('#drill-body .breakdown tbody th', (ths) => ths.map((th) => th.textContent));
    expect(subjects).toEqual(['Anatomy', 'Pharmacology', 'Surgery']);
    const run = runFile(newest['qwen-7b · plain']);
    const head = await page.$$eval('#drill-body .breakdown thead th', (ths) => ths.map((th) => th.textContent));
    const col = head.findIndex((h) => h === 'qwen-7bplain');
    const anatomy = await page.$$eval('#drill-body .breakdown tbody tr:first-child > *', (cells) => cells.map((x) => x.textContent));
    expect(anatomy[col]).toBe((run.results.medmcqa.groups!.subject.Anatomy.value * 100).toFixed(1));
    await page.selectOption('#drill-select', { label: 'aci-bench' });
    expect(await page.$$eval('#drill-body .breakdown tbody th', (ths) => ths.map((th) => th.textContent))).toEqual(['aci', 'virtscribe']);
    expect(await page.$$eval('#drill-body table.data:first-of-type thead th', (ths) => ths.map((th) => th.textContent))).toEqual(expect.arrayContaining(['rouge1headline', 'rouge2', 'rougeL']));
  });

  it('filters samples by status, row and benchmark, and finds them by text', async () => {
    await page.evaluate(() => document.getElementById('samples')!.scrollIntoView());
    await page.waitForSelector('details.sample');
    expect(await page.locator('.sample-body').count()).toBe(0); // nothing rendered until opened
    const all = Object.values(newest).flatMap((i) => readRun(dirs[i]).samples);
    const count = async () => Number((await page.textContent('#sample-count'))!.match(/of ([\d,]+) matching/)?.[1].replace(/,/g, '') ?? 0);
    expect(await count()).toBe(all.length);

    await page.selectOption('#f-status', { label: 'error' });
    expect(await count()).toBe(all.filter((s) => s.error).length);
    expect(await page.$$eval('#sample-list summary .badge', (b) => [...new Set(b.map((x) => x.textContent))])).toEqual(['error']);

    await page.selectOption('#f-status', { label: 'unparsed' });
    await page.selectOption('#f-row', { label: 'aloe-8b · plain' });
    const plain = readRun(dirs[1]).samples;
    expect(plain.filter((s) => s.unparsed).length).toBeGreaterThan(0);
    expect(await count()).toBe(plain.filter((s) => s.unparsed).length);

    await page.selectOption('#f-status', { label: 'wrong' });
    await page.selectOption('#f-bench', { label: 'pubmedqa' });
    const wrong = plain.filter((s) => s.benchmark === 'pubmedqa' && s.correct === false && !s.unparsed && !s.error);
    expect(await count()).toBe(wrong.length);
    expect(await page.$$eval('#sample-list summary .chip.bench', (b) => [...new Set(b.map((x) => x.textContent))])).toEqual(['pubmedqa']);

    await page.selectOption('#f-status', { label: 'any status' });
    await page.selectOption('#f-bench', { label: 'all benchmarks' });
    await page.selectOption('#f-row', { label: 'all models · strategies' });
    await page.fill('#f-query', 'medmcqa-00007');
    await expect.poll(count).toBe(5);
    expect(await page.$$eval('#sample-list summary .sid', (s) => [...new Set(s.map((x) => x.textContent))])).toEqual(['medmcqa-00007']);
    await page.fill('#f-query', 'CRUSHING chest pain pubmedqa');
    await expect.poll(count).toBe(all.filter((s) => s.benchmark === 'pubmedqa' && s.question.includes('crushing chest pain')).length);
    await page.fill('#f-query', '');
    await expect.poll(count).toBe(all.length);
  });

  it('pages through long lists 50 at a time', async () => {
    await page.selectOption('#f-row', { label: 'all models · strategies' });
    expect(await page.locator('#sample-list details.sample').count()).toBe(50);
    const first = await page.textContent('#sample-list details.sample .sid');
    await page.click('#sample-pager button[data-page="next"]');
    expect(await page.textContent('#sample-pager span')).toMatch(/^page 2 of \d+$/);
    expect(await page.textContent('#sample-list details.sample .sid')).not.toBe(first);
  });

  it('opens a sample: the exact messages sent, every ensemble attempt with its permutation, the vote and the score', async () => {
    await page.selectOption('#f-row', { label: 'aloe-8b · medprompt' });
    await page.selectOption('#f-bench', { label: 'medqa' });
    await page.selectOption('#f-status', { label: 'any status' });
    await page.selectOption('#f-sort', { value: 'order' });
    const sample = readFileSync(path.join(dirs[2], 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).find((s) => s.benchmark === 'medqa' && !s.error)!;
    const item = page.locator('details.sample', { has: page.locator('.sid', { hasText: sample.id }) });
    expect(await item.locator('.sample-body').count()).toBe(0);
    await item.locator('summary').click();
    const body = item.locator('.sample-body');
    // <details> fires "toggle" as a task after the click: wait for the detail to be built
    await expect.poll(() => body.locator('section.attempt').count()).toBe(5);
    const perms = await body.locator('section.attempt .perm code').allTextContents();
    expect(perms).toEqual(sample.attempts.map((a: { permutation: string[] }) => a.permutation.join(' ')));
    const raws = await body.locator('section.attempt .raw pre').allTextContents();
    expect(raws).toEqual(sample.attempts.map((a: { raw: string }) => a.raw));
    const lastUser = await body.locator('section.attempt').first().locator(':scope > .msg pre').textContent();
    expect(lastUser).toBe(sample.attempts[0].messages.at(-1).content);
    const earlier = await body.locator('section.attempt').first().locator('details.earlier pre').allTextContents();
    expect(earlier).toEqual(sample.attempts[0].messages.slice(0, -1).map((m: { content: string }) => m.content));
    const facts = await body.locator('dl.facts-grid').textContent();
    expect(facts).toContain(`Gold answer${sample.gold}`);
    expect(facts).toContain(`Votes${Object.entries(sample.votes as Record<string, number>).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join(' · ')}`);
    expect(facts).toContain(`Score (accuracy)${(sample.score * 100).toFixed(1)}`);
    expect(await body.locator('.block', { hasText: 'Other models and strategies' }).locator('tr').count()).toBe(4);
    expect(problems).toEqual([]);
  });
});

describe.skipIf(!haveChromium)('HTML report edge cases in chromium', () => {
  let edgeTmp: string;
  let edgeBrowser: Browser;
  beforeAll(async () => {
    edgeTmp = mkdtempSync(path.join(tmpdir(), 'aloe-report-edge-'));
    edgeBrowser = await launchChromium();
  });
  afterAll(async () => {
    await edgeBrowser?.close();
    rmSync(edgeTmp, { recursive: true, force: true });
  });

  it('draws a one-run, one-benchmark report, and one whose newest run failed before any result, without errors', async () => {
    const [single] = writeSyntheticRuns({ dir: path.join(edgeTmp, 'single'), benchmarks: [{ name: 'aci-bench', kind: 'open', n: 4 }], runs: [{ model: 'm', strategy: 'plain', startedAt: '2025-01-01T00:00:00Z' }] });
    const failed = writeSyntheticRuns({
      dir: path.join(edgeTmp, 'failed'),
      benchmarks: [{ name: 'medqa', kind: 'mcqa', n: 6 }],
      runs: [
        { model: 'm', strategy: 'plain', startedAt: '2025-01-01T00:00:00Z' },
        { model: 'n', strategy: 'plain', startedAt: '2025-01-02T00:00:00Z', status: 'failed', benchmarks: [] },
      ],
    });
    for (const [name, dirsToShow, samples] of [['single', [single], 50_000], ['failed', failed, 50_000], ['no-samples', failed, 0]] as const) {
      const out = path.join(edgeTmp, `${name}.html`);
      await writeReport([...dirsToShow], out, { samples: { maxSamples: samples } });
      const opened = await openReport(edgeBrowser, out);
      await opened.page.waitForSelector('body[data-charts="drawn"]');
      await opened.page.evaluate(() => document.getElementById('samples')!.scrollIntoView());
      await opened.page.waitForSelector('#sample-count:not(:empty)');
      expect(opened.problems, name).toEqual([]);
      expect(await opened.page.locator('#board tbody tr').count(), name).toBe(dirsToShow.length);
      await opened.page.close();
    }
  });
});
