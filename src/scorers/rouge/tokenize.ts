import { porterStem } from './porter-stemmer.js';

/**
 * rouge_score's default tokenizer: Python `str.lower()`, every run of characters outside
 * `[a-z0-9]` becomes one separator, split, optionally Porter-stem tokens longer than 3 characters.
 *
 * Python's `lower()` turns exactly two non-ASCII characters into ASCII letters (checked over all
 * of Unicode): U+0130 `İ` → `i` + U+0307 (so it ends the token) and U+212A KELVIN SIGN → `k`.
 * Every other non-ASCII character, upper or lower case, ends up outside `[a-z0-9]`.
 */
export function normalizeForRouge(text: string): string {
  return SPECIAL_LOWER.test(text) ? text.replace(/\u0130/g, 'i\u0307').replace(/\u212a/g, 'k') : text;
}

const SPECIAL_LOWER = /[\u0130\u212a]/;

/** Calls `onToken(start, end, hasUpper)` for each ASCII-alphanumeric run and `onNewline()` for each "\n". */
export function scanTokens(
  text: string,
  onToken: (start: number, end: number, hasUpper: boolean) => void,
  onNewline?: () => void,
): void {
  let start = -1;
  let hasUpper = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const lower = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    const upper = !lower && c >= 65 && c <= 90;
    if (lower || upper) {
      if (start < 0) {
        start = i;
        hasUpper = false;
      }
      if (upper) hasUpper = true;
      continue;
    }
    if (start >= 0) {
      onToken(start, i, hasUpper);
      start = -1;
    }
    if (c === 10 && onNewline) onNewline();
  }
  if (start >= 0) onToken(start, n, hasUpper);
}

/**
 * Tokens exactly as rouge_score's `tokenize(text, stemmer)` returns them.
 *
 * @example
 * tokenize('The 3.5-mg dose, İBUPROFEN', false); // ['the', '3', '5', 'mg', 'dose', 'i', 'buprofen']
 * tokenize('Patients were dying', true);         // ['patient', 'were', 'die']
 */
export function tokenize(text: string, stem: boolean): string[] {
  const normalized = normalizeForRouge(text);
  const tokens: string[] = [];
  scanTokens(normalized, (start, end, hasUpper) => {
    let token = normalized.slice(start, end);
    if (hasUpper) token = token.toLowerCase();
    tokens.push(stem && token.length > 3 ? porterStem(token) : token);
  });
  return tokens;
}
