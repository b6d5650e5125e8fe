/** The 25 instruction ids of IFEval (instructions_registry.INSTRUCTION_DICT), one family per file. */
import { capitalWordFrequency, englishCapital, englishLowercase } from './change-case.js';
import { repeatPrompt, twoResponses } from './combination.js';
import { numberPlaceholders, postscript } from './content.js';
import { constrainedResponse, jsonFormat, multipleSections, numberBulletLists, numberHighlightedSections, title } from './format.js';
import type { Instruction } from './instruction.js';
import { forbiddenWords, keywordExistence, keywordFrequency, letterFrequency } from './keywords.js';
import { responseLanguage } from './language.js';
import { nthParagraphFirstWord, numberParagraphs, numberSentences, numberWords } from './length.js';
import { noComma } from './punctuation.js';
import { endChecker, quotation } from './startend.js';

export const INSTRUCTIONS = {
  'keywords:existence': keywordExistence,
  'keywords:frequency': keywordFrequency,
  'keywords:forbidden_words': forbiddenWords,
  'keywords:letter_frequency': letterFrequency,
  'language:response_language': responseLanguage,
  'length_constraints:number_sentences': numberSentences,
  'length_constraints:number_paragraphs': numberParagraphs,
  'length_constraints:number_words': numberWords,
  'length_constraints:nth_paragraph_first_word': nthParagraphFirstWord,
  'detectable_content:number_placeholders': numberPlaceholders,
  'detectable_content:postscript': postscript,
  'detectable_format:number_bullet_lists': numberBulletLists,
  'detectable_format:constrained_response': constrainedResponse,
  'detectable_format:number_highlighted_sections': numberHighlightedSections,
  'detectable_format:multiple_sections': multipleSections,
  'detectable_format:json_format': jsonFormat,
  'detectable_format:title': title,
  'combination:two_responses': twoResponses,
  'combination:repeat_prompt': repeatPrompt,
  'startend:end_checker': endChecker,
  'change_case:capital_word_frequency': capitalWordFrequency,
  'change_case:english_capital': englishCapital,
  'change_case:english_lowercase': englishLowercase,
  'punctuation:no_comma': noComma,
  'startend:quotation': quotation,
} as const satisfies Record<string, Instruction>;

export type InstructionId = keyof typeof INSTRUCTIONS;

export function isInstructionId(id: string): id is InstructionId {
  return Object.hasOwn(INSTRUCTIONS, id);
}
