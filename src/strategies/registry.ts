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

export { strategyDescriptions } from './descriptions.js';

export function strategyNames(): StrategyName[] {
  return Object.keys(strategies) as StrategyName[];
}

export function createStrategy(name: string): Strategy {
  if (!(name in strategies)) {
    throw new UserError(`unknown strategy "${name}" (known: ${strategyNames().join(', ')}); fix --strategy`);
  }
  return strategies[name as StrategyName]();
}
