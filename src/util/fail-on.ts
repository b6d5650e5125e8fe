/**
 * `--fail-on`, one word set for `run --baseline` and `compare`: "regression" exits 3 on a
 * significant regression, "never" (the default) exits 0. `compare` used to say "none" for
 * "never"; it is still accepted, with a deprecation line on stderr.
 */
export type FailOn = 'regression' | 'never';

/** What either command's parser accepts (the deprecated word last). */
export const failOnWords = ['regression', 'never', 'none'] as const;

export function canonicalFailOn(word: (typeof failOnWords)[number], warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): FailOn {
  if (word !== 'none') return word;
  warn('aloe-eval: --fail-on none is deprecated; use --fail-on never (same meaning)');
  return 'never';
}
