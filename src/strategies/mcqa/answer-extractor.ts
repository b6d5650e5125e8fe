/**
 * One answer extractor for every generative multiple-choice strategy.
 *
 * It reads the letters the model was shown (`shown`, in display order) and returns the shown
 * letter it chose, or null. Callers that shuffled options map the letter back to the original key.
 * Patterns, strongest first; within the strongest tier found, the last match in the text wins
 * ("Option (A) is tempting… Answer: C" → C):
 *   1. an answer phrase: "Answer: C", "the answer is (C)", "final answer: **C**", "correct option is C."
 *   2. a marked letter: "**C**", "(C)", or a line starting "C." / "C)"
 *   3. the whole reply is a letter: "C", "C."
 *   4. the whole reply (or its last line) is one option's text
 */
export interface ShownOption {
  letter: string;
  text: string;
}

const LETTER = '([A-Z])';
const END = '(?![A-Za-z0-9])';

function lastMatch(text: string, pattern: RegExp, letters: Set<string>): string | null {
  let found: string | null = null;
  for (const m of text.matchAll(pattern)) {
    const letter = m[1].toUpperCase();
    if (letters.has(letter)) found = letter;
  }
  return found;
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/^\s*(final\s+)?answer\s*[:\-]\s*/, '')
    .replace(/[\s.!*"'`]+$/g, '')
    .replace(/^[\s*"'`]+/g, '')
    .replace(/\s+/g, ' ');
}

const tiers: RegExp[] = [
  new RegExp(
    String.raw`\banswer(?:\s+is|\s+would\s+be|\s+option)?\s*(?:is\s*)?[:\-]?\s*(?:option\s*)?[\(\[*\s]*` + LETTER + END,
    'gi',
  ),
  new RegExp(String.raw`\*\*\s*(?:option\s*)?` + LETTER + String.raw`\s*[.)]?\s*(?:\*\*|[.)])|\(` + LETTER + String.raw`\)|^\s*` + LETTER + String.raw`[.)](?=\s|$)`, 'gm'),
];

export function extractAnswer(reply: string, shown: readonly ShownOption[]): string | null {
  const letters = new Set(shown.map((o) => o.letter));
  const text = reply.trim();
  if (text === '') return null;

  const phrase = lastMatch(text, tiers[0], letters);
  if (phrase) return phrase;

  let marked: string | null = null;
  for (const m of text.matchAll(tiers[1])) {
    const letter = (m[1] ?? m[2] ?? m[3]).toUpperCase();
    if (letters.has(letter)) marked = letter;
  }
  if (marked) return marked;

  const bare = /^[(*\s]*([A-Z])[).*\s]*$/.exec(text);
  if (bare && letters.has(bare[1])) return bare[1];

  const lines = text.split('\n').filter((l) => l.trim() !== '');
  for (const candidate of [text, lines[lines.length - 1]]) {
    const norm = normalise(candidate);
    const hits = shown.filter((o) => normalise(o.text) === norm);
    if (hits.length === 1) return hits[0].letter;
  }
  return null;
}
