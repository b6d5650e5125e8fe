import type { Embed, Generate, GenerateRequest, GenerateResult, Rerank } from '../types/endpoint.js';
import type { Attempt, Prediction } from '../types/prediction.js';
import type { Sample, TaskKind } from '../types/sample.js';
import type { SampleSource } from '../types/sample-source.js';

/** What the runner hands a strategy. Strategies never see HTTP, files or the CLI. */
export interface StrategyContext {
  generate: Generate;
  /**
   * Several text-completion requests that differ only in `prompt`, as one request where the
   * endpoint allows it (results in request order; cached per request like `generate`). Absent
   * when the runner has no endpoint that batches: fall back to `generate`.
   */
  generateBatch?: (requests: GenerateRequest[]) => Promise<GenerateResult[]>;
  /** Present only when an embeddings endpoint is configured. */
  embed?: Embed;
  /** Present only when a reranker is configured and passed its preflight (kNN strategies use it). */
  rerank?: Rerank;
  /** Run seed; derive per-purpose generators with `rngFor(seed, …)`. */
  seed: number;
  temperature: number;
  maxTokens: number;
  /** Chat (messages) or text completions (a rendered prompt). */
  api: 'chat' | 'completions';
  /** System prompt text (the Aloe model card's by default). */
  systemPrompt: string;
  /** Strategy-specific options from the CLI/config (k, ensemble size, pool file…). */
  options: Record<string, unknown>;
  /** The benchmark being solved: its id, default prompt template name and generation limits. */
  task: { benchmark: string; prompt: string; maxTokens?: number; stop?: string[] };
  /**
   * Dataset reads for `prepare` (few-shot pools, lm-eval dev splits). The runner always hands
   * one; a strategy that needs it and finds none says so (see `needData`).
   */
  data?: SampleSource;
  /** Progress/warning lines for the console; never for results. */
  log: (message: string) => void;
}

/**
 * A way of asking the model. `prepare` runs once per benchmark before any sample
 * (build a kNN index, load an example pool); `solve` answers one sample and records every
 * call it made in `attempts`.
 *
 * @example
 * const plain: Strategy = {
 *   name: 'plain',
 *   async solve(sample, ctx) {
 *     const messages = renderPlainMessages(sample, ctx.systemPrompt);
 *     const result = await ctx.generate({ messages, temperature: ctx.temperature, maxTokens: ctx.maxTokens });
 *     const answer = extractAnswer(result.text, sample.options!);
 *     return { answer, attempts: [{ messages, raw: result.text, extracted: answer, usage: result.usage, latencyMs: result.latencyMs }] };
 *   },
 * };
 */
export interface Strategy {
  name: string;
  /** Task kinds this strategy can solve. */
  kinds: readonly TaskKind[];
  /**
   * Checks, before any sample is sent, that the endpoint can serve this strategy (e.g. prompt
   * logprobs for loglikelihood scoring). Throws a UserError with the fix when it cannot.
   */
  preflight?(ctx: StrategyContext): Promise<void>;
  prepare?(benchmark: string, samples: Sample[], ctx: StrategyContext): Promise<void>;
  solve(sample: Sample, ctx: StrategyContext): Promise<Prediction>;
  /** Prompt templates this strategy uses (name → text), hashed into run.json provenance. */
  templates?(): Record<string, string>;
}

/** `ctx.data`, or a clear error for a context built without one (a test, a tool). */
export function needData(ctx: StrategyContext, why: string): SampleSource {
  if (!ctx.data) throw new Error(`${why} needs dataset access, but the strategy context has no data source (ctx.data)`);
  return ctx.data;
}

/** The record of one call: what was sent (messages or prompt), the reply, and the answer read from it. */
export function attemptOf(sent: Pick<Attempt, 'messages' | 'prompt' | 'permutation'>, result: GenerateResult, extracted: string | null): Attempt {
  return {
    ...sent,
    raw: result.text,
    extracted,
    finishReason: result.finishReason,
    usage: result.usage,
    latencyMs: result.latencyMs,
    cached: result.cached,
    endpoint: result.endpoint,
  };
}
