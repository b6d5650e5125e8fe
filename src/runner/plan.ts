import { readFileSync } from 'node:fs';
import type { ResolvedRunOptions } from '../config/load-config.js';
import type { RunOptions } from '../config/run-options.js';
import { getSuites, loadBenchmark, type LoadOptions } from '../datasets/index.js';
import type { DatasetProvenance, RunSpec } from '../types/results.js';
import { sha256, stableStringify } from '../util/hash.js';
import { inShard, type Shard } from '../util/shard.js';
import { UserError } from '../util/errors.js';
import { loadTemplate } from '../strategies/mcqa/templates.js';
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
    tasks.push({ id, metric: spec.metric, groups: spec.groups ?? [], prompt: spec.prompt, maxTokens: spec.maxTokens, stop: spec.stop, judge: spec.judge, samples: selected });
    datasets[id] = spec.credentialed ? { ...provenance, credentialed: true } : provenance;
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

/** Strategy options recorded in run.json: the ones that change results (a --pool file is kept as given, for provenance). */
export function strategyOptions(opts: ResolvedRunOptions): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of ['k', 'ensembleSize', 'ensembleStop', 'scTemperature', 'pool', 'retriever', 'embeddingsModel', 'rerankerModel', 'rerankCandidates', 'fewshot'] as const) {
    if (opts[key] !== undefined) picked[key] = opts[key];
  }
  return picked;
}

export function buildSpec(opts: ResolvedRunOptions, benchmarks: string[], strategy: string, model: string, shard?: Shard, judgeModel?: string): RunSpec {
  return {
    benchmarks,
    ...(opts.suite ? { suite: opts.suite } : {}),
    strategy: { name: strategy, options: strategyOptions(opts) },
    model,
    temperature: opts.temperature,
    maxTokens: opts.maxTokens,
    seed: opts.seed,
    ...(opts.limit ? { limit: opts.limit } : {}),
    ...(shard ? { shard } : {}),
    concurrency: opts.concurrency,
    timeoutS: opts.timeout,
    api: opts.api,
    ...(judgeModel ? { judge: { model: judgeModel } } : {}),
  };
}

/** What decides the results: the spec (served model included) minus concurrency and timeout, plus the system prompt. */
export function specHash(spec: RunSpec, systemPrompt: string): string {
  const { concurrency: _c, timeoutS: _t, ...decisive } = spec;
  return sha256(stableStringify({ decisive, systemPrompt })).slice(0, 16);
}

/**
 * The run options a run.json was made with, so `run --resume DIR` needs no other flag (the
 * endpoint, data folder and a custom --system-prompt file are machine-local: give them again).
 */
export function optionsFromSpec(spec: RunSpec): RunOptions {
  return {
    benchmarks: spec.benchmarks,
    strategy: [spec.strategy.name],
    model: spec.model,
    temperature: spec.temperature,
    maxTokens: spec.maxTokens,
    seed: spec.seed,
    api: spec.api,
    ...(spec.limit ? { limit: spec.limit } : {}),
    ...(spec.shard ? { shard: `${spec.shard.index}/${spec.shard.count}` } : {}),
    ...(spec.strategy.options as RunOptions),
  };
}

export function suitesFor(benchmarks: string[]): Record<string, readonly string[]> {
  const suites = getSuites();
  return Object.fromEntries(Object.entries(suites).filter(([, members]) => members.some((m) => benchmarks.includes(m))));
}
