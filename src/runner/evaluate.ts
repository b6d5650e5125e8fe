import { join } from 'node:path';
import type { ResolvedRunOptions } from '../config/load-config.js';
import { resolveBenchmarks, loadOptionsFromFlags, sampleSource } from '../datasets/index.js';
import type { Endpoint } from '../endpoint/endpoint.js';
import { createStrategy } from '../strategies/registry.js';
import type { Strategy, StrategyContext } from '../strategies/strategy.js';
import { RUN_SCHEMA, type RunFile } from '../types/results.js';
import { ExitCode, UserError } from '../util/errors.js';
import { parseShard } from '../util/shard.js';
import { readRunFile } from '../results/read-run.js';
import { sha256 } from '../util/hash.js';
import { version } from '../version.js';
import { baselineStrategy, isBaselineModel } from './baselines.js';
import { cacheRoot, connectEndpoint, endpointUrls } from './connect-endpoint.js';
import { guardCredentialed } from './credentialed.js';
import { connectJudge } from './connect-judge.js';
import { executeRun, type RunReporter } from './execute-run.js';
import { buildSpec, loadTasks, specHash, suitesFor, systemPromptText } from './plan.js';
import { createRunDir, ensureWritable, findResumable, readFinishedSamples } from './run-dir.js';

export interface EvaluateIO {
  env: NodeJS.ProcessEnv;
  /** Warnings and progress (stderr). */
  log: (line: string) => void;
  reporters: () => RunReporter[];
  stopSignal: { stopped: boolean };
  /** Called once the endpoint exists, so Ctrl-C can stop its retries. */
  onEndpoint?: (endpoint: Endpoint) => void;
}

export interface EvaluateResult {
  runs: { dir: string; run: RunFile; failure?: string }[];
}

/**
 * `aloe-eval run`: resolve benchmarks and strategies, check the results folder and the endpoint
 * before anything is sent (the data loading meanwhile), then one run (folder) per strategy —
 * resuming an unfinished run of the same command when there is one.
 */
