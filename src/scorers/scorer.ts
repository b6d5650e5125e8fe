import type { Prediction } from '../types/prediction.js';
import type { SafetyVerdicts } from '../types/results.js';
import type { Sample } from '../types/sample.js';

export interface Score {
  /** Headline per-sample value: 1/0 for accuracy, ROUGE-1 F (stemmed) for rouge. */
  value: number;
  correct?: boolean;
  unparsed?: boolean;
  /** Other per-sample values, aggregated alongside the headline (acc_norm, rouge2, rougeL…). */
  extra?: Record<string, number>;
  /** Safety benchmarks: the rule-based verdicts behind the numbers. */
  safety?: SafetyVerdicts;
}

/**
 * Turns one prediction into a score. Pure: no I/O, no randomness.
 *
 * @example
 * const accuracy: Scorer = {
 *   name: 'accuracy',
 *   score: (p, s) => ({ value: p.answer === s.answer ? 1 : 0, correct: p.answer === s.answer, unparsed: p.answer == null }),
 * };
 */
export interface Scorer {
  /** The headline metric name written to run.json ("accuracy", "rouge1"). */
  name: string;
  score(prediction: Prediction, sample: Sample): Score;
}
