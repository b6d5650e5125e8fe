/** Synthetic result dirs for the compare / merge / history tests: real RunFile + SampleRecord objects. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aggregateBenchmark, suiteAverages } from '../src/results/aggregate.js';
import type { LoadedRun } from '../src/results/read-run.js';
import { RUN_SCHEMA, type BenchmarkResult, type DatasetProvenance, type RunFile, type RunStatus, type SampleRecord } from '../src/types/results.js';
import { cliPath } from './helpers/cli.js';

export interface SampleInit {
  score: number;
  error?: string;
  unparsed?: boolean;
  metadata?: SampleRecord['metadata'];
  scores?: Record<string, number>;
  usage?: Partial<SampleRecord['usage']>;
}

export function sample(benchmark: string, id: string, init: SampleInit, kind: 'mcqa' | 'open' = 'mcqa'): SampleRecord {
  const s: SampleRecord = {
    benchmark,
    id,
    kind,
    strategy: 'plain',
    question: `Question ${id}?`,
    score: init.score,
    metadata: init.metadata ?? {},
    attempts: [],
    usage: { promptTokens: 100, completionTokens: 10, calls: 1, ...init.usage },
    latencyMs: 12,
  };
  if (kind === 'mcqa') {
    s.gold = 'A';
    s.answer = init.error || init.unparsed ? null : init.score === 1 ? 'A' : 'B';
    s.correct = init.score === 1;
    if (init.unparsed) s.unparsed = true;
  } else {
    s.text = 'generated note';
    s.references = ['reference note'];
  }
  if (init.scores) s.scores = init.scores;
  if (init.error) s.error = { kind: init.error, message: `${init.error} while solving` };
  return s;
}

export function dataset(revision: string, sha = 'a'.repeat(64)): DatasetProvenance {
  return { source: 'hub', repo: 'org/data', revision, files: [{ path: 'test.jsonl', sha256: sha }] };
}

export interface RunInit {
  runId?: string;
  status?: RunStatus;
  seed?: number;
  model?: string;
  metrics?: Record<string, string>;
  datasets?: Record<string, DatasetProvenance>;
  shard?: { index: number; count: number };
  suites?: Record<string, string[]>;
  /** Skip the bootstrap intervals (power simulations only need metric names). */
  cheap?: boolean;
  strategy?: string;
}

/** A RunFile whose results are aggregated from the samples (as the runner does). */
export function runFile(samples: SampleRecord[], init: RunInit = {}): RunFile {
  const benchmarks = [...new Set(samples.map((s) => s.benchmark))];
  const seed = init.seed ?? 7;
  const results: Record<string, BenchmarkResult> = {};
  for (const b of benchmarks) {
    const metric = init.metrics?.[b] ?? 'accuracy';
    if (init.cheap) {
      const own = samples.filter((s) => s.benchmark === b);
      results[b] = { metric, value: own.reduce((a, s) => a + s.score, 0) / own.length, n: own.length, unparsed: 0, errors: 0, stderr: 0, ci95: [0, 0], usage: { promptTokens: 0, completionTokens: 0, calls: 0 } };
    } else {
      results[b] = aggregateBenchmark(b, metric, samples, seed, ['subject', 'category']);
    }
  }
  const usage = { promptTokens: 0, completionTokens: 0, calls: 0, cachedCalls: 0 };
  for (const s of samples) {
    usage.promptTokens += s.usage.promptTokens;
    usage.completionTokens += s.usage.completionTokens;
    usage.calls += s.usage.calls;
  }
  const run: RunFile = {
    schema: RUN_SCHEMA,
    runId: init.runId ?? 'run-1',
    status: init.status ?? 'complete',
    spec: {
      benchmarks,
      strategy: { name: init.strategy ?? 'plain', options: {} },
      model: init.model ?? 'aloe-8b',
      temperature: 0,
      maxTokens: 512,
      seed,
      concurrency: 8,
      timeoutS: 60,
      api: 'chat',
      ...(init.shard ? { shard: init.shard } : {}),
    },
    provenance: {
      aloeEvalVersion: '0.1.0',
      servedModel: init.model ?? 'aloe-8b',
      endpointHosts: ['127.0.0.1:8000'],
      datasets: init.datasets ?? Object.fromEntries(benchmarks.map((b) => [b, dataset('c0ffee' + '0'.repeat(34))])),
      prompts: { 'mcqa-plain': 'b'.repeat(64) },
      startedAt: '2026-11-01T02:00:00.000Z',
      finishedAt: '2026-11-01T03:00:00.000Z',
      node: 'v20.20.0',
    },
    usage,
    results,
  };
  if (init.suites) run.suites = suiteAverages(results, init.suites);
  return run;
}

export function loaded(samples: SampleRecord[], init: RunInit = {}, dir = 'mem'): LoadedRun {
  return { dir, run: runFile(samples, init), samples, badLines: [] };
}

/** Writes run.json and samples.jsonl (in the given order) into dir. */
export function writeRunDir(dir: string, run: RunFile, samples: SampleRecord[]): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'run.json'), JSON.stringify(run, null, 2) + '\n');
  writeFileSync(join(dir, 'samples.jsonl'), samples.map((s) => JSON.stringify(s) + '\n').join(''));
  return dir;
}

/** Throws when dist/cli/main.js is missing: the tests that spawn the CLI need a build. */
export function requireBuiltCli(): void {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: build first with npm run build`);
}

/** Runs the built CLI to completion, e.g. cliSync('merge', 's1', 's2', '-o', 'out'). */
export function cliSync(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
