/**
 * `aloe-eval merge`: put the shard runs of one spec (`run --shard 1/n` … `n/n`) back
 * together into one run dir whose samples.jsonl (in canonical order) and run.json results
 * equal those of the unsharded run. The results are recomputed from the samples with the
 * same aggregateBenchmark the runner uses, never averaged from the shards' numbers.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { aggregateBenchmark, sortSamples, suiteAverages } from '../results/aggregate.js';
import { leaderboardScores } from '../results/leaderboard.js';
import { readRun, type LoadedRun } from '../results/read-run.js';
import type { RunFile, SampleRecord } from '../types/results.js';
import { ExitCode, UserError } from '../util/errors.js';
import { stableStringify } from '../util/hash.js';

export interface MergeResult {
  outDir: string;
  run: RunFile;
  samples: number;
}

/** The parts of a run that must agree between shards, with a name for the refusal message. */
function specFields(run: RunFile): [string, unknown][] {
  const { spec, provenance } = run;
  return [
    ['model', spec.model],
    ['served model', provenance.servedModel],
    ['strategy', spec.strategy],
    ['benchmarks', spec.benchmarks],
    ['suite', spec.suite ?? null],
    ['seed', spec.seed],
    ['temperature', spec.temperature],
    ['max tokens', spec.maxTokens],
    ['limit', spec.limit ?? null],
    ['api', spec.api],
    ['dataset revisions', provenance.datasets],
    ['prompt templates', provenance.prompts],
    ['shard count', spec.shard?.count ?? null],
  ];
}

