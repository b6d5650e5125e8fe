/**
 * The gold answer of a MATH solution: lm-eval's last_boxed_only_string and remove_boxed
 * (lm_eval/tasks/leaderboard/math/utils.py). Here in util because both the MATH adapter (which
 * sets the sample's reference) and the minerva scorer use it.
 */

export const INVALID_ANSWER = '[invalidanswer]';

/** The last `\boxed{…}` (or `\fbox{…}`) with balanced braces, or the text after the last `\boxed ` up to a `$`. */
export function lastBoxedOnlyString(text: string): string {
  if (text.includes('\\boxed ')) return '\\boxed ' + text.split('\\boxed ').at(-1)!.split('$')[0];
  let idx = text.lastIndexOf('\\boxed');
  if (idx < 0) {
    idx = text.lastIndexOf('\\fbox');
    if (idx < 0) return INVALID_ANSWER;
  }
  let open = 0;
  for (let i = idx; i < text.length; i++) {
    if (text[i] === '{') open++;
    if (text[i] === '}') {
      open--;
      if (open === 0) return text.slice(idx, i + 1);
    }
  }
  return INVALID_ANSWER;
}

/** `\boxed{x}` → `x`, `\boxed x` → `x`; anything else (an `\fbox{…}` too) is INVALID_ANSWER, as in the reference. */
export function removeBoxed(s: string): string {
  if (s.includes('\\boxed ')) return s.startsWith('\\boxed ') ? s.slice('\\boxed '.length) : INVALID_ANSWER;
  return s.startsWith('\\boxed{') && s.endsWith('}') ? s.slice('\\boxed{'.length, -1) : INVALID_ANSWER;
}

/** The gold answer of a MATH solution (process_docs). */
export function goldAnswer(solution: string): string {
  return removeBoxed(lastBoxedOnlyString(solution));
}

