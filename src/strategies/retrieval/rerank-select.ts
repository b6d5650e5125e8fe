import type { Sample } from '../../types/sample.js';
import type { Example } from '../mcqa/few-shot.js';
import { nearestSelection, type Selection } from './example-select.js';
import type { LeakGuard } from './leak-guard.js';
import type { Neighbour } from './top-m.js';

/** Scores documents against a query (RerankCache.score). */
export type ScoreDocuments = (query: string, documents: readonly string[]) => Promise<number[]>;

/**
 * kNN, then a reranker: the `m` nearest examples that pass the leak guard (so a near-copy of the
 * test question is never even sent to the reranker) are scored against the test question — the
 * question texts alone, as retrieval embeds them — and the `k` with the highest reranker scores
 * are shown, most relevant LAST as in plain kNN. Equal scores keep retrieval order.
 *
 * @example
 * await rerankedSelection(pool, guard, sample, 5, 20, (m) => retriever.search(sample, m), (q, d) => cache.score(q, d))
 */
export async function rerankedSelection(
  pool: readonly Example[],
  guard: LeakGuard,
  sample: Sample,
  k: number,
  m: number,
  search: (m: number) => Neighbour[],
  score: ScoreDocuments,
): Promise<Selection> {
  const near = nearestSelection(pool, guard, sample, Math.max(k, m), search);
  // nearestSelection puts the nearest last: back to best first for the candidate list.
  const candidates = near.examples.slice().reverse();
  const retrieval = (near.scores ?? []).slice().reverse();
  const relevance = await score(sample.question, candidates.map((e) => e.question));
  const order = candidates.map((_, i) => i).sort((a, b) => relevance[b] - relevance[a] || a - b);
  const chosen = order.slice(0, k).reverse();
  return {
    examples: chosen.map((i) => candidates[i]),
    scores: chosen.map((i) => retrieval[i]),
    rerankScores: chosen.map((i) => relevance[i]),
    rerankCandidates: candidates.length,
    leakExcluded: near.leakExcluded,
  };
}