function checkShards(shards: LoadedRun[]): void {
  for (const s of shards) {
    if (s.run.status !== 'complete') {
      throw new UserError(`${s.dir}: run status is "${s.run.status}", not complete — resume that shard (re-run its command) before merging`, ExitCode.incomparable);
    }
    if (!s.run.spec.shard) {
      throw new UserError(`${s.dir}: not a shard run (run.json has no spec.shard) — merge takes the dirs written by \`run --shard i/n\``, ExitCode.incomparable);
    }
    if (s.badLines.length > 0) {
      throw new UserError(`${s.dir}/samples.jsonl: unreadable line ${s.badLines[0]} — resume that shard to re-run its missing samples`, ExitCode.incomparable);
    }
  }
  const first = specFields(shards[0].run);
  for (const s of shards.slice(1)) {
    specFields(s.run).forEach(([name, value], i) => {
      if (stableStringify(value) !== stableStringify(first[i][1])) {
        throw new UserError(
          `${s.dir}: ${name} differs from ${shards[0].dir} (${stableStringify(value)} vs ${stableStringify(first[i][1])}) — only shards of the same run spec can be merged`,
          ExitCode.incomparable,
        );
      }
    });
  }
  const count = shards[0].run.spec.shard!.count;
  const seen = new Map<number, string>();
  for (const s of shards) {
    const index = s.run.spec.shard!.index;
    const other = seen.get(index);
    if (other) throw new UserError(`${s.dir} and ${other} are both shard ${index}/${count} — pass each shard once`, ExitCode.incomparable);
    seen.set(index, s.dir);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    throw new UserError(`missing shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} — the merged run would not equal the unsharded one; pass all ${count} shard dirs`, ExitCode.incomparable);
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function mergedSamples(shards: LoadedRun[]): SampleRecord[] {
  const owner = new Map<string, string>();
  const all: SampleRecord[] = [];
  for (const s of shards) {
    // Within one shard a later duplicate (a resumed sample) replaces the earlier one.
    const own = new Map<string, SampleRecord>();
    for (const r of s.samples) own.set(`${r.benchmark}\u0000${r.id}`, r);
    for (const [key, r] of own) {
      const other = owner.get(key);
      if (other) throw new UserError(`${r.benchmark}/${r.id} is in both ${other} and ${s.dir} — shards overlap; were they run with different --shard counts?`, ExitCode.incomparable);
      owner.set(key, s.dir);
      all.push(r);
    }
  }
  return sortSamples(all);
}

/** Builds the merged RunFile from complete, consistent shards (no I/O). */
export function mergeRuns(shards: LoadedRun[], runId: string): { run: RunFile; samples: SampleRecord[] } {
  if (shards.length === 0) throw new UserError('merge: no shard dirs given (aloe-eval merge DIR… -o OUT)', ExitCode.usage);
  checkShards(shards);
  const samples = mergedSamples(shards);
  const base = shards[0].run;
  const { shard: _shard, ...spec } = base.spec;

  // Benchmarks in the spec's order, then any other benchmark a shard reported.
  const names = [...spec.benchmarks];
  for (const s of shards) for (const b of Object.keys(s.run.results ?? {})) if (!names.includes(b)) names.push(b);
  const results: RunFile['results'] = {};
  for (const b of names) {
    const reported = shards.map((s) => s.run.results?.[b]).filter((r) => r !== undefined);
    if (reported.length === 0) continue;
    const metrics = new Set(reported.map((r) => r.metric));
    if (metrics.size > 1) throw new UserError(`${b}: shards scored it with different metrics (${[...metrics].join(', ')}) — they are not shards of one run`, ExitCode.incomparable);
    // Fields the runner grouped by: whichever any shard reports (a shard may lack a field only because none of its samples had it).
    const groupFields = [...new Set(reported.flatMap((r) => Object.keys(r.groups ?? {})))];
    results[b] = aggregateBenchmark(b, reported[0].metric, samples, spec.seed, groupFields);
  }

  const run: RunFile = {
    schema: base.schema,
    runId,
    status: 'complete',
    spec,
    provenance: {
      ...base.provenance,
      endpointHosts: [...new Set(shards.flatMap((s) => s.run.provenance.endpointHosts))].sort(),
      startedAt: shards.map((s) => s.run.provenance.startedAt).sort()[0],
      finishedAt: shards.map((s) => s.run.provenance.finishedAt ?? s.run.provenance.startedAt).sort().at(-1),
    },
    usage: {
      promptTokens: sum(shards.map((s) => s.run.usage.promptTokens)),
      completionTokens: sum(shards.map((s) => s.run.usage.completionTokens)),
      calls: sum(shards.map((s) => s.run.usage.calls)),
      cachedCalls: sum(shards.map((s) => s.run.usage.cachedCalls)),
    },
    results,
  };
  const suiteMembers: Record<string, string[]> = {};
  const suiteSizes: Record<string, number> = {};
  for (const s of shards) {
    for (const [name, suite] of Object.entries(s.run.suites ?? {})) {
      suiteMembers[name] = [...new Set([...(suiteMembers[name] ?? []), ...suite.benchmarks])];
      suiteSizes[name] = Math.max(suiteSizes[name] ?? 0, suite.size ?? 0);
    }
  }
  if (Object.keys(suiteMembers).length > 0) {
    const averages = suiteAverages(results, suiteMembers);
    // The shards know the suite's own size; the members seen are only those they ran.
    for (const [name, suite] of Object.entries(averages)) suite.size = Math.max(suite.size, suiteSizes[name]);
    run.suites = averages;
  }
  const leaderboard = leaderboardScores(results);
  if (leaderboard) run.leaderboard = leaderboard;
  return { run, samples };
}

/**
 * Reads the shard dirs, merges them and writes OUT/run.json and OUT/samples.jsonl.
 * OUT must not exist or be empty. The merged run id is OUT's folder name.
 *
 * @example
 *   mergeShards(['results/n-1', 'results/n-2', 'results/n-3'], 'results/nightly');
 */
export function mergeShards(dirs: string[], outDir: string): MergeResult {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    throw new UserError(`-o ${outDir}: folder exists and is not empty — choose a new output dir`, ExitCode.usage);
  }
  const shards = dirs.map((d) => readRun(d));
  const { run, samples } = mergeRuns(shards, basename(outDir));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'samples.jsonl'), samples.map((s) => JSON.stringify(s) + '\n').join(''));
  writeFileSync(join(outDir, 'run.json'), JSON.stringify(run, null, 2) + '\n');
  return { outDir, run, samples: samples.length };
}
