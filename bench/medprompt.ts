/**
 * Medprompt figures (issue 3), printed to stdout:
 *
 *  knn       kNN over a pool of 200,000 items × 1,024-dim embeddings (MedMCQA-train scale): memory
 *            of the index (RSS, heap, array buffers), build time, time for 4,183 queries (MedMCQA
 *            validation) on one thread, and recall@5 against an exact float brute force.
 *  ensemble  The adaptive choice-shuffle ensemble on a simulated model of 60–70 % accuracy whose
 *            calls are correlated through per-question difficulty: average calls per question and
 *            accuracy for never / decided / agree2, paired against the full vote on the same
 *            questions (discordant pairs, exact McNemar test, Δ accuracy with a 95 % interval).
 *
 * Run: npx tsx bench/medprompt.ts [knn] [ensemble] [--quick]   (node --expose-gc --import tsx … for steadier memory figures)
 * The embeddings are synthetic (topic structure, a shared offset like real embedding models, near
 * copies); recall on real embeddings may differ — the exact rerank keeps scores exact either way.
 */
import { mcnemarExact } from '../src/metrics/mcnemar.js';
import { firstBatchSize, stopReason, type EnsembleStop } from '../src/strategies/ensemble/adaptive-stop.js';
import { shufflePermutations } from '../src/strategies/ensemble/choice-shuffle.js';
import { KnnIndexBuilder } from '../src/strategies/retrieval/knn-index.js';
import { pluralityVote } from '../src/strategies/ensemble/vote.js';
import { availableParallelism, loadavg } from 'node:os';
import { mulberry32, rngFor, type Rng } from '../src/util/rng.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sections = args.filter((a) => !a.startsWith('--'));
const want = (name: string) => sections.length === 0 || sections.includes(name);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(rng() || 1e-12)) * Math.cos(2 * Math.PI * rng());
}

// ---------------------------------------------------------------------------------------------
// kNN

