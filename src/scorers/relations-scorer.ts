import { rougeForSample, rougeToScore } from './rouge-scorer.js';
import { countTriples, parseTriples } from './relations/triples.js';
import type { Score, Scorer } from './scorer.js';

/**
 * Keys of `Score.extra` the relations scorer adds beside ROUGE's: per-sample triple counts
 * (`relations_tp`, `relations_fp`, `relations_fn`) and `relations_unparsed` (1 when the answer
 * held no `a | b | type` line and was not `none`). Aggregation turns the counts into micro
 * `relations_precision`, `relations_recall` and `relations_f1` (results/aggregate.ts).
 */
export const RELATION_COUNT_PREFIX = 'relations';

/**
 * ROUGE-1 headline (as for every open task) plus relation extraction: the answer and the gold
 * reference are both parsed into (entity pair, relation type) triples (scorers/relations/triples.ts)
 * and compared as sets. An empty or failed answer predicts no triple: every gold one is missed.
 *
 * @example
 * // gold "BRCA1 | breast cancer | Association", answer "breast cancer | brca1 | association"
 * relationsScorer.score(prediction, sample).extra; // { …rouge, relations_tp: 1, relations_fp: 0, relations_fn: 0, relations_unparsed: 0 }
 */
export const relationsScorer: Scorer = {
  name: 'rouge1',
  score(prediction, sample): Score {
    const score = rougeToScore(rougeForSample(prediction, sample));
    const gold = parseTriples(sample.references?.[0] ?? '');
    const predicted = parseTriples(prediction.text ?? '');
    const { tp, fp, fn } = countTriples(predicted.triples, gold.triples);
    const p = RELATION_COUNT_PREFIX;
    score.extra = { ...score.extra, [`${p}_tp`]: tp, [`${p}_fp`]: fp, [`${p}_fn`]: fn, [`${p}_unparsed`]: predicted.unparsed ? 1 : 0 };
    return score;
  },
};
