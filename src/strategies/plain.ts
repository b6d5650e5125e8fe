import type { ChatMessage } from '../types/endpoint.js';
import type { Prediction } from '../types/prediction.js';
import type { Sample } from '../types/sample.js';
import { extractAnswer } from './answer-extractor.js';
import { originalKey, renderQuestion, showOptions, fillTemplate } from './mcqa-format.js';
import { chatToPrompt } from './chat-to-prompt.js';
import type { Strategy, StrategyContext } from './strategy.js';
import { loadTemplate } from './templates.js';

const MCQA_TEMPLATE = 'mcqa-plain';

/** Variables an open-task template may use: question, context, and every string metadata field. */
export function openTemplateVars(sample: Sample): Record<string, string> {
  const vars: Record<string, string> = { question: sample.question, context: sample.context ?? '' };
  for (const [k, v] of Object.entries(sample.metadata)) if (v != null) vars[k] = String(v);
  return vars;
}

export function plainMessages(sample: Sample, ctx: StrategyContext): ChatMessage[] {
  const user =
    sample.kind === 'mcqa'
      ? renderQuestion(loadTemplate(MCQA_TEMPLATE), sample, showOptions(sample.options!))
      : fillTemplate(loadTemplate(ctx.task.prompt), openTemplateVars(sample)).trimEnd();
  return [
    { role: 'system', content: ctx.systemPrompt },
    { role: 'user', content: user },
  ];
}

/** Zero-shot: one call, the answer extracted from the reply (mcqa) or the reply itself (open). */
export function createPlainStrategy(): Strategy {
  return {
    name: 'plain',
    kinds: ['mcqa', 'open'],
    templates: () => ({ [MCQA_TEMPLATE]: loadTemplate(MCQA_TEMPLATE) }),
    async solve(sample: Sample, ctx: StrategyContext): Promise<Prediction> {
      const messages = plainMessages(sample, ctx);
      const request =
        ctx.api === 'chat'
          ? { messages }
          : { prompt: chatToPrompt(messages, sample.kind === 'mcqa' ? 'Answer:' : '') };
      const result = await ctx.generate({
        ...request,
        temperature: ctx.temperature,
        maxTokens: ctx.task.maxTokens ?? ctx.maxTokens,
        stop: ctx.task.stop,
      });
      const attempt = {
        ...request,
        raw: result.text,
        extracted: null as string | null,
        finishReason: result.finishReason,
        usage: result.usage,
        latencyMs: result.latencyMs,
        cached: result.cached,
        endpoint: result.endpoint,
      };
      if (sample.kind === 'open') return { text: result.text.trim(), attempts: [attempt] };
      const letter = extractAnswer(result.text, showOptions(sample.options!));
      attempt.extracted = originalKey(letter, sample.options!);
      return { answer: attempt.extracted, attempts: [attempt] };
    },
  };
}
