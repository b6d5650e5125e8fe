/**
 * ROUGE speed: all four variants (stemmed) over 10,000 pairs of 500-word texts; target < 2 s on
 * one core. Texts are windows of real clinical text from ../shared/rouge-vectors when present
 * (else a synthetic Zipf vocabulary), each reference a perturbed copy of its prediction (dropped,
 * swapped and replaced words), so overlap and vocabulary look like real note generation.
 *
 * Run: npx tsx bench/rouge.ts [pairs]
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RougeEngine } from '../src/scorers/rouge/rouge.js';
import { mulberry32, type Rng } from '../src/util/rng.js';

const PAIRS = Number(process.argv[2] ?? 10_000);
const WORDS = 500;
const TARGET_S = 2;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vectors = path.resolve(repoRoot, '..', 'shared', 'rouge-vectors', 'public.jsonl');

function corpusWords(rng: Rng): { words: string[]; source: string } {
  if (existsSync(vectors)) {
    const words: string[] = [];
    for (const line of readFileSync(vectors, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { kind: string; prediction?: string; reference?: string };
      if (row.kind !== 'pair') continue;
      for (const text of [row.prediction ?? '', row.reference ?? '']) words.push(...text.split(/\s+/).filter(Boolean));
    }
    return { words, source: `${words.length} words of clinical text from ${path.relative(process.cwd(), vectors)}` };
  }
  const vocabulary = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}ing`);
  const words = Array.from({ length: 400_000 }, () => vocabulary[Math.floor(20_000 ** rng() - 1)]);
  return { words, source: 'synthetic Zipf vocabulary (shared vectors not found)' };
}

function makePairs(multiLine: boolean): { prediction: string; reference: string }[] {
  const rng = mulberry32(20240601);
  const { words } = corpusWords(rng);
  const join = (ws: string[]): string =>
    multiLine ? ws.map((w, i) => (i % 20 === 19 ? `${w}\n` : `${w} `)).join('') : ws.join(' ');
  const pairs = [];
  for (let k = 0; k < PAIRS; k++) {
    const start = Math.floor(rng() * (words.length - WORDS));
    const prediction = words.slice(start, start + WORDS);
    const reference: string[] = [];
    for (const word of prediction) {
      const x = rng();
      if (x < 0.1) continue; // dropped
      if (x < 0.2) reference.push(words[Math.floor(rng() * words.length)]); // replaced
      else reference.push(word);
      if (x > 0.95 && reference.length > 1) reference.push(reference.splice(-2, 1)[0]); // swapped
    }
    while (reference.length < WORDS) reference.push(words[Math.floor(rng() * words.length)]);
    pairs.push({ prediction: join(prediction), reference: join(reference) });
  }
  return pairs;
}

/** Wall time and this process's CPU time (user + system): on a busy machine the CPU figure is the fair one. */
function time(label: string, run: () => number): number {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const checksum = run();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1e6;
  console.log(`${label.padEnd(60)} wall ${wall.toFixed(3)} s  cpu ${cpu.toFixed(3)} s  (checksum ${checksum.toFixed(6)})`);
  return cpu;
}

const single = makePairs(false);
const multi = makePairs(true);
console.log(`ROUGE bench: ${PAIRS} pairs of ${WORDS}-word texts, ${corpusWords(mulberry32(1)).source}`);

const coldEngine = new RougeEngine();
const stemmedCold = time('stemmed, 4 metrics, one line each (cold stem cache)', () => {
  let sum = 0;
  for (const { prediction, reference } of single) sum += coldEngine.scoreSetting(prediction, reference, true).rougeLsum.fmeasure;
  return sum / PAIRS;
});
const stemmedWarm = time('stemmed, 4 metrics, one line each (warm)', () => {
  let sum = 0;
  for (const { prediction, reference } of single) sum += coldEngine.scoreSetting(prediction, reference, true).rougeLsum.fmeasure;
  return sum / PAIRS;
});
time('both settings, 4 metrics, one line each (what `score` does)', () => {
  let sum = 0;
  for (const { prediction, reference } of single) sum += coldEngine.score(prediction, reference).stemmed.rouge1.fmeasure;
  return sum / PAIRS;
});
time('stemmed, 4 metrics, 25 lines each (rougeLsum per line pair)', () => {
  let sum = 0;
  for (const { prediction, reference } of multi) sum += coldEngine.scoreSetting(prediction, reference, true).rougeLsum.fmeasure;
  return sum / PAIRS;
});

const verdict = Math.max(stemmedCold, stemmedWarm) < TARGET_S ? 'met' : 'MISSED';
console.log(`target: stemmed 4 metrics over ${PAIRS} single-line pairs < ${TARGET_S} s of one core's CPU time: ${verdict}`);
