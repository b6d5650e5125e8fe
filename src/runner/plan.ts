import { readFileSync } from 'node:fs';
import type { ResolvedRunOptions } from '../config/load-config.js';
import { getSuites, loadBenchmark, type LoadOptions } from '../datasets/index.js';
import type { DatasetProvenance, RunSpec } from '../types/results.js';
import { sha256, stableStringify } from '../util/hash.js';
import { inShard, parseShard, type Shard } from '../util/shard.js';
import { UserError } from '../util/errors.js';
import { loadTemplate } from '../strategies/templates.js';
import type { BenchmarkTask } from './execute-run.js';

export interface LoadedTasks {
  tasks: BenchmarkTask[];
  datasets: Record<string, DatasetProvenance>;
}

/** Loads each benchmark's eval split, then keeps the first `--limit` samples and this `--shard`. */
export async function loadTasks(ids: string[], loadOptions: LoadOptions, limit?: number, shard?: Shard): Promise<LoadedTasks> {
  const tasks: BenchmarkTask[] = [];
  const datasets: Record<string, DatasetProvenance> = {};
  for (const id of ids) {
    const { spec, samples, provenance } = await loadBenchmark(id, loadOptions);
    let selected = limit ? samples.slice(0, limit) : samples;
    if (shard) selected = selected.filter((s) => inShard(s.id, s.benchmark, shard.index, shard.count));
    tasks.push({ id, metric: spec.metric, groups: spec.groups ?? [], prompt: spec.prompt, maxTokens: spec.maxTokens, stop: spec.stop, samples: selected });
    datasets[id] = provenance;
  }
  return { tasks, datasets };
}

export function systemPromptText(file: string | undefined): string {
  if (!file) return loadTemplate('system-aloe').trim();
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new UserError(`cannot read --system-prompt ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Strategy options recorded in run.json (they change results); machine-local paths stay out. */
export function strategyOptions(opts: ResolvedRunOptions): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of ['k', 'ensembleSize', 'ensembleStop', 'pool', 'retriever', 'embeddingsModel', 'fewshot'] as const) {
    if (opts[key] !== undefined) picked[key] = opts[key];
  }
  return picked;
}

export function buildSpec(opts: ResolvedRunOptions, benchmarks: string[], strategy: string, model: string): RunSpec {
  return {
    benchmarks,
    ...(opts.suite ? { suite: opts.suite } : {}),
    strategy: { name: strategy, options: strategyOptions(opts) },
    model,
    temperature: opts.temperature,
    maxTokens: opts.maxTokens,
    seed: opts.seed,
    ...(opts.limit ? { limit: opts.limit } : {}),
    ...(opts.shard ? { shard: parseShard(opts.shard) } : {}),
    concurrency: opts.concurrency,
    timeoutS: opts.timeout,
    api: opts.api,
  };
}

/**
 * What decides the results: the spec minus concurrency and timeout, plus the system prompt.
 * The model enters as requested (`--model`, or none), so a resume against a server that now
 * serves another model is found — and then refused by the served-model check.
 */
export function specHash(spec: RunSpec, requestedModel: string | undefined, systemPrompt: string): string {
  const { concurrency: _c, timeoutS: _t, model: _m, ...decisive } = spec;
  return sha256(stableStringify({ decisive, requestedModel: requestedModel ?? null, systemPrompt })).slice(0, 16);
}

export function suitesFor(benchmarks: string[]): Record<string, readonly string[]> {
  const suites = getSuites();
  return Object.fromEntries(Object.entries(suites).filter(([, members]) => members.some((m) => benchmarks.includes(m))));
}
