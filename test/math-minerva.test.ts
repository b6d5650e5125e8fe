/**
 * Minerva answer handling for MATH Lvl 5, on pairs whose expected values were checked by hand
 * and against lm-evaluation-harness's leaderboard/math/utils.py run under Python 3.
 */
import { describe, expect, it } from 'vitest';
import { getUnnormalizedAnswer, goldAnswer, INVALID_ANSWER, minervaExactMatch, normalizeFinalAnswer } from '../src/scorers/math/minerva.js';

/** [generation, normalize_final_answer(get_unnormalized_answer(generation))] */
const GENERATIONS: [string, string][] = [
  ["So the answer is $\\boxed{\\frac{2}{3}}$.\nFinal Answer: The final answer is $\\frac{2}{3}$. I hope it is correct.", "\\frac{2}{3}"],
  ["Final Answer: The final answer is $x = 5$ units. I hope it is correct.", "5"],
  ["Final Answer: The final answer is 100,000", "[invalidanswer]"],
  ["Final Answer: The final answer is \\text{(A)}. I hope it is correct.", "(A)"],
  ["Final Answer: The final answer is $\\dfrac{1}{2}$. I hope it is correct.", "\\dfrac{1}{2}"],
  ["Final Answer: The final answer is \\fracab. I hope it is correct.", "\\frac{a}{b}"],
  ["Final Answer: The final answer is \\sqrt2 + 1. I hope it is correct.", "\\sqrt{2}+1"],
  ["Final Answer: The final answer is $90^\\circ$. I hope it is correct.", "90"],
  ["Final Answer: The final answer is $\\boxed{10\\%}$. I hope it is correct.", "10\\%"],
  ["no final answer here", "[invalidanswer]"],
  ["Final Answer: The final answer is $5$ and $6$. I hope it is correct.", "5"],
  ["Final Answer: The final answer is a dog. I hope it is correct.", "dog"],
  ["Final Answer: The final answer is 12 square feet. I hope it is correct.", "12"],
  ["Final Answer: The final answer is $(1,2)$\nmore", "[invalidanswer]"],
  ["Final Answer: The final answer is \\$ 32.50. I hope it is correct.", "32.50"],
  ["Final Answer: The final answer is \\text{Devon}. I hope it is correct.", "Devon"],
  ["Final Answer: The final answer is \\textbf{(B)}. I hope it is correct.", "(B)"],
  ["Final Answer: The final answer is 1,2,3. I hope it is correct.", "123"],
];

/** [solution, remove_boxed(last_boxed_only_string(solution)), normalize_final_answer of that] */
const SOLUTIONS: [string, string, string][] = [
  ["\\boxed{\\frac{2}{3}}", "\\frac{2}{3}", "\\frac{2}{3}"],
  ["The answer is $\\boxed{5}$.", "5", "5"],
  ["$\\boxed {12}$ and \\boxed 7$", "7", "7"],
  ["\\fbox{3}", "[invalidanswer]", "[invalidanswer]"],
  ["\\boxed{\\frac{a}{b}", "[invalidanswer]", "[invalidanswer]"],
  ["\\boxed{2\\sqrt{3}}", "2\\sqrt{3}", "2\\sqrt{3}"],
  ["nothing boxed", "[invalidanswer]", "[invalidanswer]"],
  ["$\\boxed{100{,}000}$", "100{,}000", "100000"],
  ["$\\boxed{\\text{(A)}}$", "\\text{(A)}", "(A)"],
  ["\\boxed{90^\\circ}", "90^\\circ", "90"],
];

describe('minerva normalisation (lm-eval leaderboard_math_hard)', () => {
  it('extracts and normalises the final answer of a generation', () => {
    for (const [generation, expected] of GENERATIONS) {
      expect({ generation, got: normalizeFinalAnswer(getUnnormalizedAnswer(generation)) }).toEqual({ generation, got: expected });
    }
  });

  it('finds the gold answer in the last \\boxed{} of a solution', () => {
    for (const [solution, answer, normalised] of SOLUTIONS) {
      expect({ solution, got: [goldAnswer(solution), normalizeFinalAnswer(goldAnswer(solution))] }).toEqual({ solution, got: [answer, normalised] });
    }
  });

  it('scores exact match after normalising both sides; no final-answer line is wrong', () => {
    const say = (a: string) => `Some working.\nFinal Answer: The final answer is ${a}. I hope it is correct.`;
    expect(minervaExactMatch(say('$\\frac{2}{3}$'), goldAnswer('so $\\boxed{\\frac{2}{3}}$'))).toBe(true);
    expect(minervaExactMatch(say('$100,000$'), goldAnswer('$\\boxed{100{,}000}$'))).toBe(true);
    expect(minervaExactMatch(say('$90^\\circ$'), goldAnswer('\\boxed{90}'))).toBe(true);
    expect(minervaExactMatch(say('$\\frac{4}{6}$'), goldAnswer('\\boxed{\\frac{2}{3}}'))).toBe(false); // equal only for sympy (not ported)
    expect(minervaExactMatch('The answer is $\\boxed{5}$.', goldAnswer('\\boxed{5}'))).toBe(false); // no "Final Answer" line
    expect(minervaExactMatch('', goldAnswer('\\boxed{5}'))).toBe(false);
    expect(minervaExactMatch(say('5'), INVALID_ANSWER)).toBe(false);
  });
});
