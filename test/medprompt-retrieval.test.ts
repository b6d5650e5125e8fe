import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Bm25Index } from '../src/strategies/retrieval/bm25.js';
import { EmbeddingCache } from '../src/strategies/retrieval/embedding-cache.js';
import { BitCodes } from '../src/strategies/retrieval/hamming-scan.js';
import { KnnIndexBuilder } from '../src/strategies/retrieval/knn-index.js';
import { isNearDuplicate, questionPrint } from '../src/strategies/retrieval/leak-guard.js';
import { walshHadamard } from '../src/strategies/retrieval/sign-codes.js';
import type { Embed } from '../src/types/endpoint.js';
import { UserError } from '../src/util/errors.js';
import { mulberry32 } from '../src/util/rng.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'aloe-medprompt-'));

function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(rng() || 1e-12)) * Math.cos(2 * Math.PI * rng());
}

/** Clustered vectors with a shared offset, like real embeddings (anisotropic, topical). */
function clustered(n: number, dim: number, clusters: number, seed: number): Float32Array[] {
  const rng = mulberry32(seed);
  const offset = Float32Array.from({ length: dim }, () => gaussian(rng));
  const centres = Array.from({ length: clusters }, () => Float32Array.from({ length: dim }, () => gaussian(rng)));
  return Array.from({ length: n }, () => {
    const c = centres[Math.floor(rng() * clusters)];
    return Float32Array.from({ length: dim }, (_, j) => 0.8 * offset[j] + c[j] + 0.6 * gaussian(rng));
  });
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < a.length; j++) {
    dot += a[j] * b[j];
    na += a[j] * a[j];
    nb += b[j] * b[j];
  }
  return dot / Math.sqrt(na * nb);
}

function exactTop(pool: Float32Array[], q: Float32Array, k: number): { index: number; score: number }[] {
  return pool
    .map((v, index) => ({ index, score: cosine(v, q) }))
    .sort((x, y) => y.score - x.score || x.index - y.index)
    .slice(0, k);
}

function popcountDistance(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) for (let x = a[i] ^ b[i]; x; x &= x - 1) d++;
  return d;
}

describe('bit codes in WebAssembly', () => {
  test('screen and refine keep exactly the closest codes (ties: lower index), as a plain popcount says', () => {
    const rng = mulberry32(11);
    const n = 700;
    const bytes = 128;
    const codes = Array.from({ length: n }, () => Uint8Array.from({ length: bytes }, () => Math.floor(rng() * 256)));
    const store = new BitCodes(n, bytes);
    codes.forEach((c, i) => store.set(i, c));
    const query = codes[5].map((b, i) => (i % 7 === 0 ? b ^ 0x11 : b)) as Uint8Array;

    const byPrefix = codes
      .map((c, i) => ({ i, d: popcountDistance(c.subarray(0, 32), query.subarray(0, 32)) }))
      .sort((x, y) => x.d - y.d || x.i - y.i);
    const screened = store.screen(query, 100);
    expect([...screened]).toEqual(byPrefix.slice(0, 100).map((x) => x.i).sort((a, b) => a - b));

    const byFull = [...screened].map((i) => ({ i, d: popcountDistance(codes[i], query) })).sort((x, y) => x.d - y.d || x.i - y.i);
    expect([...store.refine(query, screened, 10)]).toEqual(byFull.slice(0, 10).map((x) => x.i).sort((a, b) => a - b));
    expect(store.refine(query, screened, 1)[0]).toBe(5);
  });

  test('the Walsh–Hadamard transform applied twice is n times the identity', () => {
    const a = Float32Array.from({ length: 256 }, (_, i) => Math.sin(i));
    const b = a.slice();
    walshHadamard(b);
    walshHadamard(b);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(256 * a[i], 2);
  });
});

describe('kNN index', () => {
  test('small pools are searched exhaustively: same neighbours and cosines as a float brute force', () => {
    const pool = clustered(600, 48, 20, 1);
    const b = new KnnIndexBuilder(48, pool.length);
    pool.forEach((v) => b.add(v));
    const index = b.finish();
    expect(index.exact).toBe(true);
    for (const q of clustered(20, 48, 20, 2)) {
      const got = index.search(q, 8);
      const want = exactTop(pool, q, 8);
      expect(got.map((g) => g.index)).toEqual(want.map((w) => w.index));
      got.forEach((g, i) => expect(Math.abs(g.score - want[i].score)).toBeLessThan(1e-4));
    }
  });

  test('large pools go through the bit-code screen and still find the nearest items', () => {
    const dim = 96;
    const all = clustered(6100, dim, 300, 3);
    const pool = all.slice(0, 6000);
    const b = new KnnIndexBuilder(dim, pool.length);
    pool.forEach((v) => b.add(v));
    const index = b.finish({ exactUpTo: 1000, screen: 600, candidates: 64 });
    expect(index.exact).toBe(false);
    let found = 0;
    const queries = all.slice(6000);
    for (const q of queries) {
      const want = new Set(exactTop(pool, q, 5).map((w) => w.index));
      for (const g of index.search(q, 5)) if (want.has(g.index)) found++;
    }
    expect(found / (5 * queries.length)).toBeGreaterThan(0.97);
  });

  test('equal vectors come back in the order they were added; bad vectors are refused', () => {
    const b = new KnnIndexBuilder(4, 4);
    b.add([1, 0, 0, 0]);
    b.add([0, 1, 0, 0]);
    b.add([0, 2, 0, 0]);
    b.add([0, 3, 0, 0]);
    const index = b.finish();
    expect(index.search([0, 1, 0, 0], 3).map((h) => h.index)).toEqual([1, 2, 3]);
    expect(() => index.search([1, 0], 1)).toThrow(/2 dimensions, the index has 4/);
    expect(() => new KnnIndexBuilder(3, 1).add([0, 0, 0])).toThrow(/all zeros/);
  });
});

