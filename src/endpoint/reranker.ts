import type { Rerank } from '../types/endpoint.js';
import { EndpointFailure } from '../types/endpoint-failure.js';
import { UserError } from '../util/errors.js';
import type { EndpointTarget } from './endpoint-url.js';
import { statusFailure } from './errors.js';

/**
 * Rerank APIs servers expose. vLLM, Jina and Cohere share one wire format:
 *   POST <base>/rerank {model, query, documents, top_n} → {results: [{index, relevance_score}, …]}
 * (base e.g. http://host:8000/v1 for vLLM, https://api.cohere.com/v1 or /v2, https://api.jina.ai/v1);
 * Hugging Face's text-embeddings-inference (TEI) another:
 *   POST <base>/rerank {query, texts} → [{index, score}, …]          (base e.g. http://host:8080)
 */
export const rerankApis = ['vllm', 'cohere', 'jina', 'tei'] as const;
export type RerankApi = (typeof rerankApis)[number];

export interface RerankClientOptions {
  /** The --reranker-endpoint as endpoint-url.ts parses it: base URL, query, gateway headers, key. */
  target: EndpointTarget;
  model: string;
  timeoutMs: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The reply as one relevance score per document, in document order. Each document must be
 * scored exactly once with a finite number; anything else names the offending field (a
 * malformed reply is not retried: the server would send it again).
 */
export function readRerankReply(api: RerankApi, reply: unknown, n: number, where: string): number[] {
  const tei = api === 'tei';
  const list = tei ? reply : isObject(reply) ? reply.results : undefined;
  const field = tei ? '' : 'results';
  const bad = (what: string) => new EndpointFailure('bad-response', `reranker at ${where}: ${what}`, false);
  if (!Array.isArray(list)) throw bad(tei ? 'the reply is not a list of {index, score}' : 'the reply has no "results" list');
  const scores: (number | undefined)[] = new Array(n).fill(undefined);
  list.forEach((item, i) => {
    const at = `${field}[${i}]`;
    const index = isObject(item) ? item.index : undefined;
    if (!Number.isInteger(index)) throw bad(`${at}.index is missing or not a whole number (${JSON.stringify(index)})`);
    if ((index as number) < 0 || (index as number) >= n) throw bad(`${at}.index ${index} is out of range for ${n} documents`);
    if (scores[index as number] !== undefined) throw bad(`${at}.index ${index} scores a document twice`);
    const score = (item as Record<string, unknown>)[tei ? 'score' : 'relevance_score'];
    if (typeof score !== 'number' || !Number.isFinite(score)) throw bad(`${at}.${tei ? 'score' : 'relevance_score'} is not a number (${JSON.stringify(score)})`);
    scores[index as number] = score;
  });
  const missing = scores.findIndex((s) => s === undefined);
  if (missing >= 0) throw bad(`${field || 'the reply'} has no entry with index ${missing} (${list.length} entries for ${n} documents)`);
  return scores as number[];
}

/**
 * One rerank server. Small on purpose (plain fetch): the endpoint layer wraps its calls in the
 * shared limiter and retries; the target carries the URL's query, gateway headers and credentials.
 */
export class RerankClient {
  readonly host: string;
  /** The route as it may be printed (secrets hidden). */
  readonly route: string;
  private readonly url: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: RerankClientOptions) {
    const { client, host, display } = options.target;
    this.host = host;
    const query = new URLSearchParams(client.defaultQuery ?? {}).toString();
    this.url = `${client.baseURL}/rerank${query ? `?${query}` : ''}`;
    this.route = `${display.split('?')[0].replace(/\/+$/, '')}/rerank`;
    this.headers = { 'content-type': 'application/json', ...client.defaultHeaders };
    // As the openai SDK does: the key is a bearer token unless a header already authorises.
    if (client.apiKey && !Object.keys(this.headers).some((h) => h.toLowerCase() === 'authorization')) this.headers.authorization = `Bearer ${client.apiKey}`;
  }

  /** `message` as it is shown: starting "reranker at <host>:" (once). */
  named(message: string): string {
    return message.startsWith('reranker at') ? message : `reranker at ${this.host}: ${message}`;
  }

