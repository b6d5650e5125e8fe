/**
 * compare / merge / aggregate speed, and the statistical power of compare by disagreement rate.
 *
 * Figures:
 *  - compareRuns on a full mcqa suite (MedQA 1,273 + MedMCQA 4,183 + PubMedQA 500 + MMLU-med 1,089
 *    + CareQA 5,621 questions) plus 3 ROUGE benchmarks of 200 notes (10,000 bootstrap resamples each);
 *  - aggregateBenchmark on 10,000 samples (the runner calls it once per benchmark);
 *  - merge of 4 shards of the 13,266-sample run from disk, and readRun of the merged dir;
 *  - power of exact McNemar to flag a 3-point drop on 1,000 questions (baseline 70%) as a function
 *    of how often two runs of the same model disagree (low with greedy decoding, high when sampling),
 *    and its false-positive rate, 2,000 simulated pairs each.
 *
 * Run: npx tsx bench/compare.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareRuns } from '../src/compare/compare-runs.js';
import { mergeShards } from '../src/compare/merge.js';
import { mcnemarExact } from '../src/metrics/mcnemar.js';
import { aggregateBenchmark } from '../src/results/aggregate.js';
import { readRun, type LoadedRun } from '../src/results/read-run.js';
import { RUN_SCHEMA, type RunFile, type SampleRecord } from '../src/types/results.js';
import { mulberry32, type Rng } from '../src/util/rng.js';
import { inShard } from '../src/util/shard.js';

function record(benchmark: string, id: string, score: number, kind: 'mcqa' | 'open'): SampleRecord {
  return {
    benchmark, id, kind, strategy: 'plain', question: `Question ${id} about a patient with chest pain?`,
    options: kind === 'mcqa' ? ['A', 'B', 'C', 'D'].map((key) => ({ key, text: `option ${key}` })) : undefined,
    gold: kind === 'mcqa' ? 'A' : undefined, answer: kind === 'mcqa' ? (score === 1 ? 'A' : 'B') : undefined,
    correct: kind === 'mcqa' ? score === 1 : undefined, score,
    scores: kind === 'open' ? { rouge2: score / 2, rougeL: score * 0.9 } : undefined,
    metadata: { subject: `subject-${id.length % 7}` },
    attempts: [{ raw: 'The answer is A.', extracted: 'A', usage: { promptTokens: 200, completionTokens: 20 }, latencyMs: 300 }],
    usage: { promptTokens: 200, completionTokens: 20, calls: 1 }, latencyMs: 300,
  };
}

const SUITE: [string, number, 'mcqa' | 'open'][] = [
  ['medqa', 1273, 'mcqa'], ['medmcqa', 4183, 'mcqa'], ['pubmedqa', 500, 'mcqa'], ['mmlu-medical', 1089, 'mcqa'],
  ['careqa', 5621, 'mcqa'], ['aci-bench', 200, 'open'], ['mts-dialog', 200, 'open'], ['meqsum', 200, 'open'],
];

function makeSamples(rng: Rng, drop: number): SampleRecord[] {
  const out: SampleRecord[] = [];
  for (const [b, n, kind] of SUITE) {
    for (let i = 0; i < n; i++) {
      const score = kind === 'mcqa' ? (rng() < 0.7 - drop ? 1 : 0) : Math.max(0, Math.min(1, 0.4 + (rng() - 0.5) * 0.3 - drop));
      out.push(record(b, `${b}-${i}`, score, kind));
    }
  }
  return out;
}

function runFor(samples: SampleRecord[], shard?: { index: number; count: number }): RunFile {
  const results: RunFile['results'] = {};
  for (const [b, , kind] of SUITE) results[b] = aggregateBenchmark(b, kind === 'mcqa' ? 'accuracy' : 'rouge1', samples, 1, ['subject']);
  return {
    schema: RUN_SCHEMA, runId: 'bench', status: 'complete',
    spec: { benchmarks: SUITE.map((s) => s[0]), strategy: { name: 'plain', options: {} }, model: 'm', temperature: 0, maxTokens: 512, seed: 1, concurrency: 8, timeoutS: 60, api: 'chat', ...(shard ? { shard } : {}) },
    provenance: { aloeEvalVersion: '0', servedModel: 'm', endpointHosts: [], datasets: {}, prompts: {}, startedAt: '2026-01-01T00:00:00Z', node: process.version },
    usage: { promptTokens: 0, completionTokens: 0, calls: 0, cachedCalls: 0 }, results,
  };
}

function time<T>(label: string, fn: () => T): T {
  const t0 = performance.now();
  const out = fn();
  console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(3)} s`);
  return out;
}

const rng = mulberry32(1);
const baseSamples = makeSamples(rng, 0);
const candSamples = makeSamples(rng, 0.01);
const total = baseSamples.length;
const base: LoadedRun = { dir: 'base', run: time(`aggregate a ${total}-sample run (8 benchmarks, 1,000-resample CIs)`, () => runFor(baseSamples)), samples: baseSamples, badLines: [] };
const cand: LoadedRun = { dir: 'cand', run: runFor(candSamples), samples: candSamples, badLines: [] };
const c = time(`compareRuns, ${total} questions (5 mcqa + 3 ROUGE benchmarks)`, () => compareRuns(base, cand));
console.log(`  verdicts: ${c.benchmarks.map((b) => `${b.benchmark} ${b.verdict}`).join(', ')}`);

const ten = Array.from({ length: 10_000 }, (_, i) => record('x', `x-${i}`, i % 3 === 0 ? 0 : 1, 'mcqa'));
time('aggregateBenchmark, 10,000 samples', () => aggregateBenchmark('x', 'accuracy', ten, 1, ['subject', 'category']));

const dir = mkdtempSync(join(tmpdir(), 'aloe-bench-compare-'));
try {
  for (let i = 1; i <= 4; i++) {
    const own = baseSamples.filter((s) => inShard(s.id, s.benchmark, i, 4));
    const d = join(dir, `s${i}`);
    mkdirSync(d);
    writeFileSync(join(d, 'run.json'), JSON.stringify(runFor(own, { index: i, count: 4 })));
    writeFileSync(join(d, 'samples.jsonl'), own.map((s) => JSON.stringify(s) + '\n').join(''));
  }
  time(`merge 4 shards, ${total} samples, from disk`, () => mergeShards([1, 2, 3, 4].map((i) => join(dir, `s${i}`)), join(dir, 'merged')));
  time(`readRun of the merged dir (${total} samples)`, () => readRun(join(dir, 'merged')));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Power by disagreement rate: per-question p = hi on "easy" questions, lo on "hard" ones (mean 0.70);
// the candidate loses 3 points on the easy ones.
console.log('\nexact McNemar, 1,000 questions, baseline 70%, alpha 0.05 (2,000 simulated pairs each):');
console.log('same-model disagreement  power (3-point drop)  false positives (no change)');
const sim = mulberry32(2);
for (const [hi, lo] of [[0.99, 0.01], [0.98, 0.03], [0.95, 0.08], [0.9, 0.15], [0.8, 0.45]] as const) {
  const w = (0.7 - lo) / (hi - lo);
  const N = 1000;
  const easy = Math.round(w * N);
  const p = Array.from({ length: N }, (_, i) => (i < easy ? hi : lo));
  const q = p.map((x, i) => (i < easy ? x - (0.03 * N) / easy : x));
  const disagreement = (2 * (easy * hi * (1 - hi) + (N - easy) * lo * (1 - lo))) / N;
  const rate = (a: number[], b: number[]) => {
    let hits = 0;
    for (let t = 0; t < 2000; t++) {
      let bc = 0, cb = 0;
      for (let i = 0; i < N; i++) {
        const x = sim() < a[i], y = sim() < b[i];
        if (x && !y) bc++; else if (y && !x) cb++;
      }
      if (mcnemarExact(bc, cb) <= 0.05) hits++;
    }
    return hits / 2000;
  };
  console.log(`${(disagreement * 100).toFixed(1).padStart(22)}%  ${(rate(p, q) * 100).toFixed(1).padStart(19)}%  ${(rate(p, p) * 100).toFixed(1).padStart(26)}%`);
}
