/**
 * `--strategy lm-eval-gen`: the lm-eval prompts for servers without prompt logprobs. Greedy,
 * stops at the first newline; the answer is the choice the model writes first after the prompt
 * — a letter, yes/no/maybe for PubMedQA, a BBH or MuSR choice. Anything else is unparsed (scored wrong).
 */
import type { Prediction } from '../../types/prediction.js';
import type { Sample } from '../../types/sample.js';
import { attemptOf, type Strategy, type StrategyContext } from '../strategy.js';
import { lmEvalDetails, lmEvalStrategy, type SplitLoader } from './prompt-source.js';
import { lmEvalTaskFor, type LmEvalTask } from './tasks.js';

/** Enough for " B" or " maybe" in any tokenizer; the rest of the line is not read. */
const GEN_MAX_TOKENS = 8;
/** For choices longer than 8 characters (MuSR's names and places): room for the longest. */
const LONG_CHOICE_MAX_TOKENS = 48;

/**
 * Index of the choice the generated text starts with, or -1. Letters must be capitals standing
 * alone (" B", "B.", "(B)"), and so must the letter of a bracketed choice ("(B)" or "B" for
 * GPQA's and BBH's "(B)"); other choices (yes/no/maybe, BBH's "True", MuSR's names) are matched
 * case-insensitively as the longest choice the text starts with, ending at a word boundary.
 */
export function parseGenerated(text: string, choices: readonly string[]): number {
  const s = text.trimStart();
  const bracketed = choices.every((c) => /^\([A-Z]\)$/.test(c));
  if (bracketed || choices.every((c) => /^[A-Z]$/.test(c))) {
    const m = /^\(?([A-Z])(?![A-Za-z0-9])/.exec(s);
    if (!m) return -1;
    return choices.indexOf(bracketed ? `(${m[1]})` : m[1]);
  }
  const lower = s.toLowerCase();
  let best = -1;
  for (let i = 0; i < choices.length; i++) {
    const c = choices[i].toLowerCase();
    if (c === '' || !lower.startsWith(c)) continue;
    const next = lower.charAt(c.length);
    if (/[a-z0-9]/i.test(next) && /[a-z0-9]$/i.test(c)) continue;
    if (best < 0 || c.length > choices[best].length) best = i;
  }
  return best;
}

/** The text before the first stop sequence, as lm-eval cuts generations client-side too. */
export function cutAtStop(text: string, until: readonly string[]): string {
  let end = text.length;
  for (const u of until) {
    const i = text.indexOf(u);
    if (i >= 0 && i < end) end = i;
  }
  return text.slice(0, end);
}

/** A `generate_until` task (BBH CoT): greedy text up to the task's stop sequences; the benchmark's scorer reads it. */
async function generateUntil(
  sample: Sample,
  generate: NonNullable<LmEvalTask['generate']>,
  context: string,
  shots: readonly Sample[],
  ctx: StrategyContext,
): Promise<Prediction> {
  const result = await ctx.generate({ prompt: context, temperature: 0, maxTokens: generate.maxTokens, stop: [...generate.until] });
  const text = cutAtStop(result.text, generate.until);
  return {
    answer: null,
    text,
    attempts: [attemptOf({ prompt: context }, result, null)],
    details: lmEvalDetails(sample, shots),
  };
}

/** `loadSplit` is for tests; runs read splits through the datasets layer. */
export function createLmEvalGenStrategy(loadSplit?: SplitLoader): Strategy {
  return lmEvalStrategy(
    'lm-eval-gen',
    async (sample, { prompt, shots }, ctx): Promise<Prediction> => {
      const task = lmEvalTaskFor(sample.benchmark);
      if (task.generate) return generateUntil(sample, task.generate, prompt.context, shots, ctx);
      const result = await ctx.generate({ prompt: prompt.context, temperature: 0, maxTokens: prompt.choices.some((c) => c.length > 8) ? LONG_CHOICE_MAX_TOKENS : GEN_MAX_TOKENS, stop: ['\n'] });
      const i = parseGenerated(result.text, prompt.choices);
      const answer = i >= 0 ? sample.options![i].key : null;
      return {
        answer,
        attempts: [attemptOf({ prompt: prompt.context }, result, answer)],
        details: lmEvalDetails(sample, shots),
      };
    },
    { loadSplit, generation: true },
  );
}
