/**
 * evaluation_lib's test_instruction_following_strict and _loose. Strict: each instruction is
 * checked on the response as is. Loose: followed when any of eight variants passes — the
 * response, without its first line, without its last, without both, and each of those four
 * with every `*` removed. An empty (all-space) response or variant never passes.
 */
import { KwargError, type Check } from './instruction.js';
import { INSTRUCTIONS, isInstructionId } from './registry.js';
import { pyStrip } from './text.js';

export interface IfevalItem {
  instruction_id_list: readonly string[];
  /** One object per instruction; null values are dropped (the Hub copy fills absent keys with null). */
  kwargs: readonly Readonly<Record<string, unknown>>[];
}

export interface Verdict {
  follow_all_instructions: boolean;
  follow_instruction_list: boolean[];
}

export interface IfevalVerdicts {
  strict: Verdict;
  loose: Verdict;
}

/** A row the verifiers cannot read: an unknown id, a missing or mistyped kwarg. */
export class IfevalInputError extends Error {}

/** The checks of one row, built once (regexes compiled, kwargs validated). */
export function buildChecks(item: IfevalItem): Check[] {
  if (item.kwargs.length !== item.instruction_id_list.length) {
    throw new IfevalInputError(`"kwargs" has ${item.kwargs.length} entries for ${item.instruction_id_list.length} instructions; give one object per instruction`);
  }
  return item.instruction_id_list.map((id, i) => {
    if (!isInstructionId(id)) throw new IfevalInputError(`unknown instruction id "${id}" (known: the 25 ids of IFEval, docs/ifeval-and-math.md)`);
    const kwargs = Object.fromEntries(Object.entries(item.kwargs[i] ?? {}).filter(([, v]) => v !== null && v !== undefined));
    try {
      return INSTRUCTIONS[id].build(kwargs);
    } catch (err) {
      if (err instanceof KwargError) throw new IfevalInputError(`instruction ${i} (${id}) ${err.message}`);
      throw err;
    }
  });
}

/** The eight loose variants, in the reference's order. */
export function looseVariants(response: string): string[] {
  const lines = response.split('\n');
  const removeFirst = pyStrip(lines.slice(1).join('\n'));
  const removeLast = pyStrip(lines.slice(0, -1).join('\n'));
  const removeBoth = pyStrip(lines.slice(1, -1).join('\n'));
  const noStars = (s: string) => s.replaceAll('*', '');
  return [response, noStars(response), removeFirst, removeLast, removeBoth, noStars(removeFirst), noStars(removeLast), noStars(removeBoth)];
}

function verdict(list: boolean[]): Verdict {
  return { follow_all_instructions: list.every(Boolean), follow_instruction_list: list };
}

export function evaluateResponse(checks: readonly Check[], response: string): IfevalVerdicts {
  const passes = (check: Check, text: string) => pyStrip(text) !== '' && check(text);
  const strict = checks.map((c) => passes(c, response));
  const variants = looseVariants(response);
  const loose = checks.map((c, i) => strict[i] || variants.some((v) => passes(c, v)));
  return { strict: verdict(strict), loose: verdict(loose) };
}

/** Both verdicts of one row (builds its checks; throws IfevalInputError for a bad row). */
export function evaluateIfeval(item: IfevalItem, response: string): IfevalVerdicts {
  return evaluateResponse(buildChecks(item), response);
}
