/** keywords:existence, keywords:frequency, keywords:forbidden_words, keywords:letter_frequency. */
import { KwargError, compare, intArg, pySorted, relationArg, strArg, strListArg, type Instruction } from './instruction.js';
import { pyStrip, userRegex, wholeWordPattern } from './text.js';

/** KeywordChecker: every keyword, read as a regex, found case-insensitively. */
export const keywordExistence: Instruction = {
  args: ['keywords'],
  build(kwargs) {
    const patterns = pySorted(strListArg(kwargs, 'keywords')).map((k) => userRegex(k, 'iu'));
    return (response) => patterns.every((p) => p.test(response));
  },
};

/** KeywordFrequencyChecker: non-overlapping case-insensitive matches of the keyword (a regex). */
export const keywordFrequency: Instruction = {
  args: ['keyword', 'frequency', 'relation'],
  build(kwargs) {
    const pattern = userRegex(pyStrip(strArg(kwargs, 'keyword')), 'giu');
    const frequency = intArg(kwargs, 'frequency');
    const relation = relationArg(kwargs, 'relation');
    return (response) => compare(response.match(pattern)?.length ?? 0, relation, frequency);
  },
};

const ASCII = /^[\x00-\x7f]*$/;
const ASCII_WORD = /^[A-Za-z0-9 '-]+$/;

/** ForbiddenWords: none of the words as a whole word (`\bword\b`), case-insensitively. */
export const forbiddenWords: Instruction = {
  args: ['forbidden_words'],
  build(kwargs) {
    const words = pySorted([...new Set(strListArg(kwargs, 'forbidden_words'))]);
    const patterns = words.map((w) => ({ re: userRegex(wholeWordPattern(w), 'iu'), ascii: ASCII_WORD.test(w) ? w.toLowerCase() : null }));
    return (response) => {
      // Fast path: in ASCII text a plain ASCII word can only match where its lower case occurs.
      const lower = ASCII.test(response) ? response.toLowerCase() : null;
      return !patterns.some((p) => (lower !== null && p.ascii !== null && !lower.includes(p.ascii) ? false : p.re.test(response)));
    };
  },
};

/** LetterFrequencyChecker: occurrences of one letter in the lower-cased response. */
export const letterFrequency: Instruction = {
  args: ['letter', 'let_frequency', 'let_relation'],
  build(kwargs) {
    const letter = strArg(kwargs, 'letter');
    // The reference picks a random letter for anything but one character.
    if ([...letter].length !== 1) throw new KwargError(`kwarg "letter" must be one character, not ${JSON.stringify(letter)}`);
    const target = pyStrip(letter).toLowerCase();
    const frequency = intArg(kwargs, 'let_frequency');
    const relation = relationArg(kwargs, 'let_relation');
    return (response) => {
      let n = 0;
      for (const ch of response.toLowerCase()) if (ch === target) n++;
      return compare(n, relation, frequency);
    };
  },
};
