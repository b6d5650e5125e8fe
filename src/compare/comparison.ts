/**
 * What `aloe-eval compare` produces: the `--json` output is this object, and the console
 * and markdown renderers draw nothing else. Values and differences are in metric units
 * (0–1); renderers show them ×100 ("points"). `minEffect` is in points.
 */
export const COMPARE_SCHEMA = 'aloe-eval/compare@1';

export type Verdict = 'improved' | 'regressed' | 'unchanged';

export interface RunRef {
  dir: string;
  runId: string;
  /** Model the server reported serving. */
  model: string;
  strategy: string;
  finishedAt?: string;
}

export interface BenchmarkComparison {
  benchmark: string;
  metric: string;
  /** Exact McNemar for accuracy, paired bootstrap for any other metric. */
  test: 'mcnemar-exact' | 'paired-bootstrap';
  /** Newcombe's paired score interval (accuracy) or the paired bootstrap percentile interval. */
  ciMethod: 'newcombe' | 'paired-bootstrap';
  /** Questions compared: ids in both runs, errored on neither side. */
  n: number;
  /** Mean of the metric over those n questions, each side. */
  baseline: number;
  candidate: number;
  /** candidate − baseline (negative = worse, unless `direction` is "lower"). */
  diff: number;
  /** "lower": a rise is a regression (safety rates: rows named `<benchmark>:<rate>`). Absent: higher is better. */
  direction?: 'lower';
  ci95: [number, number];
  p: number;
  /** p after the Holm correction across the compared benchmarks. */
  pHolm: number;
  /** pHolm ≤ alpha. */
  significant: boolean;
  /** Significant AND |diff| ≥ minEffect; otherwise unchanged. */
  verdict: Verdict;
  /** Why a significant difference was still called unchanged, or other remarks. */
  note?: string;
  unshared: { baselineOnly: number; candidateOnly: number };
  /** Shared ids whose sample errored (endpoint failure, …) on either side: left out of the test. */
  errored: { baseline: number; candidate: number; excluded: number };
  /** Accuracy: ids the candidate got wrong that the baseline got right (toWrong), and the reverse (toRight). */
  flips?: { toWrong: string[]; toRight: string[] };
  /** Other metrics: the questions whose score dropped most (up to 10). */
  biggestDrops?: { id: string; baseline: number; candidate: number; diff: number }[];
  /** Set when the dataset revisions differ and the comparison was forced (--allow-revision-mismatch). */
  revisionMismatch?: string;
}

export interface Comparison {
  schema: typeof COMPARE_SCHEMA;
  baseline: RunRef;
  candidate: RunRef;
  alpha: number;
  minEffect: number;
  seed: number;
  benchmarks: BenchmarkComparison[];
  /** Benchmarks present in only one of the runs. */
  skipped: { benchmark: string; reason: string }[];
  warnings: string[];
  regressed: string[];
  improved: string[];
}
