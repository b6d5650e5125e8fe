import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../src/report/write-report.js';
import { readRun } from '../src/results/read-run.js';
import type { SampleRecord } from '../src/types/results.js';
import { haveChromium, launchChromium, openReport } from './helpers/report-browser.js';
import { writeSyntheticRunsInTmp } from './helpers/synthetic-runs.js';

/** Each payload, if it ever ran, sets window.__pwned or logs a console error (both are checked). */
const PAYLOADS = [
  '<script>window.__pwned = "script"; console.error("pwned script")</script>',
  '"><img src=x onerror="window.__pwned=\'img\'; console.error(\'pwned img\')">',
  "javascript:window.__pwned='js-url'",
  '</script><script>window.__pwned="close"; console.error("pwned close")</script>',
  '&lt;script&gt;window.__pwned="entity"&lt;/script&gt; &amp; &#60;b&#62;',
  'line\u2028separator\u2029paragraph</script>',
  '<!--<script>window.__pwned="comment"</script>',
  '<svg onload="window.__pwned=\'svg\'; console.error(\'pwned svg\')"></svg>',
  "' onmouseover='window.__pwned=\"attr\"' data-x='",
  '<a href="javascript:window.__pwned=\'link\'">click me</a>',
  '<iframe srcdoc="<script>parent.__pwned=\'iframe\'</script>"></iframe>',
  '${window.__pwned="template"} {{constructor.constructor("window.__pwned=1")()}}',
];
const MODEL = '<img src=x onerror="window.__pwned=\'model\'">aloe-8b';
const STRATEGY = 'plain"><script>window.__pwned="strategy"</script>';
const BENCH = 'medqa</script><script>window.__pwned="bench"</script>';
const TITLE = '</title><script>window.__pwned="title"</script> Report';

function payload(i: number): string {
  return PAYLOADS[i % PAYLOADS.length];
}

function poison(record: SampleRecord, index: number): void {
  record.question = `Question ${index}: ${payload(index)}`;
  record.id = `id-${index}-${payload(index + 1)}`;
  if (record.options) record.options = record.options.map((o, k) => ({ key: o.key, text: `${o.text} ${payload(index + k + 2)}` }));
  record.metadata = { ...record.metadata, source: payload(index + 3) };
  record.references = record.references?.map((r) => `${r} ${payload(index + 4)}`);
  if (record.text !== undefined) record.text = `${record.text} ${payload(index + 5)}`;
  for (const a of record.attempts) {
    a.raw = `${a.raw}\n${payload(index + 6)}`;
    for (const m of a.messages ?? []) m.content = `${m.content} ${payload(index + 7)}`;
  }
  if (record.error) record.error.message = `${record.error.message} ${payload(index + 8)}`;
  record.details = { note: payload(index + 9) };
}

