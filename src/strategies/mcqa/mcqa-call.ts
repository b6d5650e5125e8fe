import type { ChatMessage, GenerateRequest } from '../../types/endpoint.js';
import type { Attempt } from '../../types/prediction.js';
import type { Sample } from '../../types/sample.js';
import { extractAnswer } from './answer-extractor.js';
import { chatToPrompt } from './chat-to-prompt.js';
import type { AnswerStyle } from './few-shot.js';
import { originalKey, showOptions } from './mcqa-format.js';
import { attemptOf, type StrategyContext } from '../strategy.js';

export interface CallSettings {
  /** Display order of the options (original keys); omitted = original order, not recorded. */
  order?: string[];
  /** Server-side sampling seed (ensemble calls). */
  seed?: number;
  /** Response-cache tag: the call's position in an ensemble. */
  cacheTag?: string;
}

/**
 * Sends one multiple-choice prompt and records it as an Attempt: the request exactly as sent
 * (chat messages, or the flattened prompt for `--api completions`), the display order, the raw
 * reply and the answer mapped back to its original key (null when unparsed). Chain-of-thought
 * calls get the run's token limit and no stop sequences (the reasoning must not be cut);
 * direct calls use the benchmark's limit and stops.
 */
export async function askMcqa(
  sample: Sample,
  messages: ChatMessage[],
  style: AnswerStyle,
  ctx: StrategyContext,
  settings: CallSettings = {},
): Promise<Attempt> {
  const body = ctx.api === 'chat' ? { messages } : { prompt: chatToPrompt(messages, style === 'cot' ? '' : 'Answer:') };
  const request: GenerateRequest = {
    ...body,
    temperature: ctx.temperature,
    maxTokens: style === 'cot' ? ctx.maxTokens : (ctx.task.maxTokens ?? ctx.maxTokens),
    stop: style === 'cot' ? undefined : ctx.task.stop,
    seed: settings.seed,
    cacheTag: settings.cacheTag,
  };
  const result = await ctx.generate(request);
  const letter = extractAnswer(result.text, showOptions(sample.options!, settings.order));
  const sent = { ...body, ...(settings.order ? { permutation: settings.order } : {}) };
  return attemptOf(sent, result, originalKey(letter, sample.options!, settings.order));
}
