/**
 * One IFEval instruction: `build` reads its kwargs (as the reference's `build_description`
 * does) and returns the check (its `check_following`). Families live one file each
 * (keywords.ts, length.ts, …); registry.ts maps the 25 instruction ids to them.
 *
 * @example
 * const noComma: Instruction = { args: [], build: () => (response) => !response.includes(',') };
 */
export type Kwargs = Readonly<Record<string, unknown>>;
export type Check = (response: string) => boolean;

export interface Instruction {
  /** The kwargs this instruction reads; any other key is ignored, as in the reference. */
  args: readonly string[];
  build(kwargs: Kwargs): Check;
}

/** A kwarg that is missing or of the wrong type; names the argument. */
export class KwargError extends Error {}

/** The reference draws a random value when a kwarg is missing; a verdict must not depend on luck, so it is an error here. */
function need(kwargs: Kwargs, name: string): unknown {
  const v = kwargs[name];
  if (v === undefined || v === null) throw new KwargError(`needs kwarg "${name}"`);
  return v;
}

export function intArg(kwargs: Kwargs, name: string): number {
  const v = need(kwargs, name);
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new KwargError(`kwarg "${name}" must be an integer, not ${JSON.stringify(v)}`);
  return v;
}

export function strArg(kwargs: Kwargs, name: string): string {
  const v = need(kwargs, name);
  if (typeof v !== 'string') throw new KwargError(`kwarg "${name}" must be a string, not ${JSON.stringify(v)}`);
  return v;
}

export function strListArg(kwargs: Kwargs, name: string): string[] {
  const v = need(kwargs, name);
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new KwargError(`kwarg "${name}" must be a list of strings`);
  return v as string[];
}

export type Relation = 'less than' | 'at least';

/** `_COMPARISON_RELATION`; anything else is the reference's ValueError. */
export function relationArg(kwargs: Kwargs, name: string): Relation {
  const v = strArg(kwargs, name);
  if (v !== 'less than' && v !== 'at least') throw new KwargError(`kwarg "${name}" must be "less than" or "at least", not ${JSON.stringify(v)}`);
  return v;
}

export function compare(actual: number, relation: Relation, threshold: number): boolean {
  return relation === 'less than' ? actual < threshold : actual >= threshold;
}

/** Python's sorted() on strings: by code point. */
export function pySorted(words: readonly string[]): string[] {
  return [...words].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
