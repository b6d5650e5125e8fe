import { UserError } from '../util/errors.js';
import { accuracyScorer } from './accuracy.js';
import { relationsScorer } from './relations-scorer.js';
import { answerExactMatchScorer } from './answer-exact-match.js';
import { exactMatchScorer } from './exact-match-scorer.js';
import { ifevalScorer } from './ifeval-scorer.js';
import { rougeScorer } from './rouge-scorer.js';
import { safetyScorer } from './safety-scorer.js';
import type { Scorer } from './scorer.js';

/** Scorers by the metric name a benchmark spec declares. */
export const scorers = {
  accuracy: accuracyScorer,
  rouge: rougeScorer,
  'rouge-relations': relationsScorer,
  'answer-exact-match': answerExactMatchScorer,
  ifeval: ifevalScorer,
  exact_match: exactMatchScorer,
  harmful_compliance: safetyScorer('harmful_compliance'),
  over_refusal: safetyScorer('over_refusal'),
} as const satisfies Record<string, Scorer>;

export function scorerFor(metric: string): Scorer {
  if (!(metric in scorers)) throw new UserError(`unknown metric "${metric}" (known: ${Object.keys(scorers).join(', ')})`);
  return scorers[metric as keyof typeof scorers];
}
