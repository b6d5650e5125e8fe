/** language:response_language. */
import { strArg, type Instruction } from './instruction.js';
import { detectLanguage } from './language-detect.js';

/** ResponseLanguageChecker: the detected language is `language`; an undetectable text counts as followed. */
export const responseLanguage: Instruction = {
  args: ['language'],
  build(kwargs) {
    const language = strArg(kwargs, 'language');
    return (response) => (detectLanguage(response) ?? language) === language;
  },
};
