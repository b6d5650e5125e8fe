import { UserError } from '../util/errors.js';
import { accuracyScorer } from './accuracy.js';
import { rougeScorer } from './rouge-scorer.js';
import { safetyScorer } from './safety-scorer.js';
import type { Scorer } from './scorer.js';

/** Scorers by the metric name a benchmark spec declares. */
export const scorers = {
  accuracy: accuracyScorer,
  rouge: rougeScorer,
  harmful_compliance: safetyScorer('harmful_compliance'),
  over_refusal: safetyScorer('over_refusal'),
} as const satisfies Record<string, Scorer>;

export function scorerFor(metric: string): Scorer {
  if (!(metric in scorers)) throw new UserError(`unknown metric "${metric}" (known: ${Object.keys(scorers).join(', ')})`);
  return scorers[metric as keyof typeof scorers];
}
