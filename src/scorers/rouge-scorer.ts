import type { Prediction } from '../types/prediction.js';
import type { Sample } from '../types/sample.js';
import { ROUGE_METRICS, scoreRougeMulti, type RougeResult } from './rouge/rouge.js';
import type { Score, Scorer } from './scorer.js';

export { ROUGE_METRICS, RougeEngine, scoreRouge, scoreRougeMulti } from './rouge/rouge.js';
export type { RougeMetric, RougeResult, RougeScore, RougeScores } from './rouge/rouge.js';

/**
 * Keys of `Score.extra` written by {@link rougeScorer}, all F-measures in [0, 1]:
 * `rouge2`, `rougeL`, `rougeLsum` (stemmed, like the headline) and `rouge1_unstemmed`,
 * `rouge2_unstemmed`, `rougeL_unstemmed`, `rougeLsum_unstemmed`.
 */
export const ROUGE_EXTRA_KEYS = [
  'rouge2',
  'rougeL',
  'rougeLsum',
  'rouge1_unstemmed',
  'rouge2_unstemmed',
  'rougeL_unstemmed',
  'rougeLsum_unstemmed',
] as const;

/** The full ROUGE structure (P/R/F, both settings) of a prediction against a sample's references. */
export function rougeForSample(prediction: Prediction, sample: Sample): RougeResult {
  const references = sample.references;
  if (!references || references.length === 0) {
    throw new Error(`sample ${sample.id} of ${sample.benchmark} has no references to score ROUGE against`);
  }
  // A prediction without text (the generation failed) is scored as the empty string: 0.
  return scoreRougeMulti(prediction.text ?? '', references);
}

/** Flattens a result into the headline + extra shape of a {@link Score}. */
export function rougeToScore(result: RougeResult): Score {
  const extra: Record<string, number> = {};
  for (const metric of ROUGE_METRICS) {
    if (metric !== 'rouge1') extra[metric] = result.stemmed[metric].fmeasure;
  }
  for (const metric of ROUGE_METRICS) extra[`${metric}_unstemmed`] = result.unstemmed[metric].fmeasure;
  return { value: result.stemmed.rouge1.fmeasure, extra };
}

/**
 * ROUGE for open-ended tasks. Headline `value` = ROUGE-1 F with the Porter stemmer (what
 * lm-evaluation-harness reports); `extra` holds the other F values ({@link ROUGE_EXTRA_KEYS}).
 * With several references each metric takes the best-F reference (rouge_score's `score_multi`).
 *
 * @example
 * rougeScorer.score({ text: 'Patient was dying.', attempts: [] }, sample).value; // 0.666… vs 'The patient died.'
 */
export const rougeScorer: Scorer = {
  name: 'rouge1',
  score: (prediction, sample) => rougeToScore(rougeForSample(prediction, sample)),
};
