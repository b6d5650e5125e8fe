/**
 * Per-benchmark aggregation of sample records into the `results` object of run.json.
 * ONE function used by both the runner and `aloe-eval merge`, so a merged set of shards
 * gives exactly (byte for byte) the numbers of the unsharded run: samples are put in a
 * canonical order first, and every key of the output is emitted in a fixed order.
 *
 * Conventions:
 * - `n` counts every sample of the benchmark, errored ones included; `value` is the mean
 *   of `score` over all of them (the runner gives an errored or unparsed sample score 0,
 *   so it counts as wrong — a flaky endpoint can never raise a score).
 * - `metrics` holds the mean of every key found in any sample's `scores`; a sample that
 *   lacks the key (an errored one) counts 0 there too.
 * - A `scores` key `name@field` is a weighted mean, reported as `name`: each sample weighs
 *   `metadata[field]` (IFEval's instruction-level accuracy: `inst_level_strict_acc@instructions`
 *   pools instructions over prompts). An errored sample still weighs, with value 0.
 * - `groups[field][value]` breaks the headline metric down by a metadata field; samples
 *   whose field is missing or null are left out of that breakdown.
 * - `usage` is the sum of the samples' usage (per-benchmark `prepare` work is not in it).
 * - Extraction counts (`<name>_tp`, `<name>_fp`, `<name>_fn` in `scores`, e.g. BioRED's
 *   `relations_*`) also give micro `<name>_precision`, `<name>_recall`, `<name>_f1` from the summed
 *   counts. An errored sample has no counts: its gold items (metadata `gold_<name>`) count as missed.
 */
import { bootstrapMeanCI, mean, standardError } from '../metrics/bootstrap.js';
import { microScores, microScoresCI } from '../metrics/micro-f1.js';
import type { BenchmarkResult, CallUsage, GroupResult, SampleRecord } from '../types/results.js';
import { safetyResult } from './safety-aggregate.js';

/** Plain code-unit comparison: the same on every machine and locale (unlike localeCompare). */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Canonical sample order: by benchmark, then id. samples.jsonl of a merged run is written in it. */
export function compareSamples(a: Pick<SampleRecord, 'benchmark' | 'id'>, b: Pick<SampleRecord, 'benchmark' | 'id'>): number {
  return byCodeUnits(a.benchmark, b.benchmark) || byCodeUnits(a.id, b.id);
}

export function sortSamples<T extends Pick<SampleRecord, 'benchmark' | 'id'>>(samples: readonly T[]): T[] {
  return samples.slice().sort(compareSamples);
}

function sumUsage(samples: readonly SampleRecord[]): CallUsage {
  const usage: CallUsage = { promptTokens: 0, completionTokens: 0, calls: 0 };
  for (const s of samples) {
    usage.promptTokens += s.usage?.promptTokens ?? 0;
    usage.completionTokens += s.usage?.completionTokens ?? 0;
    usage.calls += s.usage?.calls ?? 0;
  }
  return usage;
}

function groupBreakdown(
  benchmark: string,
  field: string,
  samples: readonly SampleRecord[],
  seed: number,
): Record<string, GroupResult> | undefined {
  const byValue = new Map<string, number[]>();
  for (const s of samples) {
    const v = s.metadata?.[field];
    if (v === undefined || v === null) continue;
    const key = String(v);
    let list = byValue.get(key);
    if (!list) byValue.set(key, (list = []));
    list.push(s.score);
  }
  if (byValue.size === 0) return undefined;
  const out: Record<string, GroupResult> = {};
  for (const key of [...byValue.keys()].sort(byCodeUnits)) {
    const scores = byValue.get(key)!;
    out[key] = { value: mean(scores), n: scores.length, ci95: bootstrapMeanCI(scores, seed, `${benchmark}/${field}=${key}`) };
  }
  return out;
}

/** Micro P/R/F1 for every `<name>_tp` count key that has its `_fp` and `_fn` siblings. */
function addMicroMetrics(
  metrics: NonNullable<BenchmarkResult['metrics']>,
  benchmark: string,
  own: readonly SampleRecord[],
  keys: ReadonlySet<string>,
  seed: number,
): void {
  for (const key of keys) {
    const name = key.endsWith('_tp') ? key.slice(0, -3) : undefined;
    if (name === undefined || !keys.has(`${name}_fp`) || !keys.has(`${name}_fn`)) continue;
    const rows = own.map((s) => {
      const sc = s.scores;
      const goldMissed = Number(s.metadata?.[`gold_${name}`] ?? 0) || 0;
      return sc ? { tp: sc[`${name}_tp`] ?? 0, fp: sc[`${name}_fp`] ?? 0, fn: sc[`${name}_fn`] ?? 0 } : { tp: 0, fp: 0, fn: goldMissed };
    });
    const value = microScores(rows);
    const ci = microScoresCI(rows, seed, `${benchmark}:${name}_micro`);
    for (const part of ['f1', 'precision', 'recall'] as const) metrics[`${name}_${part}`] = { value: value[part], ci95: ci[part] };
  }
}

/**
 * Values whose plain mean is the weighted mean Σ wᵢvᵢ / Σ wᵢ (each vᵢ·wᵢ·n / Σ w), so the
 * usual bootstrap gives its interval (with the total weight held fixed).
 */
