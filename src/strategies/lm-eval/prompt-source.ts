/**
 * Per-benchmark prompt state shared by `loglik` and `lm-eval-gen`: the lm-eval task, the
 * `--fewshot N` option, and the few-shot examples planned for every sample in `prepare`.
 */
import { isGenTask, solveGenTask } from './gen-task.js';
import { EndpointFailure } from '../../types/endpoint-failure.js';
import type { Prediction } from '../../types/prediction.js';
import type { Sample } from '../../types/sample.js';
import { UserError } from '../../util/errors.js';
import { needData, type Strategy, type StrategyContext } from '../strategy.js';
import { planFewshot } from './fewshot.js';
import { lmEvalPrompt, type LmEvalPrompt } from './prompt.js';
import { LmEvalFormatError, lmEvalTaskFor } from './tasks.js';

/** `options.fewshot` (from `--fewshot N`): a non-negative integer, 0 when absent. */
export function fewshotOption(options: Record<string, unknown>): number {
  const raw = options.fewshot;
  if (raw === undefined || raw === null || raw === '') return 0;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`--fewshot must be a whole number ≥ 0, got "${String(raw)}"`);
  return n;
}

/** Whether `--fewshot` was given at all (absent: each task's own number of shots). */
function hasFewshotOption(options: Record<string, unknown>): boolean {
  const raw = options.fewshot;
  return !(raw === undefined || raw === null || raw === '');
}

/**
 * Loads one split of a benchmark, complete and in dataset order (`undefined`: the evaluated
 * split). The default reads it through the context's data source (`ctx.data`).
 */
export type SplitLoader = (benchmark: string, split: string | undefined, ctx: StrategyContext) => Promise<Sample[]>;

const loadThroughDatasets: SplitLoader = (benchmark, split, ctx) => needData(ctx, 'the lm-eval prompts').split(benchmark, split);

/**
 * Preflight for both lm-eval strategies: every benchmark of the run (`options.benchmarks`, else
 * the task's) has an lm-eval template, and `--fewshot` is valid — before anything is sent.
 */
function checkRunFits(ctx: StrategyContext, strategy: string, generation: boolean): void {
  const ids = Array.isArray(ctx.options.benchmarks) ? (ctx.options.benchmarks as string[]) : [ctx.task.benchmark];
  for (const id of ids) {
    if (isGenTask(id)) continue; // IFEval, MATH: one greedy reply, no lm-eval template
    const task = lmEvalTaskFor(id);
    // A generate_until task (bbh-cot-*) has no choices to score by loglikelihood.
    if (task.generate && !generation) throw new UserError(`benchmark "${id}" is a generation task (${task.name}); --strategy ${strategy} scores choices — use --strategy lm-eval-gen for it`);
  }
  fewshotOption(ctx.options);
}

export class PromptSource {
  private n = 0;
  private plan = new Map<string, Sample[]>();

  constructor(private readonly loadSplit: SplitLoader = loadThroughDatasets) {}

  /** Checks the benchmark has an lm-eval template and plans few-shot examples. */
  async prepare(benchmark: string, samples: Sample[], ctx: StrategyContext): Promise<void> {
    const task = lmEvalTaskFor(benchmark);
    // --fewshot when given, else the task's own num_fewshot (BBH 3, MMLU-Pro 5).
    this.n = hasFewshotOption(ctx.options) ? fewshotOption(ctx.options) : (task.numFewshot ?? 0);
    if (this.n === 0) return;
    if (task.fewshot.sampler === 'fixed') {
      this.plan = planFewshot(task, this.n, { evalDocs: samples });
      return;
    }
    // The whole evaluated split, not just this run's --limit/--shard: lm-eval's draws for a
    // document depend on every document before it.
    const evalDocs = await this.loadSplit(benchmark, undefined, ctx);
    let pool: Sample[] | undefined;
    if (task.fewshot.split !== null) {
      try {
        pool = await this.loadSplit(benchmark, task.fewshot.split, ctx);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        throw new UserError(`${task.name} draws few-shot examples from split "${task.fewshot.split}" of ${benchmark}: ${err.message}`, err.exitCode);
      }
    }
    this.plan = planFewshot(task, this.n, { evalDocs, pool });
  }

  /** The prompt for one sample; throws LmEvalFormatError when the sample does not fit the template. */
  promptFor(sample: Sample): BuiltPrompt {
    let shots: Sample[] = [];
    if (this.n > 0) {
      const planned = this.plan.get(sample.id);
      if (!planned) throw new LmEvalFormatError(`sample ${sample.id} is not in the split few-shot examples were planned for`);
      shots = planned;
    }
    return { prompt: lmEvalPrompt(sample, shots), shots };
  }
}

/** A per-sample error prediction: nothing was scored. */
export function failed(kind: string, message: string, attempts: Prediction['attempts'] = []): Prediction {
  return { answer: null, attempts, error: { kind, message } };
}

/** The sample's lm-eval prompt and the few-shot examples in it. */
export interface BuiltPrompt {
  prompt: LmEvalPrompt;
  shots: Sample[];
}

/**
 * A strategy over lm-eval's prompts (loglik, lm-eval-gen): the preflight both share (plus
 * `checkServer`), the few-shot plan in `prepare`, and `answer` run with each sample's prompt. A
 * record lm-eval cannot format, or a prompt the server refuses (most often longer than the
 * model's context), becomes a per-sample error. `loadSplit` is for tests; runs read splits
 * through the datasets layer.
 */
export function lmEvalStrategy(
  name: string,
  answer: (sample: Sample, built: BuiltPrompt, ctx: StrategyContext) => Promise<Prediction>,
  options: { checkServer?: (ctx: StrategyContext) => Promise<void>; loadSplit?: SplitLoader; generation?: boolean } = {},
): Strategy {
  const source = new PromptSource(options.loadSplit);
  return {
    name,
    kinds: options.generation ? ['mcqa', 'open', 'gen'] : ['mcqa', 'gen'],
    async preflight(ctx) {
      checkRunFits(ctx, name, options.generation ?? false);
      await options.checkServer?.(ctx);
    },
    prepare: async (benchmark, samples, ctx) => (samples[0]?.kind === 'gen' ? undefined : source.prepare(benchmark, samples, ctx)),
    async solve(sample, ctx) {
      // IFEval and MATH are generation tasks in lm-eval too: no loglikelihoods, one greedy reply.
      if (sample.kind === 'gen') return solveGenTask(sample, ctx);
      let built: BuiltPrompt;
      try {
        built = source.promptFor(sample);
      } catch (err) {
        if (err instanceof LmEvalFormatError) return failed(err.kind, err.message);
        throw err;
      }
      try {
        return await answer(sample, built, ctx);
      } catch (err) {
        if (err instanceof EndpointFailure && err.kind === 'bad-request') return failed(refusedKind(err.message), err.message);
        throw err;
      }
    },
  };
}

/** What both lm-eval strategies record for a scored sample: the lm-eval task, and the few-shot examples shown. */
export function lmEvalDetails(sample: Sample, shots: readonly Sample[]): Record<string, unknown> {
  return { lmEvalTask: lmEvalTaskFor(sample.benchmark).name, ...(shots.length ? { fewshotIds: shots.map((s) => s.id) } : {}) };
}

/** The server refused a request (HTTP 400/413/422): most often a prompt longer than the model's context. */
function refusedKind(message: string): string {
  return /context length|context window|maximum context|max_model_len|too long|exceed/i.test(message) ? 'prompt-too-long' : 'bad-request';
}
