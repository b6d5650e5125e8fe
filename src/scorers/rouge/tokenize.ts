import { Vocabulary } from './vocabulary.js';

/**
 * Tokens exactly as rouge_score's `tokenize(text, stemmer)` returns them, as strings: the ids
 * {@link Vocabulary.tokenize} gives the engine, spelled out (for tests and debugging).
 *
 * @example
 * tokenize('The 3.5-mg dose, İBUPROFEN', false); // ['the', '3', '5', 'mg', 'dose', 'i', 'buprofen']
 * tokenize('Patients were dying', true);         // ['patient', 'were', 'die']
 */
export function tokenize(text: string, stem: boolean): string[] {
  const vocabulary = new Vocabulary();
  const tokens = vocabulary.tokenize(text);
  return Array.from(stem ? tokens.stemmed : tokens.raw, (id) => vocabulary.word(id));
}
