/**
 * Known-truth simulations: does compare find real regressions, and stay quiet on noise?
 * Every trial draws fresh per-question outcomes from fixed per-question probabilities
 * (seeded, so the measured rates are the same on every run of the suite).
 */
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../src/compare/compare-runs.js';
import type { SampleRecord } from '../src/types/results.js';
import { mulberry32, type Rng } from '../src/util/rng.js';
import { loaded, sample } from './compare-fixtures.js';

function mcqaRun(benchmark: string, probs: readonly number[], rng: Rng): SampleRecord[] {
  return probs.map((q, i) => sample(benchmark, `q${String(i).padStart(4, '0')}`, { score: rng() < q ? 1 : 0 }));
}

function flaggedRate(trials: number, make: (rng: Rng) => [SampleRecord[], SampleRecord[]], metric: string, seed: number) {
  const rng = mulberry32(seed);
  let regressed = 0;
  let flagged = 0;
  for (let t = 0; t < trials; t++) {
    const [base, cand] = make(rng);
    const c = compareRuns(loaded(base, { cheap: true, metrics: { b: metric } }), loaded(cand, { cheap: true, metrics: { b: metric } }), { seed: t });
    if (c.regressed.length > 0) regressed++;
    if (c.regressed.length + c.improved.length > 0) flagged++;
  }
  return { regressed: regressed / trials, flagged: flagged / trials };
}

describe('accuracy (exact McNemar) on 1,000 questions, baseline 70%', () => {
  // 705 "easy" questions answered right with p = 0.98, 295 "hard" ones with p = 0.03 (mean 0.70):
  // two runs of one model disagree on ~7% of questions, typical of greedy decoding after a
  // checkpoint or serving change.
  const N = 1000;
  const EASY = 705;
  const base = Array.from({ length: N }, (_, i) => (i < EASY ? 0.98 : 0.03));

  it('detects a real 3-point drop in most trials', () => {
    // Candidate: the easy questions lose 3·N/EASY = 4.3 points each → mean exactly 3 points lower.
    // Power calculation: ~74 discordant pairs expected, E[c − b] = 30, z ≈ 30/√74 ≈ 3.5; the
    // exact test's power measured over 20,000 simulated pairs is 0.93, so ≥ 80 of 100 holds
    // unless a 1-in-10,000 run of bad luck.
    const cand = base.map((q, i) => (i < EASY ? q - (0.03 * N) / EASY : q));
    const rate = flaggedRate(100, (rng) => [mcqaRun('b', base, rng), mcqaRun('b', cand, rng)], 'accuracy', 1);
    console.log(`3-point drop on 1,000 questions: regression detected in ${(rate.regressed * 100).toFixed(0)}% of 100 trials`);
    expect(rate.regressed).toBeGreaterThanOrEqual(0.8);
    expect(rate.flagged).toBe(rate.regressed); // never called an improvement
  });

  it('flags identical models with different sampling seeds in at most alpha of 200 trials', () => {
    // Same per-question probabilities (spread 0.4–1.0, mean 0.7, ~36% disagreement), independent draws.
    const probs = Array.from({ length: N }, (_, i) => 0.4 + 0.6 * ((i * 0.618034) % 1));
    const rate = flaggedRate(200, (rng) => [mcqaRun('b', probs, rng), mcqaRun('b', probs, rng)], 'accuracy', 2);
    console.log(`identical models, different seeds: flagged (either way) in ${(rate.flagged * 100).toFixed(1)}% of 200 trials (alpha 0.05)`);
    // Expected ≤ 0.05 (the exact test is conservative: 0.046 over 20,000 trials); 0.08 is 2.3 sd above.
    expect(rate.flagged).toBeLessThanOrEqual(0.08);
  });
});

describe('ROUGE (paired bootstrap) on 150 notes', () => {
  const N = 150;
  // Each note has its own difficulty; each run adds independent sampling noise.
  const level = Array.from({ length: N }, (_, i) => 0.15 + 0.45 * ((i * 0.754877) % 1));
  const draw = (rng: Rng, shift: number): SampleRecord[] =>
    level.map((m, i) => {
      const noise = (rng() + rng() + rng() - 1.5) * 0.2; // sd ≈ 0.1
      return sample('b', `n${i}`, { score: Math.min(1, Math.max(0, m + shift + noise)) }, 'open');
    });

  it('detects a 3-point (0.03) ROUGE-1 drop in most trials', () => {
    // sd of a paired difference ≈ 0.14, so se(mean) ≈ 0.0115 and z ≈ 2.6 → power ≈ 0.74.
    const rate = flaggedRate(60, (rng) => [draw(rng, 0), draw(rng, -0.03)], 'rouge1', 3);
    console.log(`ROUGE-1 drop of 0.03 on 150 notes: detected in ${(rate.regressed * 100).toFixed(0)}% of 60 trials`);
    expect(rate.regressed).toBeGreaterThanOrEqual(0.55);
  });

  it('flags identical models in about alpha of the trials', () => {
    const rate = flaggedRate(100, (rng) => [draw(rng, 0), draw(rng, 0)], 'rouge1', 4);
    console.log(`ROUGE identical models: flagged in ${(rate.flagged * 100).toFixed(0)}% of 100 trials (alpha 0.05)`);
    expect(rate.flagged).toBeLessThanOrEqual(0.1);
  });
});
