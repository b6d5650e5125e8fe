import { UserError } from '../util/errors.js';
import { createLmEvalGenStrategy } from './lm-eval/gen.js';
import { createLoglikStrategy } from './lm-eval/loglik.js';
import { createComposedStrategy, type StrategySpec } from './composed.js';
import { createPlainStrategy } from './plain.js';
import { createScCotStrategy } from './sc-cot.js';
import type { Strategy } from './strategy.js';

const composed = (spec: StrategySpec) => () => createComposedStrategy(spec);

/**
 * Every strategy by name. The runner makes a fresh instance per benchmark, so `prepare` may keep
 * per-benchmark state (an index, a pool) on the instance. cot … medprompt are Medprompt's
 * ablation, each adding one ingredient (composed.ts, docs/medprompt.md).
 */
export const strategies = {
  plain: createPlainStrategy,
  loglik: createLoglikStrategy,
  'lm-eval-gen': createLmEvalGenStrategy,
  cot: composed({ name: 'cot', examples: 'none', style: 'cot', ensemble: false }),
  fewshot: composed({ name: 'fewshot', examples: 'random', style: 'direct', ensemble: false }),
  'fewshot-cot': composed({ name: 'fewshot-cot', examples: 'random', style: 'cot', ensemble: false }),
  knn: composed({ name: 'knn', examples: 'knn', style: 'direct', ensemble: false }),
  'knn-cot': composed({ name: 'knn-cot', examples: 'knn', style: 'cot', ensemble: false }),
  ensemble: composed({ name: 'ensemble', examples: 'none', style: 'cot', ensemble: true }),
  medprompt: composed({ name: 'medprompt', examples: 'knn', style: 'cot', ensemble: true }),
  'sc-cot': createScCotStrategy,
} as const satisfies Record<string, () => Strategy>;

export type StrategyName = keyof typeof strategies;

/** One line each, for `aloe-eval list`. */
export const strategyDescriptions = {
  plain: 'zero-shot: the question, the options, "Answer: X" (open tasks: the benchmark\'s prompt; --fewshot train examples)',
  loglik: 'lm-evaluation-harness protocol: loglikelihood of each choice via echo logprobs; acc and acc_norm',
  'lm-eval-gen': 'lm-evaluation-harness prompts, greedy generation, the choice it starts with (servers without prompt logprobs); bbh-cot: chain of thought',
  cot: 'zero-shot chain of thought',
  fewshot: 'k random examples from the labelled split (direct answers)',
  'fewshot-cot': 'k random pool examples with rationales, then chain of thought',
  knn: 'k nearest examples by question embedding (BM25 without an embeddings endpoint)',
  'knn-cot': 'k nearest pool examples with rationales, then chain of thought',
  ensemble: 'chain of thought, choice-shuffle ensemble with plurality vote',
  medprompt: 'kNN few-shot + chain of thought + choice-shuffle ensemble (adaptive early stop)',
  'sc-cot': 'self-consistency: chain of thought sampled --ensemble-size times at --sc-temperature, options in order, plurality vote',
} as const satisfies Record<StrategyName, string>;

export function strategyNames(): StrategyName[] {
  return Object.keys(strategies) as StrategyName[];
}

export function createStrategy(name: string): Strategy {
  if (!(name in strategies)) {
    throw new UserError(`unknown strategy "${name}" (known: ${strategyNames().join(', ')}); fix --strategy`);
  }
  return strategies[name as StrategyName]();
}
