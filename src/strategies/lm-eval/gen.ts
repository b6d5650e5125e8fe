/**
 * `--strategy lm-eval-gen`: the lm-eval prompts for servers without prompt logprobs. Greedy,
 * stops at the first newline; the answer is the first word the model writes after "Answer:"
 * — a letter A–D, or yes/no/maybe for PubMedQA. Anything else is unparsed (scored wrong).
 */
import type { Prediction } from '../../types/prediction.js';
import type { Sample } from '../../types/sample.js';
import type { Strategy, StrategyContext } from '../strategy.js';
import { checkRunFits, PromptSource, withLmEvalPrompt, type SplitLoader } from './prompt-source.js';
import { lmEvalTaskFor } from './tasks.js';

/** Enough for " B" or " maybe" in any tokenizer; the rest of the line is not read. */
export const GEN_MAX_TOKENS = 8;

/**
 * Index of the choice the generated text starts with, or -1. Letters must be capitals standing
 * alone (" B", "B.", "(B)"); words are matched whole and case-insensitively (" Yes.").
 */
export function parseGenerated(text: string, choices: readonly string[]): number {
  const s = text.trimStart();
  if (choices.every((c) => /^[A-Z]$/.test(c))) {
    const m = /^\(?([A-Z])(?![A-Za-z0-9])/.exec(s);
    return m ? choices.indexOf(m[1]) : -1;
  }
  const m = /^[A-Za-z]+/.exec(s);
  return m ? choices.indexOf(m[0].toLowerCase()) : -1;
}

/** `loadSplit` is for tests; runs read splits through the datasets layer. */
export function createLmEvalGenStrategy(loadSplit?: SplitLoader): Strategy {
  const source = new PromptSource(loadSplit);
  return {
    name: 'lm-eval-gen',
    kinds: ['mcqa'],
    async preflight(ctx: StrategyContext) {
      checkRunFits(ctx);
    },
    prepare: (benchmark, samples, ctx) => source.prepare(benchmark, samples, ctx),
    solve: (sample: Sample, ctx: StrategyContext): Promise<Prediction> =>
      withLmEvalPrompt(source, sample, async ({ prompt, shots }) => {
        const result = await ctx.generate({ prompt: prompt.context, temperature: 0, maxTokens: GEN_MAX_TOKENS, stop: ['\n'] });
        const i = parseGenerated(result.text, prompt.choices);
        const answer = i >= 0 ? sample.options![i].key : null;
        return {
          answer,
          attempts: [
            {
              prompt: prompt.context,
              raw: result.text,
              extracted: answer,
              finishReason: result.finishReason,
              usage: result.usage,
              latencyMs: result.latencyMs,
              cached: result.cached,
              endpoint: result.endpoint,
            },
          ],
          details: { lmEvalTask: lmEvalTaskFor(sample.benchmark).name, ...(shots.length ? { fewshotIds: shots.map((s) => s.id) } : {}) },
        };
      }),
  };
}
