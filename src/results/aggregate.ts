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
 * - `groups[field][value]` breaks the headline metric down by a metadata field; samples
 *   whose field is missing or null are left out of that breakdown.
 * - `usage` is the sum of the samples' usage (per-benchmark `prepare` work is not in it).
 */
import { bootstrapMeanCI, mean, standardError } from '../metrics/bootstrap.js';
import type { BenchmarkResult, CallUsage, GroupResult, SampleRecord } from '../types/results.js';

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
    result.metrics = {};
    for (const key of [...metricKeys].sort(byCodeUnits)) {
      const values = own.map((s) => s.scores?.[key] ?? 0);
      result.metrics[key] = { value: mean(values), ci95: bootstrapMeanCI(values, seed, `${benchmark}:${key}`) };
    }
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
    out[name] = {
      metric: metrics.join('+'),
      value: mean(present.map((b) => results[b].value)),
      benchmarks: present,
      size: members.length,
    };
  }
  return out;
}
