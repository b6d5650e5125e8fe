import { UserError } from '../util/errors.js';
import { createLmEvalGenStrategy } from './lm-eval/gen.js';
import { createLoglikStrategy } from './lm-eval/loglik.js';
import { createPlainStrategy } from './plain.js';
import type { Strategy } from './strategy.js';

/**
 * Every strategy by name. The runner makes a fresh instance per benchmark, so `prepare` may keep
 * per-benchmark state (an index, a pool) on the instance.
 */
export const strategies = {
  plain: createPlainStrategy,
  loglik: createLoglikStrategy,
  'lm-eval-gen': createLmEvalGenStrategy,
} as const satisfies Record<string, () => Strategy>;

export type StrategyName = keyof typeof strategies;

export function strategyNames(): StrategyName[] {
  return Object.keys(strategies) as StrategyName[];
}

export function createStrategy(name: string): Strategy {
  if (!(name in strategies)) {
    throw new UserError(`unknown strategy "${name}" (known: ${strategyNames().join(', ')}); fix --strategy`);
  }
  return strategies[name as StrategyName]();
}
