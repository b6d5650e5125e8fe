/**
 * Python string and `re` behaviour the IFEval verifiers rely on, written once so every verifier
 * reads like its reference (google-research `instruction_following_eval`, instructions.py and
 * instructions_util.py). Python 3 regexes on `str` are Unicode-aware (`\w`, `\b`, `\d`), and
 * `.` excludes only "\n"; JavaScript's are not, so the patterns here spell those classes out.
 */

/** Python's `\w` on str: letters, digits (any script) and underscore. */
export const WORD_CHAR = '[\\p{L}\\p{N}_]';

/** Python's `\b` on str: between a `\w` and a non-`\w` character (or an end). */
export const WORD_BOUNDARY = `(?:(?<=${WORD_CHAR})(?!${WORD_CHAR})|(?<!${WORD_CHAR})(?=${WORD_CHAR}))`;

const IS_WORD_CHAR = new RegExp(`^${WORD_CHAR}$`, 'u');

/**
 * `\bword\b` as Python reads it. For a literal word the general boundary reduces to a
 * one-sided look-around at each end, which is much faster; a pattern keeps the general form.
 */
export function wholeWordPattern(word: string): string {
  if (!/^[\p{L}\p{N}_ '-]+$/u.test(word)) return `${WORD_BOUNDARY}${word}${WORD_BOUNDARY}`;
  const first = [...word][0];
  const last = [...word].at(-1)!;
  const before = IS_WORD_CHAR.test(first) ? `(?<!${WORD_CHAR})` : `(?<=${WORD_CHAR})`;
  const after = IS_WORD_CHAR.test(last) ? `(?!${WORD_CHAR})` : `(?=${WORD_CHAR})`;
  return `${before}${word}${after}`;
}

/** The characters Python's str.isspace() accepts (JavaScript's `\s` adds U+FEFF, lacks U+001C–U+001F and U+0085). */
const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const PY_SPACE_CHARS = new Set('\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000');
const SPLIT = new RegExp(`${PY_SPACE}+`);

/**
 * A regex from a kwarg the reference passes to `re` unescaped (keywords are regexes there).
 * A pattern JavaScript cannot compile is matched literally instead of failing the line.
 */
export function userRegex(pattern: string, flags: string): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
  }
}

/** Python's str.isupper(): at least one cased character and none lower- or title-case. */
const ASCII = /^[\x00-\x7f]*$/;

export function isUpper(s: string): boolean {
  if (ASCII.test(s)) return /[A-Z]/.test(s) && !/[a-z]/.test(s);
  return /\p{Uppercase}/u.test(s) && !/[\p{Lowercase}\p{Lt}]/u.test(s);
}

/** Python's str.islower(): at least one cased character and none upper- or title-case. */
export function isLower(s: string): boolean {
  if (ASCII.test(s)) return /[a-z]/.test(s) && !/[A-Z]/.test(s);
  return /\p{Lowercase}/u.test(s) && !/[\p{Uppercase}\p{Lt}]/u.test(s);
}

/** Python's str.strip() with no argument. */
export function pyStrip(s: string): string {
  // A loop, not a regex: `\s+$` retries at every position and is quadratic on long answers.
  let start = 0;
  let end = s.length;
  while (start < end && PY_SPACE_CHARS.has(s[start])) start++;
  while (end > start && PY_SPACE_CHARS.has(s[end - 1])) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Python's str.strip(chars) / lstrip / rstrip with an explicit character set. */
export function stripChars(s: string, chars: string, side: 'both' | 'left' | 'right' = 'both'): string {
  let start = 0;
  let end = s.length;
  if (side !== 'right') while (start < end && chars.includes(s[start])) start++;
  if (side !== 'left') while (end > start && chars.includes(s[end - 1])) end--;
  return s.slice(start, end);
}

/** Python's str.split() with no argument: runs of whitespace, no empty strings. */
export function pySplit(s: string): string[] {
  return s.split(SPLIT).filter((w) => w !== '');
}

/** instructions_util.count_words: NLTK's RegexpTokenizer(r"\w+"). */
const WORDS = new RegExp(`${WORD_CHAR}+`, 'gu');

export function countWords(text: string): number {
  // In ASCII text Python's `\w` is [A-Za-z0-9_], which JavaScript matches faster.
  return text.match(ASCII.test(text) ? /\w+/g : WORDS)?.length ?? 0;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Titles Punkt's English model knows as abbreviations, after which UAX #29 alone would break. */
const TITLE_END = /(?:^|[^\p{L}])(?:Mr|Mrs|Ms|Dr|Prof|St)\.\s*$/u;

/**
 * instructions_util.count_sentences. The reference uses NLTK's Punkt model for English; here
 * Unicode sentence boundaries (ICU's UAX #29 rules, built into Node), with two Punkt habits
 * added: newlines are read as spaces (Punkt never breaks at a line end without punctuation),
 * and no break after a title such as "Dr.". Where the two still disagree is listed in
 * docs/ifeval-and-math.md.
 */
export function countSentences(text: string): number {
  let n = 0;
  let carry = false;
  for (const { segment } of segmenter.segment(text.replace(/\r?\n|\r/g, ' '))) {
    if (segment.trim() === '') continue;
    if (!carry) n++;
    carry = TITLE_END.test(segment);
  }
  return n;
}