function weightedValues(samples: readonly SampleRecord[], key: string, weightField: string): number[] {
  const weights = samples.map((s) => {
    const w = s.metadata?.[weightField];
    return typeof w === 'number' && w > 0 ? w : 0;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  return samples.map((s, i) => (total > 0 ? ((s.scores?.[key] ?? 0) * weights[i] * samples.length) / total : 0));
}

/**
 * Aggregates one benchmark's samples (any order; records of other benchmarks are ignored),
 * broken down by `groupFields` (the benchmark spec's `groups`).
 *
 * @example
 *   results[task.id] = aggregateBenchmark(task.id, 'accuracy', samples, spec.seed, task.groups);
 */
export function aggregateBenchmark(
  benchmark: string,
  metric: string,
  samples: readonly SampleRecord[],
  seed: number,
  groupFields: readonly string[],
): BenchmarkResult {
  const own = sortSamples(samples.filter((s) => s.benchmark === benchmark));
  const scores = own.map((s) => s.score);
  const errored = own.filter((s) => s.error);

  const result: BenchmarkResult = {
    metric,
    value: mean(scores),
    n: own.length,
    unparsed: own.filter((s) => s.unparsed === true).length,
    errors: errored.length,
    stderr: standardError(scores),
    ci95: bootstrapMeanCI(scores, seed, benchmark),
    usage: sumUsage(own),
  };

  const metricKeys = new Set<string>();
  for (const s of own) for (const k of Object.keys(s.scores ?? {})) metricKeys.add(k);
  if (metricKeys.size > 0) {
    const metrics: NonNullable<BenchmarkResult['metrics']> = {};
    for (const key of [...metricKeys].sort(byCodeUnits)) {
      const [name, weightField] = key.split('@');
      const values = weightField === undefined ? own.map((s) => s.scores?.[key] ?? 0) : weightedValues(own, key, weightField);
      metrics[name] = { value: mean(values), ci95: bootstrapMeanCI(values, seed, `${benchmark}:${name}`) };
    }
    addMicroMetrics(metrics, benchmark, own, metricKeys, seed);
    result.metrics = Object.fromEntries(Object.keys(metrics).sort(byCodeUnits).map((k) => [k, metrics[k]]));
  }

  const groups: Record<string, Record<string, GroupResult>> = {};
  for (const field of [...new Set(groupFields)].sort(byCodeUnits)) {
    const g = groupBreakdown(benchmark, field, own, seed);
    if (g) groups[field] = g;
  }
  if (Object.keys(groups).length > 0) result.groups = groups;

  if (errored.length > 0) {
    const kinds: Record<string, number> = {};
    for (const s of errored) kinds[s.error!.kind] = (kinds[s.error!.kind] ?? 0) + 1;
    result.errorKinds = Object.fromEntries(Object.keys(kinds).sort(byCodeUnits).map((k) => [k, kinds[k]]));
  }
  // Safety rates each have their own denominator: the generic per-key means above count every
  // sample outside it as 0, so safety benchmarks replace them with their own block and headline.
  return own.some((s) => s.kind === 'safety') ? withSafety(result, benchmark, metric, own, seed, groupFields) : result;
}

/** The headline (value, CI, per-group values) becomes the benchmark's own safety rate, lower is better. */
function withSafety(
  base: BenchmarkResult,
  benchmark: string,
  metric: string,
  own: readonly SampleRecord[],
  seed: number,
  groupFields: readonly string[],
): BenchmarkResult {
  const safety = safetyResult(benchmark, own, seed, groupFields[0]);
  const headline = safety.metrics[metric];
  const { metrics: _generic, groups: _groups, ...rest } = base;
  const result: BenchmarkResult = { ...rest, value: headline?.value ?? 0, ci95: headline?.ci95 ?? [0, 0], direction: 'lower', safety };
  const indicators = own.filter((s) => !s.error && s.scores?.[metric] !== undefined).map((s) => s.scores![metric]);
  result.stderr = standardError(indicators);
  const groups: Record<string, Record<string, GroupResult>> = {};
  for (const field of [...new Set(groupFields)].sort(byCodeUnits)) {
    const g = groupBreakdown(benchmark, field, own.filter((s) => !s.error && s.scores?.[metric] !== undefined), seed);
    if (g) groups[field] = g;
  }
  if (Object.keys(groups).length > 0) result.groups = groups;
  return result;
}

export interface SuiteAverage {
  metric: string;
  value: number;
  /** The members the average is over (those the run has). */
  benchmarks: string[];
  /** How many benchmarks the suite has; more than `benchmarks.length` means a partial average. */
  size: number;
}

/**
 * Macro-average of the headline metric over each suite's benchmarks present in `results`
 * (suites with none present are left out). A suite mixing metrics reports them joined by "+".
 *
 * @example
 *   run.suites = suiteAverages(run.results, { mcqa: ['medqa', 'medmcqa'] });
 */
export function suiteAverages(
  results: Record<string, BenchmarkResult>,
  suites: Record<string, readonly string[]>,
): Record<string, SuiteAverage> {
  const out: Record<string, SuiteAverage> = {};
  for (const [name, members] of Object.entries(suites)) {
    const present = members.filter((b) => results[b] !== undefined);
    if (present.length === 0) continue;
    const metrics = [...new Set(present.map((b) => results[b].metric))];
    // Averaging harmful compliance with over-refusal means nothing: such a suite gets no average.
    if (metrics.length > 1 && present.some((b) => results[b].direction === 'lower')) continue;
    out[name] = {
      metric: metrics.join('+'),
      value: mean(present.map((b) => results[b].value)),
      benchmarks: present,
      size: members.length,
    };
  }
  return out;
}
