/** detectable_content: number_placeholders, postscript. */
import { intArg, strArg, type Instruction } from './instruction.js';
import { pyStrip, userRegex } from './text.js';

const PLACEHOLDER = /\[[^\n]*?\]/g;

/** PlaceholderChecker: at least N `[...]` on one line. */
export const numberPlaceholders: Instruction = {
  args: ['num_placeholders'],
  build(kwargs) {
    const min = intArg(kwargs, 'num_placeholders');
    return (response) => (response.match(PLACEHOLDER)?.length ?? 0) >= min;
  },
};

/**
 * PostscriptChecker: the marker anywhere, case-insensitively (the reference's `\s*MARKER.*$` in
 * MULTILINE mode: `.*` runs to the line end, so `$` always holds and adds nothing).
 */
export const postscript: Instruction = {
  args: ['postscript_marker'],
  build(kwargs) {
    const marker = pyStrip(strArg(kwargs, 'postscript_marker'));
    const pattern =
      marker === 'P.P.S'
        ? /\s*p\.\s?p\.\s?s[^\n]*/u
        : marker === 'P.S.'
          ? /\s*p\.\s?s\.[^\n]*/u
          : userRegex(`\\s*${marker.toLowerCase()}[^\\n]*`, 'u');
    return (response) => pattern.test(response.toLowerCase());
  },
};
