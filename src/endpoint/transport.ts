import OpenAI from 'openai';
import type { GenerateRequest, GenerateResult, TokenLogprobs, TokenUsage } from '../types/endpoint.js';
import { EndpointFailure } from '../types/endpoint-failure.js';
import type { EndpointTarget } from './endpoint-url.js';
import { httpFetch } from './http-fetch.js';
import { readJsonBody } from './read-body.js';

export interface TransportOptions {
  /** Base URL, default query and headers (see endpoint-url.ts). */
  target: EndpointTarget;
  timeoutMs: number;
}

type CompletionChoice = OpenAI.Completions.CompletionChoice;

/** Reads either logprobs shape: the completions one (tokens/token_logprobs/text_offset) or llama.cpp's chat-style `content[]`. */
function readLogprobs(raw: unknown): TokenLogprobs | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const lp = raw as Record<string, unknown>;
  if (Array.isArray(lp.tokens)) {
    return {
      tokens: lp.tokens as string[],
      tokenLogprobs: (lp.token_logprobs as (number | null)[] | undefined) ?? [],
      textOffset: (lp.text_offset as number[] | undefined) ?? [],
    };
  }
  if (Array.isArray(lp.content)) {
    const content = lp.content as { token: string; logprob: number | null }[];
    const offsets: number[] = [];
    let at = 0;
    for (const t of content) {
      offsets.push(at);
      at += t.token.length;
    }
    return { tokens: content.map((t) => t.token), tokenLogprobs: content.map((t) => t.logprob), textOffset: offsets };
  }
  return undefined;
}

/** The parameters every generation request carries, in the API's names. */
function sampling(model: string, req: GenerateRequest) {
  return {
    model,
    temperature: req.temperature ?? 0,
    ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
    ...(req.seed !== undefined ? { seed: req.seed } : {}),
    ...(req.stop?.length ? { stop: req.stop } : {}),
  };
}

/** Text completions only: prompt logprobs for loglikelihood scoring. */
function echoParams(req: GenerateRequest) {
  return { ...(req.echo ? { echo: true } : {}), ...(req.logprobs !== undefined ? { logprobs: req.logprobs } : {}) };
}

/** Splits `total` into `n` whole parts that sum to it (the remainder goes to the first parts). */
function splitEvenly(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => base + (i < total - base * n ? 1 : 0));
}

/**
 * Per-prompt token usage of a batched completions response, whose `usage` is the sum over all
 * prompts (P prompt tokens, C completion tokens).
 *
 * With echo and logprobs, choice i's logprobs list its prompt tokens followed by the g_i tokens it
 * generated (vLLM and OpenAI's legacy API do this), so with n_i = logprobs.tokens.length:
 *   promptTokens_i = n_i − g_i.
 * g_i is read from the finish reason and the totals: a choice that stopped for "length" generated
 * exactly maxTokens (m) tokens; the G = Σn_i − P generated tokens the logprobs hold leave
 * R = G − m·(number cut at length) for the S choices that stopped early, which pins each of them
 * only when R = 0 (none generated), R = m·S (all generated m) or S = 1 (that one generated R).
 * completionTokens_i = g_i when the logprobs hold every generated token (G = C); otherwise (a
 * server that leaves e.g. the end-of-text token out) C is split evenly, which is only bookkeeping.
 * Returns null when the prompt counts cannot be derived this way (a choice without logprobs,
 * totals that disagree, an ambiguous split): the caller must not guess them.
 *
 * Without echoed logprobs the server gives nothing per prompt: both totals are split evenly, so
 * per-prompt figures are estimates (their sum is exact). Loglikelihood scoring never takes this
 * branch — its requests all echo.
 */
