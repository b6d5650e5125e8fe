import type { Embed, Generate, GenerateRequest, GenerateResult, Rerank } from '../types/endpoint.js';
import { AdaptiveLimit } from './adaptive-limit.js';
import { EndpointFailure } from '../types/endpoint-failure.js';
import { endpointTarget, type EndpointTarget, type GatewayHeader } from './endpoint-url.js';
import { preflight } from './preflight.js';
import { ReplicaPool } from './replica-pool.js';
import { connectReranker, type RerankApi, type RerankerConfig } from './reranker.js';
import { ResponseCache } from './response-cache.js';
import { type RetryPolicy, withRetry } from './retry.js';
import { Transport } from './transport.js';
import { UserError } from '../util/errors.js';
import { stableStringify } from '../util/hash.js';

export interface EndpointConfig {
  /** One or more base URLs of replicas serving the same model (user info and query allowed: see endpoint-url.ts). */
  urls: string[];
  /** The API key; '' or 'EMPTY' when none was given. */
  apiKey: string;
  apiKeyEnv: string;
  /** --header / --header-env, sent to every endpoint (generation and embeddings). */
  headers?: GatewayHeader[];
  model?: string;
  timeoutMs: number;
  /** Requests in flight per replica. */
  concurrency: number;
  retry: RetryPolicy;
  /** Response cache root; null disables it (--no-cache). */
  cacheDir: string | null;
  /** Credentialed data: cache entries go to a separate folder tree, created 0700 (see ResponseCache). */
  privateCache?: boolean;
  embeddings?: { url: string; model: string };
  /** A rerank server for kNN examples; `optional`: a failed preflight warns and leaves `rerank` unset. */
  reranker?: RerankerConfig;
  warn: (line: string) => void;
}

export interface EndpointStats {
  /** Prompts asked for, cached ones included. */
  calls: number;
  cachedCalls: number;
  /** Failed tries by kind (each retry's cause, and the last one). */
  failures: Record<string, number>;
}

export interface Endpoint {
  servedModel: string;
  hosts: string[];
  /** Each replica's URL as it may be printed or stored (user info and secret parameters hidden). */
  displays: string[];
  generate: Generate;
  /**
   * Text-completion requests that differ only in `prompt`, sent as one request with a prompt list
   * (cached per prompt, like `generate`); anything else is sent one request each.
   */
  generateBatch?: (requests: GenerateRequest[]) => Promise<GenerateResult[]>;
  embed?: Embed;
  rerank?: Rerank;
  /** The rerank API the preflight settled on, and its host, when `rerank` is set. */
  reranker?: { api: RerankApi; host: string };
  stats: EndpointStats;
  /** Stop retrying (Ctrl-C): requests in flight finish or fail once. */
  stop(): void;
}

/**
 * True when `requests` can go as one completions request with `prompt: string[]`: two or more
 * text prompts sharing every other field (`cacheTag` aside: it is never sent).
 */
export function sameButPrompt(requests: GenerateRequest[]): boolean {
  if (requests.length < 2) return false;
  const rest = ({ prompt: _p, cacheTag: _t, ...others }: GenerateRequest) => stableStringify(others);
  const first = rest(requests[0]);
  return requests.every((r) => typeof r.prompt === 'string' && r.messages === undefined && rest(r) === first);
}

