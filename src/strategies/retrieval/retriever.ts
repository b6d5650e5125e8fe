import type { Sample } from '../../types/sample.js';
import { Bm25Index } from './bm25.js';
import type { EmbeddingCache } from './embedding-cache.js';
import type { Example } from '../mcqa/few-shot.js';
import { KnnIndexBuilder, type KnnIndex } from './knn-index.js';
import type { Neighbour } from './top-m.js';

/** Finds the pool items most similar to a test question (by its question text only, not its options). */
export interface Retriever {
  /** For logs and Prediction.details: "embeddings:<model>" or "bm25". */
  readonly name: string;
  /** Gets ready to search for these questions (embeds them, in batches, through the cache). */
  prepare(samples: readonly Sample[]): Promise<void>;
  /** The m best pool items for a prepared question, best first. */
  search(sample: Sample, m: number): Neighbour[];
}

/** Pool texts embedded per round: bounds the float vectors alive at once while the index fills. */
const CHUNK = 4096;

/** Cosine kNN over embeddings of the pool questions (knn-index.ts), vectors through the on-disk cache. */
export async function embeddingRetriever(
  pool: readonly Example[],
  cache: EmbeddingCache,
  model: string,
  log: (message: string) => void,
): Promise<Retriever> {
  let builder: KnnIndexBuilder | undefined;
  for (let start = 0; start < pool.length; start += CHUNK) {
    const vectors = await cache.embed(pool.slice(start, start + CHUNK).map((e) => e.question));
    builder ??= new KnnIndexBuilder(vectors[0].length, pool.length);
    for (const v of vectors) builder.add(v);
    if (pool.length > CHUNK) log(`embedding the example pool: ${Math.min(start + CHUNK, pool.length)}/${pool.length}`);
  }
  const index: KnnIndex | undefined = builder?.finish();
  const queries = new Map<string, Float32Array>();
  return {
    name: `embeddings:${model}`,
    async prepare(samples) {
      const todo = samples.filter((s) => !queries.has(s.id));
      for (let start = 0; start < todo.length; start += CHUNK) {
        const chunk = todo.slice(start, start + CHUNK);
        const vectors = await cache.embed(chunk.map((s) => s.question));
        chunk.forEach((s, i) => queries.set(s.id, vectors[i]));
      }
    },
    search(sample, m) {
      const q = queries.get(sample.id);
      if (!q) throw new Error(`question ${sample.id} was not prepared for retrieval`);
      return index ? index.search(q, m) : [];
    },
  };
}

/** BM25 over the pool questions: the retriever when no embeddings endpoint is configured. */
export function bm25Retriever(pool: readonly Example[]): Retriever {
  const index = new Bm25Index(pool.map((e) => e.question));
  return {
    name: 'bm25',
    async prepare() {},
    search: (sample, m) => index.search(sample.question, m),
  };
}
