import { getUnnormalizedAnswer, INVALID_ANSWER, minervaExactMatch } from './math/minerva.js';
import type { Score, Scorer } from './scorer.js';

/**
 * MATH exact match (lm-eval leaderboard_math_hard, minerva normalisation): the generation's
 * "Final Answer: The final answer is X. I hope it is correct." against the gold \boxed{}
 * answer, both normalised. A generation without that line is unparsed and wrong.
 *
 * @example
 * exactMatchScorer.score({ text: 'Final Answer: The final answer is $24$. I hope it is correct.', attempts: [] }, sample).value; // 1 when the gold is 24
 */
export const exactMatchScorer: Scorer = {
  name: 'exact_match',
  score(prediction, sample): Score {
    const text = prediction.text ?? '';
    const correct = minervaExactMatch(text, sample.references?.[0] ?? INVALID_ANSWER);
    return { value: correct ? 1 : 0, correct, unparsed: getUnnormalizedAnswer(text) === INVALID_ANSWER };
  },
};
