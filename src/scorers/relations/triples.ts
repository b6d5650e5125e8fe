/**
 * Relation triples in the one-per-line answer format the BioRED prompt asks for:
 *
 *   entity 1 | entity 2 | relation type
 *
 * and `none` when the text states no relation. The gold reference is written in the same format
 * (by the biored adapter), so gold and prediction go through one parser.
 *
 * Matching is on normalised text: entities lower-cased with whitespace collapsed and surrounding
 * quotes/brackets dropped; relation types lower-cased with every non-letter/digit removed
 * (`Positive_Correlation` = `positive correlation`). BioRED annotates relations between concept
 * pairs without direction, so for its eight types the pair is unordered.
 */

/** BioRED's relation types (Luo et al. 2022), all undirected. Any other type keeps its order. */
export const SYMMETRIC_RELATIONS: ReadonlySet<string> = new Set(
  ['Association', 'Positive_Correlation', 'Negative_Correlation', 'Bind', 'Cotreatment', 'Comparison', 'Drug_Interaction', 'Conversion'].map(normaliseType),
);

export interface ParsedTriples {
  /** Distinct triple keys (normalised, symmetric pairs sorted). */
  triples: Set<string>;
  /** No line had the `a | b | type` shape and the text was not `none`. */
  unparsed: boolean;
}

export function normaliseEntity(text: string): string {
  return text
    .trim()
    .replace(/^["'`*(\[]+|["'`*)\].,;:]+$/g, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

export function normaliseType(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The comparison key of one triple: `e1\u0000e2\u0000type`, with e1 ≤ e2 for symmetric types. */
export function tripleKey(entity1: string, entity2: string, type: string): string {
  let a = normaliseEntity(entity1);
  let b = normaliseEntity(entity2);
  const t = normaliseType(type);
  if (SYMMETRIC_RELATIONS.has(t) && b < a) [a, b] = [b, a];
  return `${a}\u0000${b}\u0000${t}`;
}

/** A list marker or numbering a model may put before a line ("- ", "* ", "3. ", "2) "). */
const LINE_PREFIX = /^\s*(?:[-*•]|\d+[.)])\s+/;
const HEADER_TYPES = new Set(['relation', 'relationtype', 'type']);
const NONE = /^(none|no relations?( found)?|n\/a)\.?$/i;

export function parseTriples(text: string): ParsedTriples {
  const triples = new Set<string>();
  let sawNone = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(LINE_PREFIX, '').replace(/^`+|`+$/g, '').trim();
    if (line === '') continue;
    if (NONE.test(line)) {
      sawNone = true;
      continue;
    }
    let parts = line.split('|').map((p) => p.trim());
    // A markdown table row has empty outer cells: "| a | b | type |".
    if (parts.length === 5 && parts[0] === '' && parts[4] === '') parts = parts.slice(1, 4);
    if (parts.length !== 3 || parts.some((p) => normaliseEntity(p) === '')) continue;
    if (/^:?-+:?$/.test(parts[0]) || HEADER_TYPES.has(normaliseType(parts[2]))) continue; // table separator or header row
    triples.add(tripleKey(parts[0], parts[1], parts[2]));
  }
  return { triples, unparsed: triples.size === 0 && !sawNone };
}

export interface TripleCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** True/false positives and false negatives of a predicted set against the gold set. */
export function countTriples(predicted: ReadonlySet<string>, gold: ReadonlySet<string>): TripleCounts {
  let tp = 0;
  for (const t of predicted) if (gold.has(t)) tp++;
  return { tp, fp: predicted.size - tp, fn: gold.size - tp };
}
