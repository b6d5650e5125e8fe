import type { OptionItem, Sample } from '../../types/sample.js';
import type { ShownOption } from './answer-extractor.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Options as the model sees them: `order` lists original keys in display order (a permutation
 * for the choice-shuffle ensemble); display letters are always A, B, C… in that order.
 */
export function showOptions(options: readonly OptionItem[], order?: readonly string[]): ShownOption[] {
  const byKey = new Map(options.map((o) => [o.key, o]));
  const keys = order ?? options.map((o) => o.key);
  return keys.map((key, i) => ({ letter: LETTERS[i], text: byKey.get(key)!.text }));
}

/** Maps a shown letter back to the original option key. */
export function originalKey(letter: string | null, options: readonly OptionItem[], order?: readonly string[]): string | null {
  if (letter == null) return null;
  const keys = order ?? options.map((o) => o.key);
  const i = LETTERS.indexOf(letter);
  return i >= 0 && i < keys.length ? keys[i] : null;
}

function formatOptions(shown: readonly ShownOption[]): string {
  return shown.map((o) => `${o.letter}. ${o.text}`).join('\n');
}

/** Fills `{{name}}` placeholders; unknown placeholders are left as they are. */
export function fillTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in vars ? vars[name] : whole));
}

/** The user turn for a multiple-choice question rendered with a prompt template. */
export function renderQuestion(template: string, sample: Sample, shown: readonly ShownOption[]): string {
  return fillTemplate(template, {
    context: sample.context ? `${sample.context}\n\n` : '',
    question: sample.question,
    options: formatOptions(shown),
  }).trimEnd();
}
