/**
 * Minerva answer handling as lm-evaluation-harness's leaderboard_math_hard does it
 * (lm_eval/tasks/leaderboard/math/utils.py: last_boxed_only_string, remove_boxed,
 * get_unnormalized_answer, normalize_final_answer — the last "copied character for character
 * from appendix D of Lewkowycz et al. (2022)"). Python's `.` in these regexes excludes only
 * "\n", hence `[^\n]` below.
 */

import { INVALID_ANSWER } from '../../util/latex-boxed.js';

export { goldAnswer, INVALID_ANSWER, lastBoxedOnlyString, removeBoxed } from '../../util/latex-boxed.js';

const FINAL_ANSWER = /Final Answer: The final answer is([^\n]*?)[^\n] I hope it is correct[^\n]/;

/** The text between "Final Answer: The final answer is" and ". I hope it is correct." (the few-shot format), or INVALID_ANSWER. */
export function getUnnormalizedAnswer(text: string): string {
  const m = FINAL_ANSWER.exec(text + 'I hope it is correct.');
  return m ? m[1].trim() : INVALID_ANSWER;
}

const SUBSTITUTIONS: [string, string][] = [
  ['an ', ''],
  ['a ', ''],
  ['.$', '$'],
  ['\\$', ''],
  ['\\ ', ''],
  [' ', ''],
  ['mbox', 'text'],
  [',\\text{and}', ','],
  ['\\text{and}', ','],
  ['\\text{m}', '\\text{}'],
];

const REMOVED_EXPRESSIONS = [
  'square', 'ways', 'integers', 'dollars', 'mph', 'inches', 'ft', 'hours', 'km', 'units', '\\ldots', 'sue', 'points',
  'feet', 'minutes', 'digits', 'cents', 'degrees', 'cm', 'gm', 'pounds', 'meters', 'meals', 'edges', 'students',
  'childrentickets', 'multiples', '\\text{s}', '\\text{.}', '\\text{\ns}', '\\text{}^2', '\\text{}^3', '\\text{\n}',
  '\\text{}', '\\mathrm{th}', '^\\circ', '^{\\circ}', '\\;', ',\\!', '{,}', '"', '\\dots',
];

/** normalize_final_answer, step for step. */
export function normalizeFinalAnswer(answer: string): string {
  let s = answer.split('=').at(-1)!;
  for (const [before, after] of SUBSTITUTIONS) s = s.replaceAll(before, after);
  for (const expr of REMOVED_EXPRESSIONS) s = s.replaceAll(expr, '');

  // The answer inside $…$, \text{…}, \textbf{…}, \overline{…}, \boxed{…}.
  s = s.replace(/([^\n]*?)(\$)([^\n]*?)(\$)([^\n]*)/g, '$$$3$$');
  s = s.replace(/(\\text\{)([^\n]*?)(\})/g, '$2');
  s = s.replace(/(\\textbf\{)([^\n]*?)(\})/g, '$2');
  s = s.replace(/(\\overline\{)([^\n]*?)(\})/g, '$2');
  s = s.replace(/(\\boxed\{)([^\n]*)(\})/g, '$2');

  // Shorthand TeX: \fracab → \frac{a}{b}, \sqrta → \sqrt{a}.
  s = s.replace(/(frac)([^{])([^\n])/g, 'frac{$2}{$3}');
  s = s.replace(/(sqrt)([^{])/g, 'sqrt{$2}');
  s = s.replaceAll('$', '');

  // 100,000 → 100000 (Python's str.isdigit: decimal digits, superscripts too).
  const noCommas = s.replaceAll(',', '');
  if (/^[\p{Nd}\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089]+$/u.test(noCommas)) s = noCommas;
  return s;
}

/**
 * lm-eval's exact match for one generation (process_result_v1, reported as
 * `exact_match_original` by current lm-eval): the normalised final answer equals the
 * normalised gold answer. The reference also accepts answers sympy proves equal; that check
 * is not ported (docs/ifeval-and-math.md), so this is never above the reference's figure.
 */
export function minervaExactMatch(generation: string, gold: string): boolean {
  const answer = normalizeFinalAnswer(getUnnormalizedAnswer(generation));
  if (answer === INVALID_ANSWER) return false;
  return answer.trim() === normalizeFinalAnswer(gold).trim();
}