export async function evaluate(opts: ResolvedRunOptions, io: EvaluateIO): Promise<EvaluateResult> {
  if (!opts.suite && !opts.benchmarks?.length) throw new UserError('nothing to run: pass --suite (e.g. mcqa) or --benchmarks (see `aloe-eval list`)');
  const benchmarkIds = resolveBenchmarks({ suite: opts.suite, benchmarks: opts.benchmarks });
  const baseline = isBaselineModel(opts.model);
  const strategyNames = baseline ? ['baseline'] : opts.strategy;
  const factories: (() => Strategy)[] = strategyNames.map((name) => (baseline ? () => baselineStrategy(opts.model!) : () => createStrategy(name)));
  factories.forEach((make) => make()); // unknown names fail here, before anything is sent
  const shard = opts.shard ? parseShard(opts.shard) : undefined;
  // A baseline sends nothing to the model, but a judge still reads the samples.
  const urls = endpointUrls(opts, io.env).filter((u) => !baseline || u.flag === '--judge-endpoint');
  const privateCache = await guardCredentialed(benchmarkIds, urls, opts.allowRemoteCredentialed === true, io.log);
  ensureWritable(opts.out);

  const cacheDir = cacheRoot(opts, io.env);
  // The data loads while the endpoints answer their preflight (a round trip or more each). Until
  // the preflight passes, what the loading says is held back, and its error caught: a refused
  // endpoint stays the one line printed.
  const held: string[] = [];
  let holding = true;
  const loadOptions = loadOptionsFromFlags(opts, (line) => (holding ? held.push(line) : io.log(line)), io.env);
  const loading = loadTasks(benchmarkIds, loadOptions, opts.limit, shard);
  loading.catch(() => {});
  let endpoint: Endpoint | undefined;
  if (!baseline) {
    endpoint = await connectEndpoint(opts, io.env, io.log, privateCache);
    io.onEndpoint?.(endpoint);
  }
  const servedModel = endpoint?.servedModel ?? opts.model!;
  // The judge's preflight too runs before any sample is sent.
  const judge = await connectJudge(opts, io.env, io.log, privateCache);
  holding = false;
  held.forEach(io.log);

  const { tasks, datasets } = await loading;
  const systemPrompt = systemPromptText(opts.systemPrompt);
  const generate = endpoint?.generate ?? (async () => { throw new UserError('baseline models make no model calls'); });

  const runs: EvaluateResult['runs'] = [];
  for (const [i, name] of strategyNames.entries()) {
    if (io.stopSignal.stopped) break;
    const createOne = factories[i];
    const probe = createOne();
    const spec = buildSpec(opts, benchmarkIds, name, servedModel, shard, judge?.model);
    const context: Omit<StrategyContext, 'task'> = {
      generate,
      generateBatch: endpoint?.generateBatch,
      embed: endpoint?.embed,
      rerank: endpoint?.rerank,
      seed: opts.seed,
      temperature: opts.temperature,
      maxTokens: opts.maxTokens,
      api: opts.api,
      systemPrompt,
      // rerankOptional decides what a failing reranker does, not what a run computes: not in the spec.
      options: { ...spec.strategy.options, cacheDir, servedModel, benchmarks: benchmarkIds, rerankOptional: opts.rerankOptional ?? false },
      data: sampleSource(loadOptions),
      log: io.log,
    };
    await probe.preflight?.({ ...context, task: { benchmark: benchmarkIds[0], prompt: tasks[0]?.prompt ?? '' } });

    const hash = specHash(spec, systemPrompt);
    // --resume names the run of one strategy; the others (if several) resume or start as usual.
    const named = opts.resume && readRunFile(opts.resume).spec.strategy.name === name ? opts.resume : undefined;
    const resumeDir = named ?? findResumable(opts.out, hash);
    let dir: string;
    let run: RunFile;
    const prompts: Record<string, string> = { system: sha256(systemPrompt) };
    for (const [tname, text] of Object.entries(probe.templates?.() ?? {})) prompts[tname] = sha256(text);
    if (resumeDir) {
      const previous = readRunFile(resumeDir);
      if (previous.provenance.servedModel !== servedModel) {
        throw new UserError(`${resumeDir} was run against model "${previous.provenance.servedModel}" but the server now serves "${servedModel}"; refusing to mix results — start a new run (drop --resume) or serve the original model`, ExitCode.usage);
      }
      if (previous.specHash !== hash) {
        throw new UserError(`${resumeDir} was made with other settings (benchmarks, strategy, sampling, seed or system prompt differ); run \`aloe-eval run --resume ${resumeDir}\` alone to reuse its settings, or drop --resume to start a new run`);
      }
      dir = resumeDir;
      run = { ...previous, status: 'running' };
      io.log(`resuming ${dir}`);
    } else {
      ({ dir, run } = createRunDir(opts.out, servedModel, name, (runId) => ({
        schema: RUN_SCHEMA,
        runId,
        status: 'running',
        specHash: hash,
        spec,
        provenance: {
          aloeEvalVersion: version,
          servedModel,
          endpointHosts: endpoint?.hosts ?? [],
          ...(endpoint ? { endpoints: endpoint.displays } : {}),
          datasets,
          prompts,
          startedAt: new Date().toISOString(),
          node: process.version,
        },
        usage: { calls: 0, promptTokens: 0, completionTokens: 0, cachedCalls: 0 },
        results: {},
      })));
    }
    const { done, dropped } = readFinishedSamples(dir);
    if (dropped) io.log(`${join(dir, 'samples.jsonl')}: dropped ${dropped} torn or corrupted line(s); those samples will be asked again`);

    const outcome = await executeRun({
      dir,
      run,
      tasks,
      createStrategy: createOne,
      context,
      concurrency: baseline ? 64 : opts.concurrency * (endpoint?.hosts.length ?? 1),
      budget: { maxErrors: opts.maxErrors, maxErrorRate: opts.maxErrorRate },
      suites: suitesFor(benchmarkIds),
      done,
      reporters: io.reporters(),
      stopSignal: io.stopSignal,
      judge,
    });
    runs.push({ dir, run: outcome.run, failure: outcome.failure });
    if (outcome.failure) break;
  }
  return { runs };
}