export function batchUsage(
  choices: { finishReason: string | null; tokens: number | undefined }[],
  total: TokenUsage,
  request: { echo: boolean; maxTokens: number | undefined },
): TokenUsage[] | null {
  const n = choices.length;
  if (!request.echo) {
    const prompt = splitEvenly(total.promptTokens, n);
    const completion = splitEvenly(total.completionTokens, n);
    return prompt.map((p, i) => ({ promptTokens: p, completionTokens: completion[i] }));
  }
  const counts = choices.map((c) => c.tokens);
  if (counts.some((t) => t === undefined || t === 0)) return null;
  const tokens = counts as number[];
  const m = request.maxTokens;
  const cut = choices.map((c) => c.finishReason === 'length');
  const stopped = cut.filter((c) => !c).length;
  if (m === undefined && stopped < n) return null;
  const generated = tokens.reduce((a, b) => a + b, 0) - total.promptTokens;
  const rest = generated - (n - stopped) * (m ?? 0);
  let early: number;
  if (rest === 0) early = 0;
  else if (m !== undefined && rest === m * stopped) early = m;
  else if (stopped === 1) early = rest;
  else return null;
  if (early < 0 || (m !== undefined && early > m)) return null;
  const g = cut.map((c) => (c ? m! : early));
  if (g.some((gi, i) => tokens[i] - gi < 1)) return null;
  const completion = generated === total.completionTokens ? g : splitEvenly(total.completionTokens, n);
  return tokens.map((t, i) => ({ promptTokens: t - g[i], completionTokens: completion[i] }));
}

/**
 * One OpenAI-compatible server, through the official SDK with its own retries off
 * (the endpoint layer retries, so it can count, back off and record every try).
 */
export class Transport {
  readonly client: OpenAI;
  readonly host: string;
  /** The URL as it may be printed: user info and secret parameters hidden. */
  readonly display: string;

  constructor(readonly options: TransportOptions) {
    this.client = new OpenAI({ ...options.target.client, maxRetries: 0, timeout: options.timeoutMs, fetch: httpFetch });
    this.host = options.target.host;
    this.display = options.target.display;
  }

