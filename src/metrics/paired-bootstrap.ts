import { rngFor } from '../util/rng.js';

export interface PairedBootstrapResult {
  /** Mean of candidate − baseline over the pairs. */
  diff: number;
  /** Percentile 95% interval of the mean paired difference. */
  ci95: [number, number];
  /** Two-sided p-value of H0: mean difference = 0. */
  p: number;
  resamples: number;
}

function percentile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Paired bootstrap for continuous per-question scores (ROUGE): resample question indices
 * with replacement, keeping each question's two scores together, and recompute the mean
 * difference. The p-value uses the bootstrap distribution shifted to the null (mean 0):
 * p = (1 + #{|d* − d̂| ≥ |d̂|}) / (B + 1), which never reports p = 0 from a finite sample.
 * Seeded: the same inputs, seed and label give the same answer on every machine.
 *
 * @example
 *   pairedBootstrap(baseRouge, candRouge, 42, 'meqsum') // { diff: -0.012, ci95: [...], p: 0.03, ... }
 */
export function pairedBootstrap(
  baseline: readonly number[],
  candidate: readonly number[],
  seed: number,
  label = '',
  resamples = 10_000,
): PairedBootstrapResult {
  if (baseline.length !== candidate.length) {
    throw new RangeError(`pairedBootstrap: ${baseline.length} baseline scores but ${candidate.length} candidate scores`);
  }
  const n = baseline.length;
  if (n === 0) return { diff: 0, ci95: [0, 0], p: 1, resamples };
  const d = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    d[i] = candidate[i] - baseline[i];
    total += d[i];
  }
  const diff = total / n;
  const rng = rngFor(seed, 'paired-bootstrap', label);
  const means = new Float64Array(resamples);
  let extreme = 0;
  // Tolerance: with all-equal differences every resample equals d̂ exactly but float sums may wobble.
  const eps = 1e-12;
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += d[Math.floor(rng() * n)];
    const m = sum / n;
    means[r] = m;
    if (Math.abs(m - diff) >= Math.abs(diff) - eps) extreme++;
  }
  means.sort();
  return { diff, ci95: [percentile(means, 0.025), percentile(means, 0.975)], p: Math.min(1, (1 + extreme) / (resamples + 1)), resamples };
}
