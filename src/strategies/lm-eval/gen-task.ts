/**
 * Generation tasks of the Open LLM Leaderboard (kind `gen`: IFEval, MATH Lvl 5), run as
 * lm-evaluation-harness runs them: greedy, the benchmark's generation limit and stop strings,
 * no system prompt. The benchmark's `prompt` names the format: `gen/ifeval` sends the prompt as
 * is; `gen/minerva-math` shows the 4 fixed minerva examples first (prompts/gen/
 * minerva-math-fewshot.json) — over chat as user/assistant turns (lm-eval's
 * --apply_chat_template --fewshot_as_multiturn), over completions as one text joined the lm-eval
 * way ("Problem:\n…\n\nSolution: <solution>", examples separated by a blank line).
 */
import { readFileSync } from 'node:fs';
import type { ChatMessage } from '../../types/endpoint.js';
import type { Prediction } from '../../types/prediction.js';
import type { Sample } from '../../types/sample.js';
import { packageFile } from '../../util/package-dir.js';
import { fillTemplate } from '../mcqa/mcqa-format.js';
import { loadTemplate } from '../mcqa/templates.js';
import { attemptOf, type StrategyContext } from '../strategy.js';

/** The generation benchmarks and the lm-eval task each follows (recorded per sample as `details.lmEvalTask`). */
const GEN_TASKS: Readonly<Record<string, string>> = { ifeval: 'leaderboard_ifeval', 'math-hard': 'leaderboard_math_hard' };

export function isGenTask(benchmark: string): boolean {
  return Object.hasOwn(GEN_TASKS, benchmark);
}

interface Shot {
  problem: string;
  solution: string;
}

const FEWSHOT: Record<string, string> = { 'gen/minerva-math': 'gen/minerva-math-fewshot.json' };
const shotsCache = new Map<string, Shot[]>();

function shotsFor(prompt: string): Shot[] {
  const file = FEWSHOT[prompt];
  if (!file) return [];
  let shots = shotsCache.get(file);
  if (!shots) shotsCache.set(file, (shots = JSON.parse(readFileSync(packageFile('prompts', file), 'utf8')) as Shot[]));
  return shots;
}

/** The request a `gen` sample is sent as, in both API shapes. */
export function genRequest(sample: Sample, ctx: Pick<StrategyContext, 'api' | 'task'>): { messages: ChatMessage[] } | { prompt: string } {
  const template = loadTemplate(ctx.task.prompt);
  const render = (question: string) => fillTemplate(template, { question });
  const shots = shotsFor(ctx.task.prompt);
  if (ctx.api === 'chat') {
    const turns = shots.flatMap((s): ChatMessage[] => [
      { role: 'user', content: render(s.problem) },
      { role: 'assistant', content: s.solution },
    ]);
    return { messages: [...turns, { role: 'user', content: render(sample.question) }] };
  }
  return { prompt: [...shots.map((s) => `${render(s.problem)} ${s.solution}`), render(sample.question)].join('\n\n') };
}

/** One greedy generation; the text is kept exactly as returned (IFEval checks read its spacing). */
export async function solveGenTask(sample: Sample, ctx: StrategyContext): Promise<Prediction> {
  const request = genRequest(sample, ctx);
  const result = await ctx.generate({ ...request, temperature: 0, maxTokens: ctx.task.maxTokens ?? ctx.maxTokens, stop: ctx.task.stop });
  return {
    text: result.text,
    attempts: [attemptOf(request, result, null)],
    ...(isGenTask(sample.benchmark) && { details: { lmEvalTask: GEN_TASKS[sample.benchmark] } }),
  };
}
