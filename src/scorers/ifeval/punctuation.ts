/** punctuation:no_comma. */
import type { Instruction } from './instruction.js';

/** CommaChecker: no ASCII comma anywhere (other comma characters are allowed, as in the reference). */
export const noComma: Instruction = {
  args: [],
  build: () => (response) => !response.includes(','),
};