  private async post(body: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: this.headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError') throw new EndpointFailure('timeout', 'request timed out', true);
      throw new EndpointFailure('connection', `connection failed: ${e.cause?.code ?? e.cause?.message ?? e.message}`, true);
    }
    const text = await res.text();
    if (!res.ok) throw statusFailure(res.status, text.replace(/\s+/g, ' ').trim().slice(0, 300), res.headers);
    try {
      return JSON.parse(text);
    } catch {
      throw new EndpointFailure('bad-response', `reranker at ${this.host}: the reply is not JSON`, true);
    }
  }

  /** Relevance of each document to the query, in document order. */
  async score(api: RerankApi, query: string, documents: string[]): Promise<number[]> {
    if (documents.length === 0) return [];
    const body = api === 'tei' ? { query, texts: documents } : { model: this.options.model, query, documents, top_n: documents.length };
    return readRerankReply(api, await this.post(body), documents.length, this.host);
  }

  /**
   * Before the first model call: one small rerank request, in the given API's shape or — for
   * `auto` — the vLLM/Jina/Cohere shape first, then TEI's when the server rejects that body.
   * Returns the API the server speaks; a UserError naming the flag to fix otherwise. `send` wraps
   * each probe (the endpoint passes its retrying request path, so a reranker still warming up is waited for).
   */
  async preflight(api: RerankApi | 'auto', send: <T>(call: () => Promise<T>) => Promise<T> = (call) => call()): Promise<RerankApi> {
    const probe = ['the heart pumps blood', 'the kidney filters blood'];
    const tries: RerankApi[] = api === 'auto' ? ['vllm', 'tei'] : [api];
    let last: EndpointFailure | undefined;
    for (const candidate of tries) {
      try {
        await send(() => this.score(candidate, 'which organ filters blood?', probe));
        return candidate;
      } catch (err) {
        if (!(err instanceof EndpointFailure)) throw err;
        last = err;
        // Only a rejected body says "try the other shape"; anything else is the answer.
        if (err.kind !== 'bad-request') break;
      }
    }
    const message = this.named(last!.message);
    if (last!.kind === 'not-found') throw new UserError(`${message}; --reranker-endpoint must be the base URL of ${this.route} (e.g. http://host:8000/v1 for vLLM, http://host:8080 for TEI)`);
    if (last!.kind === 'auth') throw new UserError(`${message}; the reranker is sent the same API key as --endpoint`);
    if (last!.kind === 'connection' || last!.kind === 'timeout') throw new UserError(`cannot reach ${this.route} (${last!.message}); is the reranker running? Fix --reranker-endpoint`);
    if (last!.kind === 'bad-request') throw new UserError(`${message}; check --reranker-model, or name the API with --reranker-api (${rerankApis.join(', ')})`);
    throw new UserError(`${message}; check --reranker-endpoint and --reranker-api (${rerankApis.join(', ')})`);
  }
}

/** `--reranker-*` as the endpoint layer takes them; `optional`: a failed preflight warns instead of stopping. */
export interface RerankerConfig {
  url: string;
  model: string;
  api: RerankApi | 'auto';
  optional: boolean;
}

export interface ConnectRerankerOptions {
  target: EndpointTarget;
  timeoutMs: number;
  /** The endpoint's request path: shared concurrency limit and retries with backoff. */
  send: <T>(call: () => Promise<T>) => Promise<T>;
  redact: (text: string) => string;
  warn: (line: string) => void;
}

/**
 * The preflight (API detection included), then the `Rerank` function strategies receive. A
 * preflight failure is a UserError, or — with `optional` — a warning and no reranker (undefined).
 * A failed call after retries is an EndpointFailure whose message starts "reranker at <host>:".
 */
export async function connectReranker(config: RerankerConfig, options: ConnectRerankerOptions): Promise<{ rerank: Rerank; api: RerankApi; host: string } | undefined> {
  const { redact } = options;
  const client = new RerankClient({ target: options.target, model: config.model, timeoutMs: options.timeoutMs });
  let api: RerankApi;
  try {
    api = await client.preflight(config.api, options.send);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    if (!config.optional) throw new UserError(redact(err.message), err.exitCode);
    options.warn(redact(`warning: ${err.message}; --rerank-optional: going on without reranking`));
    return undefined;
  }
  const rerank: Rerank = async (query, documents) => {
    try {
      return await options.send(() => client.score(api, query, documents));
    } catch (err) {
      const failure = err as EndpointFailure;
      const message = client.named(failure.message);
      throw new EndpointFailure(failure.kind ?? 'unknown', redact(message), false);
    }
  };
  return { rerank, api, host: client.host };
}
