import type { ChatMessage } from '../types/endpoint.js';
import type { Prediction } from '../types/prediction.js';
import type { Sample } from '../types/sample.js';
import { chatToPrompt } from './mcqa/chat-to-prompt.js';
import { solveGenTask } from './lm-eval/gen-task.js';
import { askMcqa } from './mcqa/mcqa-call.js';
import { renderQuestion, showOptions, fillTemplate } from './mcqa/mcqa-format.js';
import { attemptOf, needData, type Strategy, type StrategyContext } from './strategy.js';
import { loadTemplate } from './mcqa/templates.js';

const MCQA_TEMPLATE = 'mcqa-plain';

/** Variables an open-task template may use: question, context, and every string metadata field. */
function openTemplateVars(sample: Sample): Record<string, string> {
  const vars: Record<string, string> = { question: sample.question, context: sample.context ?? '' };
  for (const [k, v] of Object.entries(sample.metadata)) if (v != null) vars[k] = String(v);
  return vars;
}

function userTurn(sample: Sample, ctx: StrategyContext): string {
  return sample.kind === 'mcqa'
    ? renderQuestion(loadTemplate(MCQA_TEMPLATE), sample, showOptions(sample.options!))
    : fillTemplate(loadTemplate(ctx.task.prompt), openTemplateVars(sample)).trimEnd();
}

function plainMessages(sample: Sample, ctx: StrategyContext, examples: readonly Sample[] = []): ChatMessage[] {
  const shots = examples.flatMap((ex): ChatMessage[] => [
    { role: 'user', content: userTurn(ex, ctx) },
    { role: 'assistant', content: ex.references![0] },
  ]);
  return [{ role: 'system', content: ctx.systemPrompt }, ...shots, { role: 'user', content: userTurn(sample, ctx) }];
}

/**
 * Zero-shot: one call, the answer extracted from the reply (mcqa, sent as any direct-answer
 * multiple-choice call: mcqa-call.ts) or the reply itself (open).
 * Generation tasks (IFEval, MATH) are asked as lm-eval asks them (lm-eval/gen-task.ts).
 * Open tasks take `--fewshot N`: the first N examples of the benchmark's train split, in order,
 * as user/assistant turns before the question.
 */
export function createPlainStrategy(): Strategy {
  let examples: Sample[] = [];
  return {
    name: 'plain',
    kinds: ['mcqa', 'open', 'gen', 'safety'],
    templates: () => ({ [MCQA_TEMPLATE]: loadTemplate(MCQA_TEMPLATE) }),
    async prepare(benchmark, samples, ctx) {
      const n = Number(ctx.options.fewshot ?? 0);
      if (n <= 0 || samples[0]?.kind !== 'open') return;
      const pool = await needData(ctx, '--fewshot').pool(benchmark);
      examples = pool.samples.filter((s) => s.references?.[0]).slice(0, n);
    },
    async solve(sample: Sample, ctx: StrategyContext): Promise<Prediction> {
      if (sample.kind === 'gen') return solveGenTask(sample, ctx);
      if (sample.kind === 'mcqa') {
        const attempt = await askMcqa(sample, plainMessages(sample, ctx), 'direct', ctx);
        return { answer: attempt.extracted, attempts: [attempt] };
      }
      const messages = plainMessages(sample, ctx, examples);
      const request = ctx.api === 'chat' ? { messages } : { prompt: chatToPrompt(messages, '') };
      const result = await ctx.generate({
        ...request,
        temperature: ctx.temperature,
        maxTokens: ctx.task.maxTokens ?? ctx.maxTokens,
        stop: ctx.task.stop,
      });
      const attempt = attemptOf(request, result, null);
      return { text: result.text.trim(), attempts: [attempt] };
    },
  };
}
