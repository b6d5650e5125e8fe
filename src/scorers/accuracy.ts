import type { Score, Scorer } from './scorer.js';

/**
 * Multiple-choice accuracy. An unparsed or errored answer counts as wrong (and is counted
 * separately). When a strategy also picked an answer by length-normalised loglikelihood
 * (`details.accNormAnswer`, lm-eval's acc_norm), it is scored as `extra.acc_norm`.
 */
export const accuracyScorer: Scorer = {
  name: 'accuracy',
  score(prediction, sample): Score {
    const answer = prediction.answer ?? null;
    const correct = answer !== null && answer === sample.answer;
    const score: Score = { value: correct ? 1 : 0, correct, unparsed: answer === null && !prediction.error };
    const accNorm = prediction.details?.accNormAnswer;
    if (typeof accNorm === 'string') score.extra = { acc_norm: accNorm === sample.answer ? 1 : 0 };
    return score;
  },
};
