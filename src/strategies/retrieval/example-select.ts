import type { Sample } from '../../types/sample.js';
import { rngFor } from '../../util/rng.js';
import type { Example } from '../mcqa/few-shot.js';
import { LeakGuard, questionPrint } from './leak-guard.js';
import type { Neighbour } from './top-m.js';

/** The examples chosen for one test question, in prompt order. */
export interface Selection {
  examples: Example[];
  /** Retrieval score of each example (cosine or BM25), in prompt order; absent for random picks. */
  scores?: number[];
  /** Reranker score of each example, in prompt order, when a reranker chose them (rerank-select.ts). */
  rerankScores?: number[];
  /** Candidates the reranker scored for this question. */
  rerankCandidates?: number;
  /** Pool items left out by the leak guard for this question. */
  leakExcluded: number;
}

/**
 * k examples drawn at random from the pool, seeded per question (`rngFor(seed, 'fewshot', id)`),
 * so the draw does not depend on which questions ran first; leaks are redrawn.
 */
export function randomSelection(pool: readonly Example[], guard: LeakGuard, sample: Sample, k: number, seed: number): Selection {
  const rng = rngFor(seed, 'fewshot', sample.id);
  const test = questionPrint(sample.question);
  const chosen: number[] = [];
  const seen = new Set<number>();
  let leakExcluded = 0;
  // Rejection sampling: cheap for k ≪ pool size; bounded for tiny or leaky pools.
  for (let tries = 0; chosen.length < k && seen.size < pool.length && tries < 50 * k + pool.length; tries++) {
    const i = Math.floor(rng() * pool.length);
    if (seen.has(i)) continue;
    seen.add(i);
    if (guard.leaks(test, i)) leakExcluded++;
    else chosen.push(i);
  }
  return { examples: chosen.map((i) => pool[i]), leakExcluded };
}

/**
 * The k nearest non-leaking examples from a ranked search (`search(m)` returns the m best, best
 * first), widening the search when the leak guard rejects too many. Most similar LAST, nearest
 * the question, as Medprompt does.
 */
export function nearestSelection(
  pool: readonly Example[],
  guard: LeakGuard,
  sample: Sample,
  k: number,
  search: (m: number) => Neighbour[],
): Selection {
  const test = questionPrint(sample.question);
  let m = Math.min(k + 8, pool.length);
  for (;;) {
    const best: Neighbour[] = [];
    let leakExcluded = 0;
    for (const hit of search(m)) {
      if (best.length === k) break;
      if (guard.leaks(test, hit.index)) leakExcluded++;
      else best.push(hit);
    }
    if (best.length === k || m >= pool.length) {
      best.reverse();
      return { examples: best.map((h) => pool[h.index]), scores: best.map((h) => h.score), leakExcluded };
    }
    m = Math.min(m * 4, pool.length);
  }
}
