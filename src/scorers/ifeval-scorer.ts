import { buildChecks, evaluateResponse, IfevalInputError } from './ifeval/evaluate.js';
import type { Score, Scorer } from './scorer.js';
import { UserError } from '../util/errors.js';

/**
 * IFEval (lm-eval leaderboard_ifeval). Headline `value`: prompt_level_strict_acc (1 when every
 * instruction is followed, strict). `extra`: prompt_level_loose_acc, and the share of the
 * prompt's instructions followed, strict and loose, under keys weighted by the prompt's
 * instruction count (`…@instructions`), so run.json's inst_level_*_acc pool instructions over
 * prompts as lm-eval does. An empty response follows nothing.
 *
 * @example
 * ifevalScorer.score({ text: 'no commas here', attempts: [] }, sample).value; // 1 for [punctuation:no_comma]
 */
export const ifevalScorer: Scorer = {
  name: 'prompt_level_strict_acc',
  score(prediction, sample): Score {
    if (!sample.instructions) throw new Error(`sample ${sample.id} of ${sample.benchmark} has no instructions to check (not an IFEval row)`);
    let checks: ReturnType<typeof buildChecks>;
    try {
      checks = buildChecks({ instruction_id_list: sample.instructions.map((i) => i.id), kwargs: sample.instructions.map((i) => i.kwargs) });
    } catch (err) {
      if (err instanceof IfevalInputError) throw new UserError(`${sample.benchmark} sample ${sample.id}: ${err.message}`);
      throw err;
    }
    const { strict, loose } = evaluateResponse(checks, prediction.text ?? '');
    const share = (xs: boolean[]) => xs.filter(Boolean).length / xs.length;
    return {
      value: strict.follow_all_instructions ? 1 : 0,
      correct: strict.follow_all_instructions,
      extra: {
        prompt_level_loose_acc: loose.follow_all_instructions ? 1 : 0,
        'inst_level_strict_acc@instructions': share(strict.follow_instruction_list),
        'inst_level_loose_acc@instructions': share(loose.follow_instruction_list),
      },
    };
  },
};
