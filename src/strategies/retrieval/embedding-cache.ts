import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Embed } from '../../types/endpoint.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { UserError } from '../../util/errors.js';
import { sha256 } from '../../util/hash.js';

export interface EmbeddingCacheOptions {
  /** Cache root (ALOE_CACHE_DIR or ~/.cache/aloe-eval); vectors go under `<cacheDir>/embeddings/`. */
  cacheDir: string;
  /** Embedding model name: part of the key, so two models never share vectors. */
  model: string;
  embed: Embed;
  /** Texts per request. */
  batchSize?: number;
  /** Requests in flight at once. */
  concurrency?: number;
}

export interface EmbeddingCacheStats {
  /** Texts answered from disk. */
  hits: number;
  /** Texts sent to the endpoint. */
  misses: number;
  /** Requests made to the endpoint. */
  requests: number;
}

/**
 * Embeddings on disk, keyed by the sha256 of the exact text and by the model:
 * `<cacheDir>/embeddings/<model-slug>-<model-hash>/<sha[0:2]>/<sha>.f32` (raw little-endian
 * float32), plus `meta.json` holding the model name and vector size. Unlike a cache keyed by file
 * name, an edited text or another model can never be served a stale vector. Entries are written
 * atomically (temporary file, then rename), so concurrent runs share the cache safely.
 *
 * @example
 * const cache = new EmbeddingCache({ cacheDir, model: 'bge-m3', embed: ctx.embed });
 * const vectors = await cache.embed(questions); // a second run makes no request
 */
export class EmbeddingCache {
  readonly dir: string;
  readonly stats: EmbeddingCacheStats = { hits: 0, misses: 0, requests: 0 };
  /** Vector size, once known (from meta.json or the first response). */
  dim?: number;

  constructor(private readonly options: EmbeddingCacheOptions) {
    const slug = options.model.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
    this.dir = path.join(options.cacheDir, 'embeddings', `${slug}-${sha256(options.model).slice(0, 12)}`);
    const meta = path.join(this.dir, 'meta.json');
    if (existsSync(meta)) this.dim = (JSON.parse(readFileSync(meta, 'utf8')) as { dim: number }).dim;
  }

  /** One vector per text, in order; cached ones from disk, the rest requested in batches. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const keys = texts.map((t) => sha256(t));
    const found = new Map<string, Float32Array>();
    const missing: { key: string; text: string }[] = [];
    const seen = new Set<string>();
    keys.forEach((key, i) => {
      if (seen.has(key)) return;
      seen.add(key);
      const cached = this.read(key);
      if (cached) {
        found.set(key, cached);
        this.stats.hits++;
      } else {
        missing.push({ key, text: texts[i] });
      }
    });
    const batchSize = this.options.batchSize ?? 64;
    const limit = pLimit(this.options.concurrency ?? 4);
    const batches: { key: string; text: string }[][] = [];
    for (let i = 0; i < missing.length; i += batchSize) batches.push(missing.slice(i, i + batchSize));
    await Promise.all(
      batches.map((batch) =>
        limit(async () => {
          this.stats.requests++;
          this.stats.misses += batch.length;
          const vectors = await this.request(batch.map((b) => b.text));
          this.check(vectors, batch.length);
          batch.forEach((b, j) => {
            found.set(b.key, vectors[j]);
            this.write(b.key, vectors[j]);
          });
        }),
      ),
    );
    return keys.map((k) => found.get(k)!);
  }

  /** One request; a failure (after the endpoint's retries) becomes a one-line error naming the flags to check. */
  private async request(texts: string[]): Promise<Float32Array[]> {
    try {
      return await this.options.embed(texts);
    } catch (err) {
      if (err instanceof UserError) throw err;
      const why = err instanceof Error ? err.message : String(err);
      throw new UserError(
        `the embeddings endpoint failed for model "${this.options.model}": ${why}; check --embeddings-endpoint and --embeddings-model (vectors already received stay cached)`,
      );
    }
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.f32`);
  }

  private read(key: string): Float32Array | undefined {
    const file = this.file(key);
    if (!existsSync(file)) return undefined;
    const bytes = readFileSync(file);
    // A torn or foreign entry is treated as missing and rewritten.
    if (bytes.length === 0 || bytes.length % 4 !== 0 || (this.dim !== undefined && bytes.length !== this.dim * 4)) return undefined;
    const vector = new Float32Array(bytes.length / 4);
    new Uint8Array(vector.buffer).set(bytes);
    return vector;
  }

  private write(key: string, vector: Float32Array): void {
    writeFileAtomic(this.file(key), new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
  }

  private check(vectors: Float32Array[], expected: number): void {
    const where = `embeddings endpoint (model "${this.options.model}")`;
    if (!Array.isArray(vectors) || vectors.length !== expected) {
      throw new UserError(`the ${where} returned ${vectors?.length ?? 0} vectors for ${expected} texts; check --embeddings-endpoint`);
    }
    for (const v of vectors) {
      if (this.dim === undefined) {
        this.dim = v.length;
        writeFileAtomic(path.join(this.dir, 'meta.json'), JSON.stringify({ model: this.options.model, dim: v.length }) + '\n');
      }
      if (v.length !== this.dim) {
        throw new UserError(
          `the ${where} returned a ${v.length}-dimension vector where ${this.dim} were expected (cached in ${this.dir}); ` +
            `make --embeddings-model name the model the endpoint serves, or delete that folder`,
        );
      }
      let norm = 0;
      for (const x of v) norm += x * x;
      if (!Number.isFinite(norm) || norm === 0) {
        throw new UserError(`the ${where} returned an all-zero or non-numeric vector; check --embeddings-endpoint`);
      }
    }
  }
}
