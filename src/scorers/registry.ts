import { UserError } from '../util/errors.js';
import type { Scorer } from './scorer.js';

/**
 * Scorers by the metric name a benchmark spec declares, each imported only when a run asks for
 * it: a MedQA run does not load the IFEval verifiers or the MATH normaliser at start-up.
 */
const scorers = {
  accuracy: () => import('./accuracy.js').then((m) => m.accuracyScorer),
  rouge: () => import('./rouge-scorer.js').then((m) => m.rougeScorer),
  'rouge-relations': () => import('./relations-scorer.js').then((m) => m.relationsScorer),
  'answer-exact-match': () => import('./answer-exact-match.js').then((m) => m.answerExactMatchScorer),
  ifeval: () => import('./ifeval-scorer.js').then((m) => m.ifevalScorer),
  exact_match: () => import('./exact-match-scorer.js').then((m) => m.exactMatchScorer),
  harmful_compliance: () => import('./safety-scorer.js').then((m) => m.safetyScorer('harmful_compliance')),
  over_refusal: () => import('./safety-scorer.js').then((m) => m.safetyScorer('over_refusal')),
} as const satisfies Record<string, () => Promise<Scorer>>;

export async function scorerFor(metric: string): Promise<Scorer> {
  if (!(metric in scorers)) throw new UserError(`unknown metric "${metric}" (known: ${Object.keys(scorers).join(', ')})`);
  return scorers[metric as keyof typeof scorers]();
}
