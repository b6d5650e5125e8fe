/**
 * Report at scale: 20 runs × 15 benchmarks × 5,000 samples (1.5 M sample records, synthetic).
 * Targets: built in < 10 s, HTML < 25 MB, leaderboard clickable in chromium < 3 s after navigation.
 *
 *   npx tsx bench/report.ts            (keeps the generated runs in $TMPDIR/aloe-bench-report-v2 for reruns)
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeReport } from '../src/report/write-report.js';
import { haveChromium, launchChromium } from '../test/helpers/report-browser.js';
import { writeSyntheticRuns, type SyntheticBenchmark, type SyntheticRun } from '../test/helpers/synthetic-runs.js';

const RUNS = 20;
const BENCHMARKS = 15;
const SAMPLES = 5_000;
const root = path.join(tmpdir(), 'aloe-bench-report-v2');
const resultsDir = path.join(root, 'results');

function generate(): string[] {
  const done = path.join(root, 'complete');
  if (existsSync(done)) return readdirSync(resultsDir).map((d) => path.join(resultsDir, d)).sort();
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const benchmarks: SyntheticBenchmark[] = Array.from({ length: BENCHMARKS }, (_, i) => ({
    name: `bench-${String(i + 1).padStart(2, '0')}`,
    kind: i < 13 ? 'mcqa' : 'open',
    n: SAMPLES,
    suite: i < 13 ? 'mcqa' : 'open',
    difficulty: (i % 5) / 5,
    ...(i % 3 === 0 ? { groupField: 'subject', groups: ['anatomy', 'pharmacology', 'surgery', 'pediatrics', 'medicine', 'pathology'] } : {}),
  }));
  // 10 models × 2 strategies: every run is the newest of its row, so all 1.5 M samples are read.
  const runs: SyntheticRun[] = Array.from({ length: RUNS }, (_, i) => ({
    model: `model-${String(Math.floor(i / 2) + 1).padStart(2, '0')}`,
    strategy: i % 2 === 0 ? 'plain' : 'cot',
    startedAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
    skill: 0.45 + (i % 10) * 0.04,
    unparsedRate: 0.02,
    errorRate: 0.01,
  }));
  const t = performance.now();
  const dirs = writeSyntheticRuns({ dir: resultsDir, benchmarks, runs });
  writeFileSync(done, '');
  console.log(`generated ${RUNS} runs × ${BENCHMARKS} benchmarks × ${SAMPLES} samples in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return dirs;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const dirs = generate();
const inputBytes = dirs.reduce((a, d) => a + statSync(path.join(d, 'samples.jsonl')).size, 0);
console.log(`input: ${dirs.length} run dirs, samples.jsonl total ${megabytes(inputBytes)}`);

const out = path.join(root, 'report.html');
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const t0 = performance.now();
const { bytes } = await writeReport(dirs, out);
const buildS = (performance.now() - t0) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const results: [string, string, boolean][] = [
  ['build time', `${buildS.toFixed(2)} s (target < 10 s)`, buildS < 10],
  ['HTML size', `${megabytes(bytes)} (target < 25 MB)`, bytes < 25 * 1024 * 1024],
];
console.log(`build: peak RSS ${megabytes(peakRss)}`);

if (haveChromium) {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const start = performance.now();
  await page.goto(pathToFileURL(out).href, { waitUntil: 'commit' });
  await page.waitForSelector('body[data-ready="1"]');
  // "Clickable": a header click sorts the table.
  await page.click('#board thead button[data-col="bench:bench-01"]');
  await page.waitForSelector('#board thead th[aria-sort="descending"] button[data-col="bench:bench-01"]');
  const interactiveS = (performance.now() - start) / 1000;
  results.push(['leaderboard clickable', `${interactiveS.toFixed(2)} s after navigation (target < 3 s)`, interactiveS < 3]);
  const ready = await page.evaluate(() => performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming);
  console.log(`browser: DOMContentLoaded at ${(ready.domContentLoadedEventEnd / 1000).toFixed(2)} s (navigation clock)`);
  await page.waitForSelector('body[data-charts="drawn"]');
  console.log(`browser: all charts drawn ${((performance.now() - start) / 1000).toFixed(2)} s after navigation`);
  const t1 = performance.now();
  await page.evaluate(() => document.getElementById('samples')!.scrollIntoView());
  await page.waitForSelector('details.sample');
  console.log(`browser: sample explorer first page (parses the sample JSON) ${((performance.now() - t1) / 1000).toFixed(2)} s`);
  const before = await page.textContent('#sample-count');
  const t2 = performance.now();
  await page.fill('#f-query', 'crushing chest pain');
  await page.waitForFunction((b) => document.getElementById('sample-count')!.textContent !== b, before);
  console.log(`browser: first text search (builds the search index) ${((performance.now() - t2) / 1000).toFixed(2)} s incl. 150 ms debounce — ${await page.textContent('#sample-count')}`);
  const t3 = performance.now();
  await page.click('#sample-list details.sample > summary');
  await page.waitForSelector('#sample-list details.sample .sample-body');
  console.log(`browser: open one sample ${((performance.now() - t3) / 1000).toFixed(3)} s`);
  console.log(`browser: embedded samples note — ${await page.textContent('#sample-note')}`);
  results.push(['page errors', errors.length === 0 ? 'none' : errors.join(' | '), errors.length === 0]);
  await browser.close();
} else {
  console.log('browser: /usr/bin/chromium missing — interactivity not measured (apt-get install -y chromium)');
}

for (const [name, figure, ok] of results) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}: ${figure}`);
if (results.some(([, , ok]) => !ok)) process.exitCode = 1;
