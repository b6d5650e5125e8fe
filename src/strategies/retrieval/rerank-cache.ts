import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Rerank } from '../../types/endpoint.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { UserError } from '../../util/errors.js';
import { sha256 } from '../../util/hash.js';

/** A reranker request that failed (after retries) or was answered malformed; `reason` is the one-line cause. */
export class RerankError extends UserError {
  constructor(readonly reason: string) {
    super(`${reason}; check --reranker-endpoint, --reranker-model and --reranker-api, or give --rerank-optional to go on without reranking (scores already received stay cached)`);
    this.name = 'RerankError';
  }
}

export interface RerankCacheOptions {
  /** Cache root; scores go under `<cacheDir>/rerank/`. */
  cacheDir: string;
  /** Reranker model: part of the key, so two models never share scores. */
  model: string;
  rerank: Rerank;
}

/**
 * Reranker scores on disk, one per (model, query, document) pair — a cross-encoder scores each
 * pair on its own, so a pair scored for one candidate list serves any other:
 * `<cacheDir>/rerank/<model-slug>-<model-hash>/<sha[0:2]>/<sha>` (the score as decimal text),
 * sha = sha256(query NUL document). Written atomically, like the embedding cache.
 *
 * @example
 * const cache = new RerankCache({ cacheDir, model: 'bge-reranker-v2-m3', rerank: ctx.rerank });
 * const scores = await cache.score(question, candidates); // a second run makes no request
 */
export class RerankCache {
  readonly dir: string;
  readonly stats = { hits: 0, misses: 0, requests: 0 };

  constructor(private readonly options: RerankCacheOptions) {
    const slug = options.model.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
    this.dir = path.join(options.cacheDir, 'rerank', `${slug}-${sha256(options.model).slice(0, 12)}`);
  }

  /** One score per document, in order: cached ones from disk, the rest in one rerank request. */
  async score(query: string, documents: readonly string[]): Promise<number[]> {
    const keys = documents.map((d) => sha256(`${query}\u0000${d}`));
    const scores = keys.map((k) => this.read(k));
    const missing = scores.flatMap((s, i) => (s === undefined ? [i] : []));
    this.stats.hits += documents.length - missing.length;
    if (missing.length) {
      this.stats.requests++;
      this.stats.misses += missing.length;
      let fresh: number[];
      try {
        fresh = await this.options.rerank(query, missing.map((i) => documents[i]));
      } catch (err) {
        throw new RerankError(err instanceof Error ? err.message : String(err));
      }
      missing.forEach((i, j) => {
        scores[i] = fresh[j];
        writeFileAtomic(this.file(keys[i]), `${fresh[j]}\n`);
      });
    }
    return scores as number[];
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), key);
  }

  private read(key: string): number | undefined {
    let text: string;
    try {
      text = readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    // A torn or foreign entry is treated as missing and rewritten.
    const value = text.trim() === '' ? NaN : Number(text);
    return Number.isFinite(value) ? value : undefined;
  }
}