describe.skipIf(!haveChromium)('report with hostile model answers and dataset text', () => {
  let tmp: string;
  let file: string;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let requests: string[];
  let samples: SampleRecord[];

  beforeAll(async () => {
    let dirs: string[];
    ({ tmp, dirs } = writeSyntheticRunsInTmp('aloe-report-xss-', {
      benchmarks: [
        { name: BENCH, kind: 'mcqa', n: 24, suite: 'mcqa', groupField: 'subject', groups: PAYLOADS.slice(0, 4) },
        { name: 'notes', kind: 'open', n: 12, suite: 'open' },
      ],
      runs: [
        { model: MODEL, strategy: STRATEGY, startedAt: '2025-01-01T00:00:00Z', ensemble: 3, errorRate: 0.1, unparsedRate: 0.1 },
        { model: MODEL, strategy: STRATEGY, startedAt: '2025-02-01T00:00:00Z', ensemble: 3, errorRate: 0.1, unparsedRate: 0.1 },
        { model: 'other-model', strategy: 'plain', startedAt: '2025-02-02T00:00:00Z' },
      ],
      mutateSample: (record, _run, index) => poison(record, index),
      mutateRun: (run) => {
        run.provenance.prompts = { [payload(0)]: payload(1) };
        for (const d of Object.values(run.provenance.datasets)) d.repo = payload(2);
        run.spec.strategy.options = { note: payload(3) };
      },
    }));
    samples = readRun(dirs[1]).samples;
    file = path.join(tmp, 'report.html');
    await writeReport(dirs, file, { title: TITLE });
    browser = await launchChromium();
    ({ page, problems, requests } = await openReport(browser, file));
    await page.waitForSelector('body[data-charts="drawn"]');
  });
  afterAll(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const pwned = () => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null);

  /** Elements no payload may create: anything but the page's own 4 scripts and its # links. */
  const injected = () =>
    page.evaluate(() => ({
      scripts: document.scripts.length,
      foreign: document.querySelectorAll('img, svg, iframe, object, embed, [onerror], [onload], [onmouseover], [srcdoc]').length,
      links: Array.from(document.querySelectorAll('a')).filter((a) => !a.getAttribute('href')?.startsWith('#')).length,
    }));

  it('keeps the raw payloads out of the HTML source: data cannot close its script element', () => {
    const html = readFileSync(file, 'utf8');
    for (const p of [...PAYLOADS, MODEL, STRATEGY, BENCH]) {
      for (const dangerous of ['<script>window', '</script><script>', '<img src=x', '<svg', '<iframe', '<a href="javascript']) {
        if (p.includes(dangerous)) expect(html.includes(dangerous), dangerous).toBe(false);
      }
    }
    expect(html).not.toContain('\u2028');
    expect(html).toContain(`<title>&#60;/title&#62;&#60;script&#62;window.__pwned=&#34;title&#34;&#60;/script&#62; Report</title>`);
  });

  it('runs none of them on load, and shows them as plain text', async () => {
    expect(await pwned()).toBeNull();
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(await injected()).toEqual({ scripts: 4, foreign: 0, links: 0 });
    expect(await page.title()).toBe(TITLE);
    expect(await page.textContent('#title')).toBe(TITLE);
    expect(await page.$$eval('#board tbody .model', (m) => m.map((x) => x.textContent))).toContain(MODEL);
    expect(await page.$$eval('#board tbody .strategy', (m) => m.map((x) => x.textContent))).toContain(STRATEGY);
    expect(await page.$$eval('#board thead .h', (m) => m.map((x) => x.textContent))).toContain(BENCH);
  });

  it('runs none of them in the drill-down, the explorer, opened samples or the footer', async () => {
    await page.selectOption('#drill-select', { label: BENCH });
    expect(await page.$$eval('#drill-body .breakdown tbody th', (t) => t.map((x) => x.textContent))).toEqual([...PAYLOADS.slice(0, 4)].sort((a, b) => a.localeCompare(b)));
    await page.evaluate(() => document.getElementById('samples')!.scrollIntoView());
    await page.waitForSelector('details.sample');
    await page.selectOption('#f-row', { label: `${MODEL} · ${STRATEGY}` });
    // open every sample on the page: each renders messages, attempts, options and metadata
    const summaries = page.locator('#sample-list details.sample > summary');
    const n = await summaries.count();
    expect(n).toBe(36);
    for (let i = 0; i < n; i++) await summaries.nth(i).click();
    await page.mouse.move(300, 300);
    await page.mouse.move(600, 500);
    expect(await pwned()).toBeNull();
    expect(problems).toEqual([]);
    expect(await injected()).toEqual({ scripts: 4, foreign: 0, links: 0 });
    expect(requests).toEqual([pathToFileURL(file).href]);

    // literal text, U+2028 and entities included
    const sample = samples.find((s) => s.question.includes('\u2028') && s.attempts.length > 0)!;
    const item = page.locator('details.sample', { has: page.locator('.sid', { hasText: sample.id }) });
    expect(await item.locator('.block', { hasText: 'Question' }).locator('pre').textContent()).toBe(sample.question);
    expect(await item.locator('section.attempt .raw pre').first().textContent()).toBe(sample.attempts[0].raw);
    const entity = samples.find((s) => s.question.includes('&lt;script&gt;'))!;
    const entityItem = page.locator('details.sample', { has: page.locator('.sid', { hasText: entity.id }) });
    expect(await entityItem.locator('.block', { hasText: 'Question' }).locator('pre').textContent()).toBe(entity.question);
    const footer = await page.textContent('#provenance');
    expect(footer).toContain(payload(0));
    expect(footer).toContain(payload(2));
  });

  it('finds payload text with the search box without running it', async () => {
    await page.fill('#f-query', 'onerror=');
    await expect.poll(async () => (await page.textContent('#sample-count')) ?? '').toMatch(/matching/);
    expect(await page.locator('#sample-list details.sample').count()).toBeGreaterThan(0);
    expect(await pwned()).toBeNull();
    expect(problems).toEqual([]);
  });
});
