import { rngFor } from '../util/rng.js';
import { percentileInterval } from './bootstrap.js';

export interface CountRow {
  tp: number;
  fp: number;
  fn: number;
}

export interface MicroScores {
  precision: number;
  recall: number;
  f1: number;
}

/** Micro precision/recall/F1 from summed counts; 0 where a denominator is 0. */
export function microScores(rows: readonly CountRow[]): MicroScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of rows) {
    tp += r.tp;
    fp += r.fp;
    fn += r.fn;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/**
 * Percentile bootstrap 95% intervals of micro P/R/F1, resampling documents (rows), seeded like
 * bootstrapMeanCI so the same rows and seed always give the same intervals.
 */
export function microScoresCI(rows: readonly CountRow[], seed: number, label: string, resamples = 1000): Record<keyof MicroScores, [number, number]> {
  const n = rows.length;
  if (n === 0) return { precision: [0, 0], recall: [0, 0], f1: [0, 0] };
  const rng = rngFor(seed, 'bootstrap', label);
  const out = { precision: new Float64Array(resamples), recall: new Float64Array(resamples), f1: new Float64Array(resamples) };
  const sample: CountRow[] = new Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = rows[Math.floor(rng() * n)];
    const m = microScores(sample);
    out.precision[r] = m.precision;
    out.recall[r] = m.recall;
    out.f1[r] = m.f1;
  }
  return { precision: percentileInterval(out.precision), recall: percentileInterval(out.recall), f1: percentileInterval(out.f1) };
}
