/** length_constraints: number_sentences, number_paragraphs, number_words, nth_paragraph_first_word. */
import { compare, intArg, relationArg, strArg, type Instruction } from './instruction.js';
import { countSentences, countWords, pySplit, pyStrip, stripChars } from './text.js';

/** NumberOfSentences (sentence splitter: see countSentences). */
export const numberSentences: Instruction = {
  args: ['num_sentences', 'relation'],
  build(kwargs) {
    const threshold = intArg(kwargs, 'num_sentences');
    const relation = relationArg(kwargs, 'relation');
    return (response) => compare(countSentences(response), relation, threshold);
  },
};

/** NumberOfWords: `\w+` tokens. */
export const numberWords: Instruction = {
  args: ['num_words', 'relation'],
  build(kwargs) {
    const threshold = intArg(kwargs, 'num_words');
    const relation = relationArg(kwargs, 'relation');
    return (response) => compare(countWords(response), relation, threshold);
  },
};

const DIVIDER = /\s?\*\*\*\s?/u;

/** ParagraphChecker: exactly N paragraphs between `***` dividers; an empty one inside fails, empty ends don't count. */
export const numberParagraphs: Instruction = {
  args: ['num_paragraphs'],
  build(kwargs) {
    const expected = intArg(kwargs, 'num_paragraphs');
    return (response) => {
      const paragraphs = response.split(DIVIDER);
      let n = paragraphs.length;
      for (const [i, p] of paragraphs.entries()) {
        if (pyStrip(p) !== '') continue;
        if (i === 0 || i === paragraphs.length - 1) n--;
        else return false;
      }
      return n === expected;
    };
  },
};

const FIRST_WORD_STOP = new Set(['.', ',', '?', '!', "'", '"']);

/** ParagraphFirstWordCheck: N paragraphs split on "\n\n", and paragraph `nth_paragraph` starts with `first_word`. */
export const nthParagraphFirstWord: Instruction = {
  args: ['num_paragraphs', 'nth_paragraph', 'first_word'],
  build(kwargs) {
    const expected = intArg(kwargs, 'num_paragraphs');
    const nth = intArg(kwargs, 'nth_paragraph');
    const wanted = strArg(kwargs, 'first_word').toLowerCase();
    return (response) => {
      const paragraphs = response.split('\n\n');
      let n = paragraphs.length;
      for (const p of paragraphs) if (pyStrip(p) === '') n--;
      if (nth > n) return false;
      // As the reference: index nth-1 of the unfiltered list (a negative nth counts from the end in Python).
      const paragraph = pyStrip(paragraphs.at(nth - 1) ?? '');
      if (paragraph === '') return false;
      let word = pyStrip(pySplit(paragraph)[0]);
      word = stripChars(stripChars(word, "'", 'left'), '"', 'left');
      let first = '';
      for (const ch of word) {
        if (FIRST_WORD_STOP.has(ch)) break;
        first += ch.toLowerCase();
      }
      return n === expected && first === wanted;
    };
  },
};
