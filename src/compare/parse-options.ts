/** Parsing of `compare`'s flags (`run --baseline` validates its --fail-on / --min-effect through config/run-options.ts). */
import { ExitCode, UserError } from '../util/errors.js';
import { canonicalFailOn, failOnWords, type FailOn } from '../util/fail-on.js';

export type { FailOn };

export function parseAlpha(text: string): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0 || v >= 1) {
    throw new UserError(`--alpha ${text}: expected a number between 0 and 1 (e.g. --alpha 0.05)`, ExitCode.usage);
  }
  return v;
}

export function parseMinEffect(text: string): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0) {
    throw new UserError(`--min-effect ${text}: expected a non-negative number of points (e.g. --min-effect 1 for one percentage point)`, ExitCode.usage);
  }
  return v;
}

/** `--fail-on`: "regression" (exit 3 on a significant regression) or "never", as in `run` ("none" is deprecated). */
export function parseFailOn(text: string): FailOn {
  const word = failOnWords.find((w) => w === text);
  if (!word) throw new UserError(`--fail-on ${text}: expected "regression" (exit 3 on a significant regression) or "never"`, ExitCode.usage);
  return canonicalFailOn(word);
}

export function parseSeed(text: string): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 0) throw new UserError(`--seed ${text}: expected a non-negative integer`, ExitCode.usage);
  return v;
}
