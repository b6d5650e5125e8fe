import type { Prediction } from '../types/prediction.js';
import { UserError } from '../util/errors.js';
import { hash32 } from '../util/rng.js';
import { runVote, voteDetails } from './ensemble/ensemble.js';
import { askMcqa } from './mcqa/mcqa-call.js';
import { fewShotMessages, styleTemplate } from './mcqa/few-shot.js';
import { loadTemplate } from './mcqa/templates.js';
import { readMedpromptOptions } from './medprompt-options.js';
import type { Strategy } from './strategy.js';

/**
 * prompt_engine leaves SC-CoT's temperature to the model's generation config; Llama-3.1 models
 * (Aloe-Beta among them) ship 0.6, which its OpenMedQA config also sets (docs/sc-cot-and-reranking.md).
 */
const SC_COT_DEFAULT_TEMPERATURE = 0.6;

/** `--sc-temperature`, from the strategy options (a config file may hand any value). */
export function scTemperature(options: Record<string, unknown>): number {
  const value = options.scTemperature;
  if (value == null) return SC_COT_DEFAULT_TEMPERATURE;
  const t = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > 2) {
    throw new UserError(`--sc-temperature must be a number from 0 to 2, got ${JSON.stringify(value)}`);
  }
  return t;
}

/**
 * Self-consistency chain of thought (Wang et al. 2022; prompt_engine's "SC-CoT"): the same
 * zero-shot chain-of-thought prompt, options in their original order, sampled `--ensemble-size`
 * times at `--sc-temperature`, then the plurality vote, tie rule and `--ensemble-stop` rules of
 * the choice-shuffle ensemble (ensemble/), so `--strategy ensemble,sc-cot` compares the two at
 * equal cost. The prompts are identical, so what makes the calls differ — and keeps their
 * response-cache entries apart — is the position: call i carries the cache tag `sc-cot:i` and the
 * server seed hash32(run seed, "sc-cot", sample id, i), reproducible whatever the concurrency.
 */
export function createScCotStrategy(): Strategy {
  return {
    name: 'sc-cot',
    kinds: ['mcqa'],
    templates: () => ({ [styleTemplate.cot]: loadTemplate(styleTemplate.cot) }),
    async preflight(ctx) {
      if (scTemperature(ctx.options) === 0) ctx.log('warning: sc-cot at --sc-temperature 0 samples the same answer every time; its vote is one greedy call repeated');
    },
    async solve(sample, ctx): Promise<Prediction> {
      const { ensembleSize: size, ensembleStop: stop } = readMedpromptOptions(ctx.options);
      const temperature = scTemperature(ctx.options);
      const messages = fewShotMessages(sample, undefined, [], 'cot', ctx.systemPrompt);
      const sampling = { ...ctx, temperature };
      const call = (i: number) =>
        askMcqa(sample, messages, 'cot', sampling, {
          seed: hash32(`${ctx.seed}\u0000sc-cot\u0000${sample.id}\u0000${i}`),
          cacheTag: `sc-cot:${i}`,
        });
      const out = await runVote(sample.options!.map((o) => o.key), call, { size, stop });
      return {
        answer: out.vote.answer,
        attempts: out.attempts,
        votes: out.vote.votes,
        details: { temperature, ...voteDetails(out, { size, stop }) },
      };
    },
  };
}
