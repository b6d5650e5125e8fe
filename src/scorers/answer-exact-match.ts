/**
 * lm-eval's BBH chain-of-thought scoring (bbh/cot_fewshot: filter "get-answer", metric
 * exact_match): the answer is the first match of `(?<=the answer is )(.*)(?=.)` in the generated
 * text — everything after "the answer is" on that line but its last character (the full stop) —
 * stripped; "[invalid]" when there is none. It scores 1 when it equals the reference exactly
 * (case and punctuation count, as lm-eval's exact_match with its defaults).
 */
import type { Score, Scorer } from './scorer.js';

const ANSWER = /(?<=the answer is )(.*)(?=.)/;
const FALLBACK = '[invalid]';
/** What Python's `str.strip()` strips. */
const PY_STRIP = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/**
 * The answer lm-eval's regex filter takes from a chain of thought.
 *
 * @example extractAnswer('… So the answer is (B).') // '(B)'
 */
export function extractAnswer(text: string): string {
  const m = ANSWER.exec(text);
  return m ? m[1].replace(PY_STRIP, '') : FALLBACK;
}

export const answerExactMatchScorer: Scorer = {
  name: 'exact_match',
  score(prediction, sample): Score {
    const answer = extractAnswer(prediction.text ?? '');
    const correct = (sample.references ?? []).some((r) => r === answer);
    return { value: correct ? 1 : 0, correct, unparsed: answer === FALLBACK && !prediction.error };
  },
};
