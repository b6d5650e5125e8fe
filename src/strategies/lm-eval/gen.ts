/**
 * `--strategy lm-eval-gen`: the lm-eval prompts for servers without prompt logprobs. Greedy,
 * stops at the first newline; the answer is the first word the model writes after "Answer:"
 * — a letter A–D, or yes/no/maybe for PubMedQA. Anything else is unparsed (scored wrong).
 */
import type { Prediction } from '../../types/prediction.js';
import type { Strategy } from '../strategy.js';
import { lmEvalDetails, lmEvalStrategy, type SplitLoader } from './prompt-source.js';

/** Enough for " B" or " maybe" in any tokenizer; the rest of the line is not read. */
const GEN_MAX_TOKENS = 8;

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
  return lmEvalStrategy(
    'lm-eval-gen',
    async (sample, { prompt, shots }, ctx): Promise<Prediction> => {
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
        details: lmEvalDetails(sample, shots),
      };
    },
    { loadSplit },
  );
}
