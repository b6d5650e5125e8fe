import type { ResolvedRunOptions } from '../config/load-config.js';
import { openEndpoint, type Endpoint } from '../endpoint/endpoint.js';
import { defaultRetryPolicy } from '../endpoint/retry.js';
import { aloeCacheRoot } from '../util/cache-root.js';
import { UserError } from '../util/errors.js';

export function defaultEndpoints(env: NodeJS.ProcessEnv): string[] {
  return [env.ALOE_ENDPOINT || env.OPENAI_BASE_URL || 'http://127.0.0.1:8000/v1'];
}

function checkUrl(url: string, flag: string): string {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return url.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  throw new UserError(`${flag} ${JSON.stringify(url)} is not an http(s) URL (e.g. http://127.0.0.1:8000/v1)`);
}

export function cacheRoot(opts: Pick<ResolvedRunOptions, 'cacheDir'>, env: NodeJS.ProcessEnv): string {
  return opts.cacheDir ?? aloeCacheRoot(env);
}

/** The model server(s) as the run options describe them, after the preflight (see openEndpoint). */
export async function connectEndpoint(opts: ResolvedRunOptions, env: NodeJS.ProcessEnv, warn: (line: string) => void): Promise<Endpoint> {
  if (opts.embeddingsEndpoint && !opts.embeddingsModel) throw new UserError('--embeddings-endpoint needs --embeddings-model (the embedding model id it serves)');
  if (opts.rerankerEndpoint && !opts.rerankerModel) throw new UserError('--reranker-endpoint needs --reranker-model (the reranker model id it serves; it keys the score cache)');
  if (!opts.rerankerEndpoint && (opts.rerankerModel || opts.rerankCandidates || opts.rerankerApi)) {
    throw new UserError('--reranker-model, --reranker-api and --rerank-candidates need --reranker-endpoint URL (the rerank server)');
  }
  return openEndpoint({
    urls: (opts.endpoint?.length ? opts.endpoint : defaultEndpoints(env)).map((u) => checkUrl(u, '--endpoint')),
    apiKey: env[opts.apiKeyEnv] || 'EMPTY', // vLLM's convention when no key is set
    apiKeyEnv: opts.apiKeyEnv,
    model: opts.model,
    timeoutMs: opts.timeout * 1000,
    concurrency: opts.concurrency,
    retry: { ...defaultRetryPolicy, maxRetries: opts.maxRetries },
    cacheDir: opts.cache ? cacheRoot(opts, env) : null,
    embeddings: opts.embeddingsEndpoint
      ? { url: checkUrl(opts.embeddingsEndpoint, '--embeddings-endpoint'), model: opts.embeddingsModel! }
      : undefined,
    reranker: opts.rerankerEndpoint
      ? { url: checkUrl(opts.rerankerEndpoint, '--reranker-endpoint'), model: opts.rerankerModel!, api: opts.rerankerApi ?? 'auto', optional: opts.rerankOptional ?? false }
      : undefined,
    warn,
  });
}