/** Connects to the model server(s), runs the preflight, and returns the functions strategies use. */
export async function openEndpoint(config: EndpointConfig): Promise<Endpoint> {
  const target = (url: string, flag: string) => endpointTarget(url, { flag, apiKey: config.apiKey, apiKeyEnv: config.apiKeyEnv, headers: config.headers });
  const targets = config.urls.map((url) => target(url, '--endpoint'));
  const embeddingsTarget = config.embeddings ? target(config.embeddings.url, '--embeddings-endpoint') : undefined;
  const rerankerTarget = config.reranker ? target(config.reranker.url, '--reranker-endpoint') : undefined;
  const all: EndpointTarget[] = [...targets, ...(embeddingsTarget ? [embeddingsTarget] : []), ...(rerankerTarget ? [rerankerTarget] : [])];
  // Every text this layer hands out (warnings, errors, failures recorded in samples.jsonl) passes here.
  const redact = (text: string) => all.reduce((t, tg) => tg.redact(t), text);
  for (const note of new Set(all.flatMap((t) => (t.note ? [t.note] : [])))) config.warn(note);

  const transports = targets.map((t) => new Transport({ target: t, timeoutMs: config.timeoutMs }));
  const pool = new ReplicaPool(transports);
  let servedModel: string;
  try {
    servedModel = await preflight(pool, { model: config.model, apiKeyEnv: config.apiKeyEnv, warn: (line) => config.warn(redact(line)) });
  } catch (err) {
    if (err instanceof UserError) throw new UserError(redact(err.message), err.exitCode);
    if (err instanceof Error) {
      err.message = redact(err.message);
      err.stack = err.stack && redact(err.stack);
    }
    throw err;
  }
  const limit = new AdaptiveLimit(config.concurrency * transports.length);
  const cache = config.cacheDir ? new ResponseCache(config.cacheDir, config.warn, config.privateCache) : null;
  // The printable URLs (secrets hidden): a rotated token or password keeps its cache entries.
  const identity = transports.map((t) => t.display).sort().join(' ');
  const stats: EndpointStats = { calls: 0, cachedCalls: 0, failures: {} };
  let stopping = false;

  /** Every request goes through here: the concurrency limit, retries with backoff, 429 back-off. */
  const send = <T>(call: () => Promise<T>): Promise<T> =>
    limit.run(() =>
      withRetry(
        call,
        config.retry,
        (failure) => {
          stats.failures[failure.kind] = (stats.failures[failure.kind] ?? 0) + 1;
          if (failure.kind === 'rate-limit') limit.rateLimited();
        },
        () => stopping,
      ),
    );
  /** A final failure, redacted; it keeps the request so the sample can record what was sent. */
  const fail = (err: unknown, request?: GenerateRequest, prefix = ''): EndpointFailure => {
    const failure = err as EndpointFailure;
    return new EndpointFailure(failure.kind, redact(prefix + failure.message), false, undefined, request);
  };

  const generate: Generate = async (request: GenerateRequest): Promise<GenerateResult> => {
    const { cacheTag: _tag, ...sent } = request;
    const key = cache ? ResponseCache.key(identity, servedModel, request) : '';
    const hit = cache?.get(key);
    stats.calls++;
    if (hit) {
      stats.cachedCalls++;
      return hit;
    }
    try {
      const result = await send(() => pool.use((replica) => replica.transport.generate(servedModel, sent)));
      limit.succeeded();
      cache?.put(key, result);
      return result;
    } catch (err) {
      throw fail(err, sent);
    }
  };

  /** Off once the server refuses a prompt list whose prompts it accepts one by one. */
  let batching = true;
  let warnedUnattributed = false;
  const hosts = transports.map((t) => t.host).join(', ');

  const generateBatch = async (requests: GenerateRequest[]): Promise<GenerateResult[]> => {
    if (!batching || !sameButPrompt(requests)) return Promise.all(requests.map(generate));
    // Same cache keys as `generate` of each request, so single and batched calls share entries.
    const keys = requests.map((r) => (cache ? ResponseCache.key(identity, servedModel, r) : ''));
    const results = keys.map((key) => cache?.get(key));
    const misses = results.flatMap((hit, i) => (hit ? [] : [i]));
    stats.calls += requests.length - misses.length;
    stats.cachedCalls += requests.length - misses.length;
    const one = (i: number) => generate(requests[i]).then((r) => (results[i] = r));
    if (misses.length <= 1) {
      await Promise.all(misses.map(one));
      return results as GenerateResult[];
    }
    const sent = misses.map((i) => {
      const { cacheTag: _tag, ...rest } = requests[i];
      return rest;
    });
    let batch: GenerateResult[] | null;
    try {
      batch = await send(() => pool.use((replica) => replica.transport.generateBatch(servedModel, sent)));
    } catch (err) {
      const failure = err as EndpointFailure;
      if (failure.kind !== 'bad-request') throw fail(err);
      // A 400 for the list: either one prompt is bad (too long for the context) or the server takes
      // no prompt lists. Asking one by one gives each prompt its own answer or error, and tells which.
      const singles = await Promise.allSettled(misses.map(one));
      const rejected = singles.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (rejected) throw rejected.reason;
      batching = false;
      config.warn(redact(`the server refused a list of prompts in one request (${failure.message}); sending one prompt per request from now on`));
      return results as GenerateResult[];
    }
    if (batch === null) {
      // Echoed logprobs that do not pin down each prompt's token count: ask one by one rather than guess.
      if (!warnedUnattributed) config.warn(`a batched echo response did not give each prompt's token count (${hosts}); those prompts were sent one by one`);
      warnedUnattributed = true;
      await Promise.all(misses.map(one));
      return results as GenerateResult[];
    }
    limit.succeeded();
    stats.calls += misses.length;
    misses.forEach((i, j) => {
      results[i] = batch[j];
      cache?.put(keys[i], batch[j]);
    });
    return results as GenerateResult[];
  };

  let embed: Embed | undefined;
  if (config.embeddings && embeddingsTarget) {
    const { model } = config.embeddings;
    const transport = new Transport({ target: embeddingsTarget, timeoutMs: config.timeoutMs });
    embed = async (texts) => {
      try {
        return await send(() => transport.embed(model, texts));
      } catch (err) {
        throw fail(err, undefined, `embeddings at ${transport.host}: `);
      }
    };
  }

  const reranker = config.reranker && rerankerTarget
    ? await connectReranker(config.reranker, { target: rerankerTarget, timeoutMs: config.timeoutMs, send, redact, warn: config.warn })
    : undefined;

  return {
    servedModel,
    hosts: transports.map((t) => t.host),
    displays: transports.map((t) => t.display),
    generate,
    generateBatch,
    embed,
    rerank: reranker?.rerank,
    reranker: reranker && { api: reranker.api, host: reranker.host },
    stats,
    stop: () => {
      stopping = true;
    },
  };
}
