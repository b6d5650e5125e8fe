/**
 * `aloe-eval prompts`: the exact prompts a run would send, as JSON Lines on stdout, without a
 * model — for inspection and for diffing against other tools (lm-eval's `--log_samples`).
 *
 *   loglik       {"id", "prompt": context, "choices": [" A", " B", …]}   (each choice is scored after the prompt)
 *   lm-eval-gen  {"id", "prompt"}
 *   others       {"id", "messages"} or {"id", "prompt"} for each call the strategy makes, with "call" when it makes several
 */
import { Command, Option } from 'commander';
import { mergeRunOptions } from '../../config/load-config.js';
import { runOptionTable, type RunOptionKey } from '../../config/run-options.js';
import { getBenchmark, loadBenchmark, loadOptionsFromFlags, sampleSource, type DatasetFlags } from '../../datasets/index.js';
import { strategyOptions, systemPromptText } from '../../runner/plan.js';
import { PromptSource } from '../../strategies/lm-eval/prompt-source.js';
import { LmEvalFormatError } from '../../strategies/lm-eval/tasks.js';
import { createStrategy } from '../../strategies/registry.js';
import type { StrategyContext } from '../../strategies/strategy.js';
import type { GenerateRequest, GenerateResult } from '../../types/endpoint.js';
import type { Sample } from '../../types/sample.js';
import { UserError } from '../../util/errors.js';
import { cliValues } from '../option-values.js';
import { addDatasetOptions, logToStderr } from '../dataset-flags.js';

/** The run options prompts shares with `run` (same flags, same validation, same defaults). */
const shared = ['limit', 'fewshot', 'api', 'systemPrompt', 'seed', 'pool', 'k', 'ensembleSize'] as const satisfies readonly RunOptionKey[];

interface PromptsFlags extends DatasetFlags {
  benchmark: string;
  strategy: string;
}

const LM_EVAL = new Set(['loglik', 'lm-eval-gen']);

const write = (row: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(row)}\n`);

/** lm-eval strategies: the context and the continuations, from the same builder the run uses. */
async function lmEvalRows(strategy: string, samples: Sample[], ctx: StrategyContext): Promise<void> {
  const source = new PromptSource();
  await source.prepare(ctx.task.benchmark, samples, ctx);
  for (const sample of samples) {
    try {
      const { prompt } = source.promptFor(sample);
      write(strategy === 'loglik' ? { id: sample.id, prompt: prompt.context, choices: prompt.continuations } : { id: sample.id, prompt: prompt.context });
    } catch (err) {
      if (!(err instanceof LmEvalFormatError)) throw err;
      write({ id: sample.id, error: err.message });
    }
  }
}

/** Thrown by the stand-in model when `prepare` asks it something: that strategy needs a real model. */
class NeedsModel extends Error {}

/**
 * Any other strategy: `prepare` runs against a model that refuses (a strategy that needs the model
 * to prepare — a Medprompt pool built from generated rationales — is skipped with a message), then
 * `solve` runs against a stand-in that records each request and replies "A".
 */
async function capturedRows(name: string, samples: Sample[], ctx: StrategyContext): Promise<void> {
  const strategy = createStrategy(name);
  const refuse = async (): Promise<never> => {
    throw new NeedsModel();
  };
  try {
    await strategy.prepare?.(ctx.task.benchmark, samples, { ...ctx, generate: refuse, embed: undefined });
  } catch (err) {
    if (!(err instanceof NeedsModel)) throw err;
    throw new UserError(
      `prompts cannot show --strategy ${name} without a model: it asks the model while preparing (example pool, index); run it and read the attempts in samples.jsonl`,
    );
  }
  for (const sample of samples) {
    const calls: GenerateRequest[] = [];
    const generate = async (request: GenerateRequest): Promise<GenerateResult> => {
      calls.push(request);
      return { text: 'A', finishReason: 'stop', usage: { promptTokens: 0, completionTokens: 0 }, latencyMs: 0, cached: false };
    };
    try {
      await strategy.solve(sample, { ...ctx, generate });
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw new UserError(`prompts cannot show --strategy ${name} without a model (${err instanceof Error ? err.message : String(err)})`);
    }
    calls.forEach((call, i) => {
      const shown = call.messages ? { messages: call.messages } : { prompt: call.prompt };
      write({ id: sample.id, ...(calls.length > 1 ? { call: i + 1 } : {}), ...shown });
    });
  }
}

async function promptsAction(this: Command): Promise<void> {
  const flags = this.opts<PromptsFlags>();
  const opts = mergeRunOptions(cliValues(this, shared), {});
  const spec = getBenchmark(flags.benchmark);
  createStrategy(flags.strategy); // unknown names fail before any data is read
  const loadOptions = loadOptionsFromFlags(flags, logToStderr);
  const ctx: StrategyContext = {
    generate: async () => {
      throw new Error('no model');
    },
    seed: opts.seed,
    temperature: 0,
    maxTokens: 1024,
    api: opts.api,
    systemPrompt: systemPromptText(opts.systemPrompt),
    // The strategy options a run records, for the strategies that take them.
    options: { ...strategyOptions(opts), benchmarks: [spec.id] },
    data: sampleSource(loadOptions),
    task: { benchmark: spec.id, prompt: spec.prompt, maxTokens: spec.maxTokens, stop: spec.stop },
    log: logToStderr,
  };
  const { samples } = await loadBenchmark(spec.id, loadOptions);
  const selected = opts.limit ? samples.slice(0, opts.limit) : samples;
  if (LM_EVAL.has(flags.strategy)) await lmEvalRows(flags.strategy, selected, ctx);
  else await capturedRows(flags.strategy, selected, ctx);
}

export function registerPrompts(program: Command): void {
  const cmd = program
    .command('prompts')
    .description('print the exact prompts a run would send (JSON Lines), without a model')
    .requiredOption('--benchmark <id>', 'benchmark id (see "aloe-eval list")')
    .option('--strategy <name>', 'strategy whose prompts to show (plain, loglik, lm-eval-gen…)', 'plain');
  const help: Record<(typeof shared)[number], string> = {
    limit: 'first n samples',
    fewshot: 'few-shot examples (loglik / lm-eval-gen choose them as lm-eval does)',
    api: 'chat (default) or completions (how plain prompts are sent)',
    systemPrompt: 'file whose text replaces the default system prompt',
    seed: 'run seed (strategies that shuffle; default 1234)',
    pool: 'example pool for fewshot / knn / medprompt (kNN by BM25: no embeddings here)',
    k: 'few-shot examples for fewshot / knn strategies',
    ensembleSize: 'calls in the choice-shuffle ensemble',
  };
  for (const key of shared) cmd.addOption(new Option(runOptionTable[key].flag, help[key]));
  addDatasetOptions(cmd).action(promptsAction);
}
