import type { ResolvedRunOptions } from '../config/load-config.js';
import { openEndpoint, type Endpoint, type EndpointConfig } from '../endpoint/endpoint.js';
import { gatewayHeaders } from '../endpoint/endpoint-url.js';
import { defaultRetryPolicy } from '../endpoint/retry.js';
import { aloeCacheRoot } from '../util/cache-root.js';
import { UserError } from '../util/errors.js';

export function defaultEndpoints(env: NodeJS.ProcessEnv): string[] {
  return [env.ALOE_ENDPOINT || env.OPENAI_BASE_URL || 'http://127.0.0.1:8000/v1'];
}

/** A URL the run's samples may be sent to, with the flag it came from. */
export interface FlaggedUrl {
  flag: string;
  url: string;
}

/** Every URL the run's samples may be sent to. */
export function endpointUrls(opts: ResolvedRunOptions, env: NodeJS.ProcessEnv): FlaggedUrl[] {
  const urls = (opts.endpoint?.length ? opts.endpoint : defaultEndpoints(env)).map((url) => ({ flag: '--endpoint', url }));
  if (opts.embeddingsEndpoint) urls.push({ flag: '--embeddings-endpoint', url: opts.embeddingsEndpoint });
  if (opts.rerankerEndpoint) urls.push({ flag: '--reranker-endpoint', url: opts.rerankerEndpoint });
  if (opts.judgeEndpoint) urls.push({ flag: '--judge-endpoint', url: opts.judgeEndpoint });
  return urls;
}

export function cacheRoot(opts: Pick<ResolvedRunOptions, 'cacheDir'>, env: NodeJS.ProcessEnv): string {
  return opts.cacheDir ?? aloeCacheRoot(env);
}

/**
 * What every endpoint of a run (the model's, the judge's) takes from the run options alike:
 * gateway headers, timeout, concurrency, retry policy and the response cache.
 */
export function sharedEndpointConfig(
  opts: ResolvedRunOptions,
  env: NodeJS.ProcessEnv,
  privateCache: boolean,
): Pick<EndpointConfig, 'headers' | 'timeoutMs' | 'concurrency' | 'retry' | 'cacheDir' | 'privateCache'> {
  return {
    headers: gatewayHeaders(opts.header, opts.headerEnv, env),
    timeoutMs: opts.timeout * 1000,
    concurrency: opts.concurrency,
    retry: { ...defaultRetryPolicy, maxRetries: opts.maxRetries },
    cacheDir: opts.cache ? cacheRoot(opts, env) : null,
    privateCache,
  };
}

/**
 * The model server(s) as the run options describe them, after the preflight (see openEndpoint).
 * `privateCache`: the run holds credentialed data (see runner/credentialed.ts).
 */
export async function connectEndpoint(opts: ResolvedRunOptions, env: NodeJS.ProcessEnv, warn: (line: string) => void, privateCache = false): Promise<Endpoint> {
  if (opts.embeddingsEndpoint && !opts.embeddingsModel) throw new UserError('--embeddings-endpoint needs --embeddings-model (the embedding model id it serves)');
  if (opts.rerankerEndpoint && !opts.rerankerModel) throw new UserError('--reranker-endpoint needs --reranker-model (the reranker model id it serves; it keys the score cache)');
  if (!opts.rerankerEndpoint && (opts.rerankerModel || opts.rerankCandidates || opts.rerankerApi)) {
    throw new UserError('--reranker-model, --reranker-api and --rerank-candidates need --reranker-endpoint URL (the rerank server)');
  }
  return openEndpoint({
    urls: opts.endpoint?.length ? opts.endpoint : defaultEndpoints(env),
    apiKey: env[opts.apiKeyEnv] || '',
    apiKeyEnv: opts.apiKeyEnv,
    model: opts.model,
    ...sharedEndpointConfig(opts, env, privateCache),
    embeddings: opts.embeddingsEndpoint ? { url: opts.embeddingsEndpoint, model: opts.embeddingsModel! } : undefined,
    reranker: opts.rerankerEndpoint
      ? { url: opts.rerankerEndpoint, model: opts.rerankerModel!, api: opts.rerankerApi ?? 'auto', optional: opts.rerankOptional ?? false }
      : undefined,
    warn,
  });
}
