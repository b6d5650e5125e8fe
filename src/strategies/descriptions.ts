import type { StrategyName } from './registry.js';

/*
 * Kept apart from the registry so `aloe-eval list` can print them without loading every strategy.
 */

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
