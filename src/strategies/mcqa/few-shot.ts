import type { ChatMessage } from '../../types/endpoint.js';
import type { OptionItem, Sample } from '../../types/sample.js';
import { renderQuestion, showOptions } from './mcqa-format.js';
import { loadTemplate } from './templates.js';

/** How the model is asked to answer: reason first (chain of thought), or give the letter directly. */
export type AnswerStyle = 'cot' | 'direct';

/** The prompt template each style uses (prompts/<name>.txt), for examples and the test question alike. */
export const styleTemplate: Record<AnswerStyle, string> = { cot: 'mcqa-cot', direct: 'mcqa-plain' };

/** A solved question shown to the model before the test question. */
export interface Example {
  id: string;
  question: string;
  context?: string;
  /** In the dataset's original order. */
  options: OptionItem[];
  /** Gold original key. */
  answer: string;
  /** Keys in the order the options were displayed when the rationale was written. */
  order: string[];
  /** The model's reasoning, ending in its answer (cot style only). */
  rationale?: string | null;
}

/**
 * The rationale as the assistant turn: it must end with "Answer: X" (X the shown letter of the
 * gold option) so every example demonstrates the format the extractor reads. A rationale that
 * ends otherwise ("…so the answer is (C).") gets the line appended.
 */
export function withAnswerLine(rationale: string, letter: string): string {
  const text = rationale.trim();
  const last = text.split('\n').pop()!.trim();
  // "Answer: C", "**Answer: (C).**", prompt_engine's "Answer: [C]"…
  if (new RegExp(`^\\**answer\\s*:\\s*\\**\\s*[([]?${letter}[)\\]]?\\.?\\**$`, 'i').test(last)) {
    return `${text.slice(0, text.length - last.length)}Answer: ${letter}`;
  }
  return `${text}\n\nAnswer: ${letter}`;
}

/** The user and assistant turns of one example, options in the order its rationale was written with. */
export function exampleTurns(example: Example, style: AnswerStyle): ChatMessage[] {
  const shown = showOptions(example.options, example.order);
  const letter = shown[example.order.indexOf(example.answer)].letter;
  const asSample: Sample = {
    id: example.id,
    benchmark: '',
    kind: 'mcqa',
    question: example.question,
    context: example.context,
    options: example.options,
    metadata: {},
  };
  const answer = style === 'cot' && example.rationale ? withAnswerLine(example.rationale, letter) : `Answer: ${letter}`;
  return [
    { role: 'user', content: renderQuestion(loadTemplate(styleTemplate[style]), asSample, shown) },
    { role: 'assistant', content: answer },
  ];
}

/**
 * System prompt, the examples as user/assistant turns (in the order given: callers put the most
 * similar last, nearest the question), then the test question with its options in `order`.
 *
 * @example
 * fewShotMessages(sample, ['C', 'A', 'D', 'B'], examples, 'cot', ctx.systemPrompt)
 */
export function fewShotMessages(
  sample: Sample,
  order: readonly string[] | undefined,
  examples: readonly Example[],
  style: AnswerStyle,
  systemPrompt: string,
): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (systemPrompt) messages.push({ role: 'system', content: systemPrompt });
  for (const example of examples) messages.push(...exampleTurns(example, style));
  messages.push({ role: 'user', content: renderQuestion(loadTemplate(styleTemplate[style]), sample, showOptions(sample.options!, order)) });
  return messages;
}
