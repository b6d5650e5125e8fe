import { rngFor } from '../util/rng.js';

export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Standard error of the mean (sample standard deviation / sqrt(n)). */
export function standardError(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (n - 1) / n);
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The 2.5th and 97.5th percentiles (linear interpolation) of bootstrap statistics; sorts them in place. */
export function percentileInterval(stats: Float64Array): [number, number] {
  stats.sort();
  return [percentile(stats, 0.025), percentile(stats, 0.975)];
}

/**
 * Percentile bootstrap 95% interval of the mean, seeded so the same values and seed
 * always give the same interval. 1,000 resamples by default.
 */
export function bootstrapMeanCI(
  values: readonly number[],
  seed: number,
  label = '',
  resamples = 1000,
): [number, number] {
  const n = values.length;
  if (n === 0) return [0, 0];
  const rng = rngFor(seed, 'bootstrap', label);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(rng() * n)];
    means[r] = sum / n;
  }
  return percentileInterval(means);
}
