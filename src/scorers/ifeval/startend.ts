/** startend: end_checker, quotation. */
import { strArg, type Instruction } from './instruction.js';
import { pyStrip, stripChars } from './text.js';

/** EndChecker: ends with the phrase, case-insensitively, once spaces and double quotes are stripped. */
export const endChecker: Instruction = {
  args: ['end_phrase'],
  build(kwargs) {
    const phrase = pyStrip(pyStrip(strArg(kwargs, 'end_phrase'))).toLowerCase();
    return (response) => stripChars(pyStrip(response), '"').toLowerCase().endsWith(phrase);
  },
};

/** QuotationChecker: wrapped in double quotes (and longer than one character). */
export const quotation: Instruction = {
  args: [],
  build: () => (response) => {
    const value = pyStrip(response);
    return value.length > 1 && value.startsWith('"') && value.endsWith('"');
  },
};
