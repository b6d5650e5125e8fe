import OpenAI from 'openai';
import type { GenerateRequest, GenerateResult, TokenLogprobs } from '../types/endpoint.js';
import { EndpointFailure } from './errors.js';

export interface TransportOptions {
  baseURL: string;
  apiKey: string;
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

/**
 * One OpenAI-compatible server, through the official SDK with its own retries off
 * (the endpoint layer retries, so it can count, back off and record every try).
 */
export class Transport {
  readonly client: OpenAI;
  readonly host: string;

  constructor(readonly options: TransportOptions) {
    this.client = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey, maxRetries: 0, timeout: options.timeoutMs });
    this.host = new URL(options.baseURL).host;
  }

  async listModels(): Promise<string[]> {
    const ids: string[] = [];
    for await (const model of this.client.models.list()) ids.push(model.id);
    return ids;
  }

  /** `acceptLength`: return a reply cut at max tokens instead of failing with kind "length". */
  async generate(model: string, req: GenerateRequest, acceptLength: boolean): Promise<GenerateResult> {
    const started = performance.now();
    const common = {
      model,
      temperature: req.temperature ?? 0,
      ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
      ...(req.seed !== undefined ? { seed: req.seed } : {}),
      ...(req.stop?.length ? { stop: req.stop } : {}),
    };
    let text: string;
    let finishReason: string | null;
    let usage: OpenAI.CompletionUsage | undefined;
    let logprobs: TokenLogprobs | undefined;

    if (req.messages) {
      const res = await this.client.chat.completions.create({ ...common, messages: req.messages });
      const choice = res.choices?.[0];
      if (!choice) throw new EndpointFailure('bad-response', 'response has no choices', true);
      if (typeof choice.message?.content !== 'string') throw new EndpointFailure('bad-response', 'response message has no text content', true);
      text = choice.message.content;
      finishReason = choice.finish_reason ?? null;
      usage = res.usage;
    } else {
      const res = await this.client.completions.create({
        ...common,
        prompt: req.prompt ?? '',
        ...(req.echo ? { echo: true } : {}),
        ...(req.logprobs !== undefined ? { logprobs: req.logprobs } : {}),
      });
      const choice = res.choices?.[0] as CompletionChoice | undefined;
      if (!choice) throw new EndpointFailure('bad-response', 'response has no choices', true);
      if (typeof choice.text !== 'string') throw new EndpointFailure('bad-response', 'response choice has no text', true);
      text = choice.text;
      finishReason = choice.finish_reason ?? null;
      usage = res.usage;
      logprobs = readLogprobs(choice.logprobs);
    }
    if (finishReason === 'length' && !acceptLength) {
      throw new EndpointFailure('length', 'reply cut at max tokens (raise --max-tokens)', true);
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

  async embed(model: string, texts: string[]): Promise<Float32Array[]> {
    const res = await this.client.embeddings.create({ model, input: texts, encoding_format: 'float' });
    if (!Array.isArray(res.data) || res.data.length !== texts.length) {
      throw new EndpointFailure('bad-response', `embeddings response has ${res.data?.length ?? 0} vectors for ${texts.length} inputs`, true);
    }
    return res.data
      .slice()
      .sort((a, b) => a.index - b.index)
      .map((d) => Float32Array.from(d.embedding as number[]));
  }
}
