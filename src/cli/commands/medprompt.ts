/**
 * `aloe-eval medprompt build-pool`: Medprompt's example pool — the served model's chain-of-thought
 * answers to a labelled split, kept where they reach the gold answer — written where
 * `run --strategy knn-cot|fewshot-cot|medprompt` finds it by itself:
 * `<cache>/pools/<benchmark>/<split>/<model>.jsonl`.
 */
import { Command, Option } from 'commander';
import { mergeRunOptions } from '../../config/load-config.js';
import { runOptionTable, type RunOptionKey } from '../../config/run-options.js';
import { getBenchmark, loadBenchmark, loadOptionsFromFlags, type DatasetFlags } from '../../datasets/index.js';
import { cacheRoot, connectEndpoint, endpointUrls } from '../../runner/connect-endpoint.js';
import { credentialedBenchmarks, keepFilesPrivate, refuseRemoteCredentialed } from '../../runner/credentialed.js';
import { systemPromptText } from '../../runner/plan.js';
import { buildPool } from '../../strategies/pools/pool-build.js';
import { defaultPoolPath, splitKey, writePool } from '../../strategies/pools/pool.js';
import type { StrategyContext } from '../../strategies/strategy.js';
import type { Sample } from '../../types/sample.js';
import { ExitCode, UserError } from '../../util/errors.js';
import { cliValues } from '../option-values.js';
import { addDatasetOptions, logToStderr } from './datasets.js';

/** The run options build-pool shares with `run` (same flags, same validation). */
const shared = ['endpoint', 'model', 'apiKeyEnv', 'header', 'headerEnv', 'allowRemoteCredentialed', 'api', 'concurrency', 'temperature', 'maxTokens', 'timeout', 'maxRetries', 'systemPrompt', 'cacheDir', 'cache', 'limit'] as const satisfies readonly RunOptionKey[];

interface BuildPoolFlags extends DatasetFlags {
  benchmark: string;
  from?: string;
  out?: string;
}

async function buildPoolAction(this: Command): Promise<void> {
  const flags = this.opts<BuildPoolFlags>();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const spec = getBenchmark(flags.benchmark);
  // A benchmark without labelled splits names another's pool (CareQA → MedMCQA train).
  const source = spec.pool?.benchmark ? getBenchmark(spec.pool.benchmark) : spec;
  const splits = flags.from ? flags.from.split(',').map((s) => s.trim()).filter(Boolean) : (spec.pool?.splits ?? ['train']);
  for (const s of splits) {
    if (!(s in source.splits)) throw new UserError(`--from ${s}: ${source.id} has no split "${s}" (splits: ${Object.keys(source.splits).join(', ')})`);
  }
  const split = splitKey(splits);
  if (source.id !== spec.id) log(`${spec.id} draws its examples from ${source.id} ${split}`);

  const opts = mergeRunOptions(cliValues(this, shared), {});
  const credentialed = credentialedBenchmarks([source.id]);
  if (credentialed.length > 0) {
    await refuseRemoteCredentialed(credentialed, endpointUrls(opts, process.env), opts.allowRemoteCredentialed === true, log);
    keepFilesPrivate();
  }
  const loadOptions = loadOptionsFromFlags(flags, logToStderr);
  let samples: Sample[] = [];
  for (const s of splits) samples.push(...(await loadBenchmark(source.id, loadOptions, s)).samples);
  if (opts.limit) samples = samples.slice(0, opts.limit);

  const cacheDir = cacheRoot(opts, process.env);
  const endpoint = await connectEndpoint(opts, process.env, log, credentialed.length > 0);
  const model = endpoint.servedModel;
  const ctx: StrategyContext = {
    generate: endpoint.generate,
    seed: 0,
    temperature: opts.temperature,
    maxTokens: opts.maxTokens,
    api: opts.api,
    systemPrompt: systemPromptText(opts.systemPrompt),
    options: {},
    task: { benchmark: source.id, prompt: 'mcqa-cot' },
    log,
  };

  log(`building the ${source.id} ${split} pool with model "${model}": ${samples.length} questions`);
  const step = Math.max(1, Math.round(samples.length / 20));
  const { header, items, errorSamples } = await buildPool(samples, ctx, {
    benchmark: source.id,
    split,
    model,
    concurrency: opts.concurrency * endpoint.hosts.length,
    onProgress: (done, total) => {
      if (done % step === 0 || done === total) log(`  ${done}/${total}`);
    },
  });
  const { kept, total, dropped } = header.counts;
  const summary = `kept ${kept} of ${total} rationales (dropped: ${dropped.wrong} wrong answer, ${dropped.unparsed} unparsed, ${dropped.error} call errors)`;
  if (dropped.error) log(`${dropped.error} calls failed, e.g. ${errorSamples.join('; ')}`);
  if (kept === 0) {
    throw new UserError(`${summary}; no pool written — check the endpoint and the model, then rerun`, ExitCode.runFailed);
  }
  const file = flags.out ?? defaultPoolPath(cacheDir, source.id, split, model);
  writePool(file, header, items);
  process.stdout.write(`${summary}\npool: ${file}\n`);
  if (dropped.error) log('rerun the same command to retry the failed calls (answers already received come from the response cache)');
  if (flags.out) log(`a run finds this pool with --pool ${file}`);
}

export function registerMedprompt(program: Command): void {
  const medprompt = program.command('medprompt').description('Medprompt helpers: build the chain-of-thought example pool');
  const cmd = medprompt
    .command('build-pool')
    .description('ask the served model each question of a labelled split with chain of thought; keep rationales that reach the gold answer')
    .requiredOption('--benchmark <id>', 'benchmark whose pool to build (CareQA builds MedMCQA train, its configured pool)')
    .option('--from <splits>', "labelled split(s), comma-separated (default: the benchmark's configured pool splits, e.g. train; MMLU dev,validation)")
    .option('--out <file>', 'write the pool here instead of <cache>/pools/<benchmark>/<split>/<model>.jsonl');
  const help: Partial<Record<(typeof shared)[number], string>> = {
    limit: 'build from the first n questions of the split(s)',
    model: 'served model id (default: the only one the server serves); the pool is filed under it',
    maxTokens: 'max tokens per rationale (default 1024)',
  };
  for (const key of shared) cmd.addOption(new Option(runOptionTable[key].flag, help[key] ?? runOptionTable[key].help));
  addDatasetOptions(cmd).action(buildPoolAction);
}