describe('BM25', () => {
  test('ranks the question sharing rare words first and ignores stopwords', () => {
    const docs = [
      'Which vitamin deficiency causes scurvy?',
      'What is the most common cause of community-acquired pneumonia?',
      'Which nerve is injured in wrist drop?',
      'Which of the following is the drug of choice for absence seizures?',
    ];
    const bm25 = new Bm25Index(docs);
    expect(bm25.search('A sailor has bleeding gums: scurvy from which vitamin deficiency?', 2)[0].index).toBe(0);
    expect(bm25.search('Drop of the wrist: which nerve?', 1)[0].index).toBe(2);
    // Nothing shared: the first documents, score 0, so a prompt still gets its examples.
    expect(bm25.search('which of the following is the', 2)).toEqual([{ index: 0, score: 0 }, { index: 1, score: 0 }]);
  });
});

describe('leak guard', () => {
  const long = 'A 45-year-old man presents with crushing chest pain radiating to the left arm for two hours, sweating and nausea. What is the next best step in management?';
  test('the same question after normalisation, or a near copy, is a leak; a different one is not', () => {
    expect(isNearDuplicate(questionPrint(long), questionPrint(long.toUpperCase().replace(/,/g, ' ;')))).toBe(true);
    expect(isNearDuplicate(questionPrint(long), questionPrint(long.replace('45-year-old', '46-year-old')))).toBe(true);
    expect(isNearDuplicate(questionPrint('Which of the following is true?'), questionPrint('Which of the following is false?'))).toBe(false);
    expect(isNearDuplicate(questionPrint(long), questionPrint('A 45-year-old woman presents with a painless breast lump. What is the next best step?'))).toBe(false);
  });
});

/** Bag-of-words hashing: texts sharing words get close vectors. Counts what it is asked. */
function countingEmbed(dim = 32) {
  const calls: string[][] = [];
  const embed: Embed = async (texts) => {
    calls.push(texts);
    return texts.map((t) => {
      const v = new Float32Array(dim).fill(0.01);
      for (const w of t.toLowerCase().split(/\W+/).filter(Boolean)) v[[...w].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % dim] += 1;
      return v;
    });
  };
  return { embed, calls };
}

describe('embedding cache', () => {
  test('a second pass is served from disk; another model is a separate cache; duplicates are embedded once', async () => {
    const cacheDir = tmp();
    const { embed, calls } = countingEmbed();
    const texts = Array.from({ length: 150 }, (_, i) => `question number ${i}`);
    const first = new EmbeddingCache({ cacheDir, model: 'bge-m3', embed, batchSize: 64 });
    const v1 = await first.embed([...texts, texts[0]]);
    expect(calls.map((c) => c.length)).toEqual([64, 64, 22]);
    expect(first.stats).toEqual({ hits: 0, misses: 150, requests: 3 });
    expect(v1[150]).toEqual(v1[0]);

    const second = new EmbeddingCache({ cacheDir, model: 'bge-m3', embed, batchSize: 64 });
    const v2 = await second.embed(texts);
    expect(calls).toHaveLength(3);
    expect(second.stats).toEqual({ hits: 150, misses: 0, requests: 0 });
    expect(v2).toEqual(v1.slice(0, 150));

    const other = new EmbeddingCache({ cacheDir, model: 'e5-large', embed });
    await other.embed(texts.slice(0, 3));
    expect(calls).toHaveLength(4);
    expect(readdirSync(join(cacheDir, 'embeddings')).sort()).toEqual([expect.stringMatching(/^bge-m3-/), expect.stringMatching(/^e5-large-/)]);
  });

  test('vectors of the wrong size, a wrong count or zero vectors are clear errors', async () => {
    const cacheDir = tmp();
    const { embed } = countingEmbed(16);
    await new EmbeddingCache({ cacheDir, model: 'm', embed }).embed(['a']);
    const wrongSize: Embed = async (texts) => texts.map(() => new Float32Array(8).fill(1));
    const err = await new EmbeddingCache({ cacheDir, model: 'm', embed: wrongSize }).embed(['b']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/8-dimension vector where 16 were expected.*--embeddings-model/);

    const short: Embed = async () => [new Float32Array(16).fill(1)];
    await expect(new EmbeddingCache({ cacheDir, model: 'm', embed: short }).embed(['c', 'd'])).rejects.toThrow(/returned 1 vectors for 2 texts/);
    const zero: Embed = async (texts) => texts.map(() => new Float32Array(16));
    await expect(new EmbeddingCache({ cacheDir, model: 'm', embed: zero }).embed(['e'])).rejects.toThrow(/all-zero/);
  });
});

