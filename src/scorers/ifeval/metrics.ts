/**
 * The four leaderboard numbers (lm-eval leaderboard_ifeval): prompt-level = share of prompts
 * with every instruction followed; instruction-level = followed instructions over all
 * instructions (pooled over prompts, not averaged per prompt).
 */
import type { IfevalVerdicts } from './evaluate.js';

export const IFEVAL_METRICS = ['prompt_level_strict_acc', 'inst_level_strict_acc', 'prompt_level_loose_acc', 'inst_level_loose_acc'] as const;
export type IfevalMetric = (typeof IFEVAL_METRICS)[number];

export function ifevalMetrics(results: readonly IfevalVerdicts[]): Record<IfevalMetric, number> {
  const share = (xs: readonly boolean[]) => (xs.length === 0 ? 0 : xs.filter(Boolean).length / xs.length);
  return {
    prompt_level_strict_acc: share(results.map((r) => r.strict.follow_all_instructions)),
    inst_level_strict_acc: share(results.flatMap((r) => r.strict.follow_instruction_list)),
    prompt_level_loose_acc: share(results.map((r) => r.loose.follow_all_instructions)),
    inst_level_loose_acc: share(results.flatMap((r) => r.loose.follow_instruction_list)),
  };
}
