/**
 * `aloe-eval medprompt build-pool`: Medprompt's example pool — the served model's chain-of-thought
 * answers to a labelled split, kept where they reach the gold answer — written where
 * `run --strategy knn-cot|fewshot-cot|medprompt` finds it by itself:
 * `<cache>/pools/<benchmark>/<split>/<model>.jsonl`. `aloe-eval medprompt import-pool` files
 * another tool's CoT database (prompt_engine's) there instead.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { mergeRunOptions } from '../../config/load-config.js';
import { runOptionTable, type RunOptionKey } from '../../config/run-options.js';
import { getBenchmark, loadBenchmark, loadOptionsFromFlags, type DatasetFlags } from '../../datasets/index.js';
import { cacheRoot, connectEndpoint, endpointUrls } from '../../runner/connect-endpoint.js';
import { guardCredentialed } from '../../runner/credentialed.js';
import { systemPromptText } from '../../runner/plan.js';
import { buildPool } from '../../strategies/pools/pool-build.js';
import { defaultPoolPath, splitKey, writePool } from '../../strategies/pools/pool.js';
import { importFormats, importPromptEnginePool } from '../../strategies/pools/pool-import.js';
import { aloeCacheRoot } from '../../util/cache-root.js';
import { sha256 } from '../../util/hash.js';
import type { StrategyContext } from '../../strategies/strategy.js';
import type { Sample } from '../../types/sample.js';
import { ExitCode, UserError } from '../../util/errors.js';
import { cliValues } from '../option-values.js';
import { addDatasetOptions, logToStderr } from '../dataset-flags.js';

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
  const privateCache = await guardCredentialed([source.id], endpointUrls(opts, process.env), opts.allowRemoteCredentialed === true, log);
  const loadOptions = loadOptionsFromFlags(flags, logToStderr);
  let samples: Sample[] = [];
  for (const s of splits) samples.push(...(await loadBenchmark(source.id, loadOptions, s)).samples);
  if (opts.limit) samples = samples.slice(0, opts.limit);

  const cacheDir = cacheRoot(opts, process.env);
  const endpoint = await connectEndpoint(opts, process.env, log, privateCache);
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

interface ImportPoolFlags {
  format: string;
  benchmark: string;
  model: string;
  split?: string;
  out?: string;
  cacheDir?: string;
}

/** The summary line build-pool prints, for imports too. */
function dropSummary(counts: { kept: number; total: number; dropped: Record<string, number> }): string {
  const { kept, total, dropped } = counts;
  return `kept ${kept} of ${total} rationales (dropped: ${dropped.wrong} wrong answer, ${dropped.unparsed} unparsed, ${dropped.error} call errors)`;
}

/** `aloe-eval medprompt import-pool --format prompt-engine FILE`: another tool's CoT database as an aloe-eval pool. */
function importPoolAction(this: Command, file: string): void {
  const flags = this.opts<ImportPoolFlags>();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (!(importFormats as readonly string[]).includes(flags.format)) {
    throw new UserError(`--format ${flags.format}: unknown format (known: ${importFormats.join(', ')})`);
  }
  const spec = getBenchmark(flags.benchmark);
  const split = flags.split ?? splitKey(spec.pool?.splits ?? ['train']);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; give the path of a prompt_engine generations.json or database file`);
  }
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new UserError(`${file} is not valid JSON (${(err as Error).message.split('\n')[0]}); a prompt_engine database is one JSON object keyed by question id`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${file} is not a prompt_engine database: expected one JSON object keyed by question id, each {question, correct_answer, options, generations}`);
  }
  const result = importPromptEnginePool(data, { benchmark: spec.id, split, model: flags.model, file, sha256: sha256(bytes) });
  const summary = dropSummary(result.header.counts);
  if (result.malformed.length) {
    const shown = result.malformed.slice(0, 3).map((m) => `${m.id} ${m.why}`).join('; ');
    log(`${file}: left out ${result.malformed.length} malformed entries (${shown}${result.malformed.length > 3 ? '; …' : ''})`);
  }
  if (result.malformedGenerations) log(`${file}: ignored ${result.malformedGenerations} generations without a response text or a valid option order`);
  if (result.resultDisagrees) log(`${file}: ${result.resultDisagrees} generations record a "result" other than the answer aloe-eval reads from their response; aloe-eval's reading decides`);
  if (result.header.counts.kept === 0) throw new UserError(`${file}: ${summary}; no pool written — no entry has a rationale reaching its gold answer`);
  const out = flags.out ?? defaultPoolPath(flags.cacheDir ?? aloeCacheRoot(process.env), spec.id, split, flags.model);
  writePool(out, result.header, result.items);
  process.stdout.write(`${summary}\npool: ${out}\n`);
  log(`a run with another served model than "${flags.model}" uses this pool with --pool ${out}`);
}

export function registerMedprompt(program: Command): void {
  const medprompt = program.command('medprompt').description('Medprompt helpers: build or import the chain-of-thought example pool');
  medprompt
    .command('import-pool')
    .description("convert another tool's chain-of-thought database into an aloe-eval pool, keeping rationales that reach the gold answer")
    .argument('<file>', "prompt_engine generations.json or database file (an object keyed by question id)")
    .requiredOption('--format <format>', `format of FILE: ${importFormats.join(', ')}`)
    .requiredOption('--benchmark <id>', 'benchmark the pool serves (runs find it by benchmark, split and model)')
    .requiredOption('--model <id>', 'model that wrote the rationales; the pool is filed under it')
    .option('--split <name>', "split the questions came from (default: the benchmark's configured pool splits, e.g. train)")
    .option('--out <file>', 'write the pool here instead of <cache>/pools/<benchmark>/<split>/<model>.jsonl')
    .option('--cache-dir <dir>', 'cache folder (default ~/.cache/aloe-eval, or $ALOE_CACHE_DIR)')
    .action(importPoolAction);
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
