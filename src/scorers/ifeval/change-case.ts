/** change_case: capital_word_frequency, english_capital, english_lowercase. */
import { compare, intArg, relationArg, type Instruction } from './instruction.js';
import { detectLanguage } from './language-detect.js';
import { isLower, isUpper } from './text.js';
import { wordTokenize } from './word-tokenize.js';

/** CapitalWordFrequencyChecker: upper-case tokens of NLTK's word_tokenize. */
export const capitalWordFrequency: Instruction = {
  args: ['capital_frequency', 'capital_relation'],
  build(kwargs) {
    const frequency = intArg(kwargs, 'capital_frequency');
    const relation = relationArg(kwargs, 'capital_relation');
    return (response) => compare(wordTokenize(response).filter(isUpper).length, relation, frequency);
  },
};

/** The reference counts a text langdetect finds no features in as followed. */
const isEnglish = (text: string): boolean => (detectLanguage(text) ?? 'en') === 'en';

/** CapitalLettersEnglishChecker: str.isupper() and detected English. */
export const englishCapital: Instruction = {
  args: [],
  build: () => (response) => isUpper(response) && isEnglish(response),
};

/** LowercaseLettersEnglishChecker: str.islower() and detected English. */
export const englishLowercase: Instruction = {
  args: [],
  build: () => (response) => isLower(response) && isEnglish(response),
};