  /**
   * The SDK's `timeout` stops waiting for the headers only; a server that sends them and then
   * stalls mid-body would hang the call for ever. This deadline covers the whole call, body included,
   * and the body is read by readJsonBody (a cut body is a connection failure, see there).
   */
  private async withDeadline<T>(call: (options: { signal: AbortSignal }) => { asResponse(): Promise<Response> }): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    try {
      return await readJsonBody<T>(await call({ signal: controller.signal }).asResponse());
    } catch (err) {
      if (controller.signal.aborted) throw new EndpointFailure('timeout', `no complete response within ${this.options.timeoutMs} ms`, true);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async listModels(): Promise<string[]> {
    const ids: string[] = [];
    for await (const model of this.client.models.list()) ids.push(model.id);
    return ids;
  }

  /**
   * One call. A reply cut at max tokens is returned as it is, with finishReason "length":
   * at temperature 0 a retry would give the same cut and double the cost.
   */
  async generate(model: string, req: GenerateRequest): Promise<GenerateResult> {
    const started = performance.now();
    const common = sampling(model, req);
    let text: string;
    let finishReason: string | null;
    let usage: OpenAI.CompletionUsage | undefined;
    let logprobs: TokenLogprobs | undefined;

    const messages = req.messages;
    if (messages) {
      const res = await this.withDeadline<OpenAI.Chat.ChatCompletion>((o) => this.client.chat.completions.create({ ...common, messages }, o));
      const choice = res.choices?.[0];
      if (!choice) throw new EndpointFailure('bad-response', 'response has no choices', true);
      if (typeof choice.message?.content !== 'string') throw new EndpointFailure('bad-response', 'response message has no text content', true);
      text = choice.message.content;
      finishReason = choice.finish_reason ?? null;
      usage = res.usage;
    } else {
      const res = await this.withDeadline<OpenAI.Completions.Completion>((o) => this.client.completions.create({ ...common, prompt: req.prompt ?? '', ...echoParams(req) }, o));
      const choice = res.choices?.[0] as CompletionChoice | undefined;
      if (!choice) throw new EndpointFailure('bad-response', 'response has no choices', true);
      if (typeof choice.text !== 'string') throw new EndpointFailure('bad-response', 'response choice has no text', true);
      text = choice.text;
      finishReason = choice.finish_reason ?? null;
      usage = res.usage;
      logprobs = readLogprobs(choice.logprobs);
    }
    return {
      text,
      finishReason,
      usage: { promptTokens: usage?.prompt_tokens ?? 0, completionTokens: usage?.completion_tokens ?? 0 },
      latencyMs: Math.round(performance.now() - started),
      cached: false,
      endpoint: this.host,
      ...(logprobs ? { logprobs } : {}),
    };
  }

  /**
   * Several text-completion prompts in one request (`prompt: string[]`); every other parameter
   * is taken from `reqs[0]` (the caller checks they are all alike). Choices are matched back by
   * `index`: a missing, duplicate or out-of-range index, or a different number of choices, is a
   * retryable "bad-response". Returns null when the request asked for echoed logprobs but the
   * per-prompt token counts cannot be pinned down from them (see `batchUsage`): the caller then
   * asks each prompt on its own, so no prompt is ever given another's counts.
   */
  async generateBatch(model: string, reqs: GenerateRequest[]): Promise<GenerateResult[] | null> {
    const started = performance.now();
    const req = reqs[0];
    const res = await this.withDeadline<OpenAI.Completions.Completion>((o) => this.client.completions.create({ ...sampling(model, req), prompt: reqs.map((r) => r.prompt ?? ''), ...echoParams(req) }, o));
    const choices = Array.isArray(res.choices) ? res.choices : [];
    if (choices.length !== reqs.length) {
      throw new EndpointFailure('bad-response', `batched response has ${choices.length} choices for ${reqs.length} prompts`, true);
    }
    const byIndex: (CompletionChoice | undefined)[] = new Array(reqs.length);
    for (const choice of choices) {
      const i = choice?.index;
      if (!Number.isInteger(i) || i < 0 || i >= reqs.length || byIndex[i]) {
        throw new EndpointFailure('bad-response', `batched response has a missing or duplicate choice index (${JSON.stringify(i)}) for ${reqs.length} prompts`, true);
      }
      if (typeof choice.text !== 'string') throw new EndpointFailure('bad-response', `batched response choice ${i} has no text`, true);
      byIndex[i] = choice;
    }
    const ordered = byIndex as CompletionChoice[];
    const logprobs = ordered.map((c) => readLogprobs(c.logprobs));
    const usage = batchUsage(
      ordered.map((c, i) => ({ finishReason: c.finish_reason ?? null, tokens: logprobs[i]?.tokens.length })),
      { promptTokens: res.usage?.prompt_tokens ?? 0, completionTokens: res.usage?.completion_tokens ?? 0 },
      { echo: req.echo === true && req.logprobs !== undefined, maxTokens: req.maxTokens },
    );
    if (!usage) return null;
    const latencyMs = Math.round(performance.now() - started);
    return ordered.map((c, i) => ({
      text: c.text,
      finishReason: c.finish_reason ?? null,
      usage: usage[i],
      latencyMs,
      cached: false,
      endpoint: this.host,
      ...(logprobs[i] ? { logprobs: logprobs[i] } : {}),
    }));
  }

  async embed(model: string, texts: string[]): Promise<Float32Array[]> {
    const res = await this.withDeadline<OpenAI.CreateEmbeddingResponse>((o) => this.client.embeddings.create({ model, input: texts, encoding_format: 'float' }, o));
    if (!Array.isArray(res.data) || res.data.length !== texts.length) {
      throw new EndpointFailure('bad-response', `embeddings response has ${res.data?.length ?? 0} vectors for ${texts.length} inputs`, true);
    }
    return res.data
      .slice()
      .sort((a, b) => a.index - b.index)
      .map((d) => Float32Array.from(d.embedding as number[]));
  }
}