function knnBench(): void {
  const N = quick ? 50_000 : 200_000;
  const D = 1024;
  const Q = 4183;
  const TOPICS = 500;
  const SUBTOPICS = 10;
  const s = 1 / Math.sqrt(D);
  const rng0 = mulberry32(9);
  const centre = () => Float32Array.from({ length: D }, () => gaussian(rng0) * s);
  const offset = centre();
  const topics = Array.from({ length: TOPICS }, centre);
  const subtopics = Array.from({ length: TOPICS * SUBTOPICS }, centre);
  // item = shared offset + topic + subtopic + its own direction. The nearest items of a new
  // question sit at cosine ~0.57 with many near ties below them: a hard case for a coarse screen.
  const vector = (sub: number, rng: Rng, out = new Float32Array(D)): Float32Array => {
    const t = topics[Math.floor(sub / SUBTOPICS)];
    const u = subtopics[sub];
    for (let j = 0; j < D; j++) out[j] = 0.5 * offset[j] + 0.55 * t[j] + 0.35 * u[j] + 0.75 * gaussian(rng) * s;
    return out;
  };
  const item = (i: number, out?: Float32Array) => vector(Math.floor(mulberry32(i * 31 + 7)() * TOPICS * SUBTOPICS), mulberry32(i + 99), out);
  // queries: 1 in 5 a reworded copy of a pool item, the others new questions on some subtopic
  const query = (q: number): Float32Array => {
    const rng = mulberry32(q + 5555);
    if (q % 5 === 0) {
      const v = item(Math.floor(rng() * N));
      for (let j = 0; j < D; j++) v[j] += 0.3 * gaussian(rng) * s;
      return v;
    }
    return vector(Math.floor(rng() * TOPICS * SUBTOPICS), rng);
  };

  globalThis.gc?.();
  const before = process.memoryUsage();
  let t0 = performance.now();
  const builder = new KnnIndexBuilder(D, N);
  const scratch = new Float32Array(D);
  for (let i = 0; i < N; i++) builder.add(item(i, scratch));
  const tAdd = performance.now() - t0;
  t0 = performance.now();
  const index = builder.finish();
  const tFinish = performance.now() - t0;
  globalThis.gc?.();
  const after = process.memoryUsage();

  const queries = Array.from({ length: Q }, (_, q) => query(q));
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const results = queries.map((q) => index.search(q, 5));
  const tQuery = performance.now() - t0;
  const cpuQuery = process.cpuUsage(cpu0).user / 1000;

  // Exact float brute force for a sample of queries (streams the pool again, nothing stored).
  const G = quick ? 20 : 40;
  const probe = queries.slice(0, G).map((q) => {
    const n = Math.hypot(...q);
    return q.map((x) => x / n);
  });
  const exact: { i: number; s: number }[][] = probe.map(() => []);
  for (let i = 0; i < N; i++) {
    const v = item(i, scratch);
    let nv = 0;
    for (let j = 0; j < D; j++) nv += v[j] * v[j];
    nv = Math.sqrt(nv);
    probe.forEach((q, g) => {
      let d = 0;
      for (let j = 0; j < D; j++) d += q[j] * v[j];
      d /= nv;
      const top = exact[g];
      if (top.length < 5 || d > top[4].s) {
        top.push({ i, s: d });
        top.sort((a, b) => b.s - a.s);
        if (top.length > 5) top.pop();
      }
    });
  }
  let hits = 0;
  let scoreGap = 0;
  probe.forEach((_, g) => {
    const got = new Set(results[g].map((r) => r.index));
    for (const e of exact[g]) if (got.has(e.i)) hits++;
    scoreGap += exact[g].reduce((a, e) => a + e.s, 0) / 5 - results[g].reduce((a, r) => a + r.score, 0) / 5;
  });

  console.log(`kNN: pool ${N.toLocaleString()} × ${D} dims (synthetic), ${Q} queries, k = 5`);
  console.log(`  memory: RSS ${mb(after.rss)} (${mb(before.rss)} before the index; the generator's centres take ~22 MiB), heap ${mb(after.heapUsed)}, array buffers ${mb(after.arrayBuffers)} (16-bit rows + scales; bit codes in wasm memory)`);
  console.log(`  build: ${(tAdd / 1000).toFixed(1)} s adding (incl. generating the vectors), ${(tFinish / 1000).toFixed(1)} s bit codes; exhaustive: ${index.exact}`);
  console.log(`  ${Q} queries on one thread: ${(tQuery / 1000).toFixed(2)} s wall, ${(cpuQuery / 1000).toFixed(2)} s CPU (${((cpuQuery / Q) * 1000).toFixed(0)} µs CPU per query); load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
  console.log(`  recall@5 vs exact float search (${G} queries): ${((100 * hits) / (5 * G)).toFixed(1)} %, mean top-5 cosine shortfall ${(scoreGap / G).toFixed(5)}`);
}

// ---------------------------------------------------------------------------------------------
// Adaptive ensemble

interface SimQuestion {
  /** Probability that one call answers correctly (the question's difficulty). */
  p: number;
  /** The wrong option a wrong call prefers. */
  lure: string;
  /** How strongly wrong calls go to the lure rather than spread out. */
  lureWeight: number;
}

const KEYS = ['A', 'B', 'C', 'D'];
const GOLD = 'A'; // original key of the gold option; the display order is shuffled per call

function beta(rng: Rng, a: number, b: number): number {
  // Jöhnk-free: ratio of gammas via Marsaglia–Tsang (a, b ≥ 1 after boosting)
  const gamma = (k: number): number => {
    if (k < 1) return gamma(k + 1) * Math.pow(rng() || 1e-12, 1 / k);
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = gaussian(rng);
      const v = Math.pow(1 + c * x, 3);
      if (v > 0 && Math.log(rng() || 1e-12) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  const x = gamma(a);
  return x / (x + gamma(b));
}

/**
 * One simulated call: right with the question's p; else unparsed (2 %), else the display
 * position A (position bias, 10 %), else the question's lure (real models' wrong answers
 * concentrate on one distractor) or another wrong option.
 */
function simulatedCall(q: SimQuestion, order: string[], rng: Rng): string | null {
  if (rng() < q.p) return GOLD;
  if (rng() < 0.02) return null;
  if (rng() < 0.1) return order[0];
  if (rng() < q.lureWeight) return q.lure;
  const wrong = KEYS.filter((k) => k !== GOLD);
  return wrong[Math.floor(rng() * wrong.length)];
}

function ensembleBench(): void {
  const N = 4183; // MedMCQA validation
  const reps = quick ? 4 : 20;
  const size = 5;
  const rules: EnsembleStop[] = ['never', 'decided', 'agree2'];
  // Per-question probability of a right call ~ Beta(mean, concentration): a low concentration means
  // questions are mostly always-right or always-wrong (calls strongly correlated), as for real
  // models, whose published shuffle-ensemble gains are a few points; high ones are stress tests.
  const scenarios = [
    { name: 'published-like, ensemble gain of a few points (Beta concentration 0.7)', mean: 0.64, conc: 0.7 },
    { name: 'strongly correlated (concentration 1.5)', mean: 0.62, conc: 1.5 },
    { name: 'moderately correlated (concentration 4)', mean: 0.62, conc: 4 },
    { name: 'weakly correlated, stress test (concentration 12)', mean: 0.6, conc: 12 },
  ];
  console.log(`\nAdaptive ensemble: ${size} calls, ${N} questions × ${reps} simulated benchmarks per scenario; paired against the full vote`);
  for (const sc of scenarios) {
    const tally = Object.fromEntries(rules.map((r) => [r, { calls: 0, right: 0, lost: 0, gained: 0 }]));
    let singleRight = 0;
    let threeRight = 0;
    const reseedDelta: number[] = [];
    let reseedDiscordant = 0;
    const perRepDelta: Record<string, number[]> = Object.fromEntries(rules.map((r) => [r, []]));
    for (let rep = 0; rep < reps; rep++) {
      const qrng = rngFor(rep, 'questions', sc.name);
      const repTally = Object.fromEntries(rules.map((r) => [r, { lost: 0, gained: 0 }]));
      let reseedNet = 0;
      for (let i = 0; i < N; i++) {
        const q: SimQuestion = { p: beta(qrng, sc.mean * sc.conc, (1 - sc.mean) * sc.conc), lure: KEYS[1 + Math.floor(qrng() * 3)], lureWeight: beta(qrng, 3, 1) };
        const orders = shufflePermutations(KEYS, size, rngFor(rep, 'shuffle', i));
        const callRng = rngFor(rep, 'calls', i);
        // The same calls for every rule: a stopped ensemble is a prefix of the full one.
        const answers = orders.map((o) => simulatedCall(q, o, callRng));
        if (answers[0] === GOLD) singleRight++;
        const fullRight = pluralityVote(answers, KEYS).answer === GOLD;
        if (pluralityVote(answers.slice(0, 3), KEYS).answer === GOLD) threeRight++;
        // The same question asked again with another seed: the full vote's own run-to-run noise.
        const againRng = rngFor(rep + 1000, 'calls', i);
        const again = shufflePermutations(KEYS, size, rngFor(rep + 1000, 'shuffle', i)).map((o) => simulatedCall(q, o, againRng));
        const againRight = pluralityVote(again, KEYS).answer === GOLD;
        if (againRight !== fullRight) reseedDiscordant++;
        reseedNet += +againRight - +fullRight;
        for (const rule of rules) {
          let used = firstBatchSize(rule, size);
          while (stopReason(rule, answers.slice(0, used), size) === null) used++;
          const right = pluralityVote(answers.slice(0, used), KEYS).answer === GOLD;
          const t = tally[rule];
          t.calls += used;
          t.right += +right;
          if (fullRight && !right) (t.lost++, repTally[rule].lost++);
          if (!fullRight && right) (t.gained++, repTally[rule].gained++);
        }
      }
      for (const rule of rules) perRepDelta[rule].push((repTally[rule].gained - repTally[rule].lost) / N);
      reseedDelta.push(reseedNet / N);
    }
    const total = N * reps;
    const sd = Math.sqrt(reseedDelta.reduce((a, d) => a + d * d, 0) / reseedDelta.length);
    console.log(
      `  ${sc.name}: one call ${((100 * singleRight) / total).toFixed(1)} %, vote of 3 ${((100 * threeRight) / total).toFixed(1)} %, ` +
        `vote of 5 ${((100 * tally.never.right) / total).toFixed(1)} %; re-seeding the full vote changes ${(reseedDiscordant / reps).toFixed(0)} outcomes ` +
        `and accuracy by ±${(100 * sd).toFixed(2)} pts (RMS)`,
    );
    for (const rule of rules) {
      const t = tally[rule];
      const deltas = perRepDelta[rule];
      const mean = deltas.reduce((a, d) => a + d, 0) / deltas.length;
      const worst = Math.min(...deltas);
      // per-benchmark (n = 4,183) paired test on the pooled discordant rates, scaled to one benchmark
      const b = t.lost / reps;
      const c = t.gained / reps;
      console.log(
        `    ${rule.padEnd(8)} calls/q ${(t.calls / total).toFixed(2)}  accuracy ${((100 * t.right) / total).toFixed(2)} %  ` +
          `Δ vs full ${(100 * mean).toFixed(2)} pts (worst of ${reps}: ${(100 * worst).toFixed(2)})  ` +
          `per benchmark: ${b.toFixed(1)} lost / ${c.toFixed(1)} gained, McNemar p ${mcnemarExact(Math.round(b), Math.round(c)).toFixed(2)}`,
      );
    }
  }
  const halfWidth = 1.96 * Math.sqrt((0.65 * 0.35) / N);
  console.log(`  noise: the 95 % interval of one accuracy on ${N} questions is ±${(100 * halfWidth).toFixed(1)} pts`);
}

if (want('knn')) knnBench();
if (want('ensemble')) ensembleBench();
