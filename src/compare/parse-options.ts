/** Parsing of `compare`'s flags (`run --baseline` validates its --fail-on / --min-effect through config/run-options.ts). */
import { ExitCode, UserError } from '../util/errors.js';

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

export type FailOn = 'regression' | 'never' | 'none';

/** `--fail-on`: "regression" (exit 3 on a significant regression) or "never" (alias "none"), as in `run`. */
export function parseFailOn(text: string): FailOn {
  if (text !== 'regression' && text !== 'never' && text !== 'none') {
    throw new UserError(`--fail-on ${text}: expected "regression" (exit 3 on a significant regression) or "never"`, ExitCode.usage);
  }
  return text;
}

export function parseSeed(text: string): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 0) throw new UserError(`--seed ${text}: expected a non-negative integer`, ExitCode.usage);
  return v;
}
