import type { Embed, Generate, GenerateRequest, GenerateResult } from '../types/endpoint.js';
import { AdaptiveLimit } from './adaptive-limit.js';
import { EndpointFailure } from './errors.js';
import { preflight } from './preflight.js';
import { ReplicaPool } from './replica-pool.js';
import { ResponseCache } from './response-cache.js';
import { type RetryPolicy, withRetry } from './retry.js';
import { Transport } from './transport.js';
import { UserError } from '../util/errors.js';

export interface EndpointConfig {
  /** One or more base URLs of replicas serving the same model. */
  urls: string[];
  apiKey: string;
  apiKeyEnv: string;
  model?: string;
  timeoutMs: number;
  /** Requests in flight per replica. */
  concurrency: number;
  retry: RetryPolicy;
  /** Response cache root; null disables it (--no-cache). */
  cacheDir: string | null;
  embeddings?: { url: string; model: string };
  warn: (line: string) => void;
}

export interface EndpointStats {
  calls: number;
  cachedCalls: number;
  retries: number;
  failures: Record<string, number>;
  /** host → requests served */
  served: Record<string, number>;
}

export interface Endpoint {
  servedModel: string;
  hosts: string[];
  generate: Generate;
  embed?: Embed;
  stats: EndpointStats;
  limit: AdaptiveLimit;
  /** Stop retrying (Ctrl-C): requests in flight finish or fail once. */
  stop(): void;
}

/** Removes the API key from anything that could be printed or stored. */
export function redactor(secret: string): (text: string) => string {
  if (!secret || secret.length < 4) return (text) => text;
  return (text) => text.split(secret).join('***');
}

/** Connects to the model server(s), runs the preflight, and returns the functions strategies use. */
export async function openEndpoint(config: EndpointConfig): Promise<Endpoint> {
  const redact = redactor(config.apiKey);
  const transports = config.urls.map((url) => new Transport({ baseURL: url, apiKey: config.apiKey, timeoutMs: config.timeoutMs }));
  const pool = new ReplicaPool(transports);
  let servedModel: string;
  try {
    servedModel = await preflight(pool, { model: config.model, apiKeyEnv: config.apiKeyEnv, warn: (line) => config.warn(redact(line)) });
  } catch (err) {
    if (err instanceof UserError) throw new UserError(redact(err.message), err.exitCode);
    throw err;
  }
  const limit = new AdaptiveLimit(config.concurrency * transports.length);
  const cache = config.cacheDir ? new ResponseCache(config.cacheDir, config.warn) : null;
  const identity = transports.map((t) => t.options.baseURL.replace(/\/+$/, '')).sort().join(' ');
  const stats: EndpointStats = { calls: 0, cachedCalls: 0, retries: 0, failures: {}, served: {} };
  let stopping = false;

  const onFailure = (failure: EndpointFailure) => {
    stats.failures[failure.kind] = (stats.failures[failure.kind] ?? 0) + 1;
    stats.retries++;
    if (failure.kind === 'rate-limit') limit.rateLimited();
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
    let tries = 0;
    try {
      const result = await limit.run(() =>
        withRetry(
          () => pool.use((replica) => replica.transport.generate(servedModel, sent, sent.acceptLength === true || tries++ > 0)),
          config.retry,
          onFailure,
          () => stopping,
        ),
      );
      limit.succeeded();
      stats.served[result.endpoint ?? ''] = (stats.served[result.endpoint ?? ''] ?? 0) + 1;
      cache?.put(key, result);
      return result;
    } catch (err) {
      const failure = err as EndpointFailure;
      throw new EndpointFailure(failure.kind, redact(failure.message), false);
    }
  };

  let embed: Embed | undefined;
  if (config.embeddings) {
    const { url, model } = config.embeddings;
    const transport = new Transport({ baseURL: url, apiKey: config.apiKey, timeoutMs: config.timeoutMs });
    embed = async (texts) => {
      try {
        return await limit.run(() => withRetry(() => transport.embed(model, texts), config.retry, onFailure, () => stopping));
      } catch (err) {
        const failure = err as EndpointFailure;
        throw new EndpointFailure(failure.kind, redact(`embeddings at ${transport.host}: ${failure.message}`), false);
      }
    };
  }

  return {
    servedModel,
    hosts: transports.map((t) => t.host),
    generate,
    embed,
    stats,
    limit,
    stop: () => {
      stopping = true;
    },
  };
}
