import { describe, expect, it } from 'vitest';
import { ROUGE_EXTRA_KEYS, rougeForSample, rougeScorer, scoreRouge } from '../src/scorers/rouge-scorer.js';
import type { Prediction } from '../src/types/prediction.js';
import type { Sample } from '../src/types/sample.js';

function sample(references: string[] | undefined): Sample {
  return { id: 's1', benchmark: 'synthetic-open', kind: 'open', question: 'Summarise.', references, metadata: {} };
}
const prediction = (text: string | undefined): Prediction => ({ text, attempts: [] });

describe('rouge scorer (open tasks)', () => {
  it('is named rouge1 and reports stemmed ROUGE-1 F as the headline', () => {
    expect(rougeScorer.name).toBe('rouge1');
    const score = rougeScorer.score(prediction('Patients were dying of sepsis.'), sample(['The patient died of sepsis.']));
    const full = scoreRouge('Patients were dying of sepsis.', 'The patient died of sepsis.');
    expect(score.value).toBe(full.stemmed.rouge1.fmeasure);
    // stemming matters here (patients/patient, dying/died), so the headline is the stemmed one
    expect(score.value).toBeGreaterThan(full.unstemmed.rouge1.fmeasure);
  });

  it('puts the other F values in extra under the documented keys', () => {
    const score = rougeScorer.score(prediction('fever and cough\nno rash'), sample(['cough and fever\nrash']));
    const full = scoreRouge('fever and cough\nno rash', 'cough and fever\nrash');
    expect(Object.keys(score.extra ?? {}).sort()).toEqual([...ROUGE_EXTRA_KEYS].sort());
    expect(score.extra).toEqual({
      rouge2: full.stemmed.rouge2.fmeasure,
      rougeL: full.stemmed.rougeL.fmeasure,
      rougeLsum: full.stemmed.rougeLsum.fmeasure,
      rouge1_unstemmed: full.unstemmed.rouge1.fmeasure,
      rouge2_unstemmed: full.unstemmed.rouge2.fmeasure,
      rougeL_unstemmed: full.unstemmed.rougeL.fmeasure,
      rougeLsum_unstemmed: full.unstemmed.rougeLsum.fmeasure,
    });
  });

  it('scores against the best reference per metric', () => {
    const result = rougeForSample(prediction('fever cough rash pain'), sample(['pain rash cough fever', 'fever cough chills nausea']));
    expect(result.stemmed.rouge1.fmeasure).toBe(1);
    expect(result.stemmed.rouge2.fmeasure).toBeCloseTo(1 / 3, 15);
  });

  it('scores a missing prediction text as 0 and refuses a sample without references', () => {
    expect(rougeScorer.score(prediction(undefined), sample(['fever'])).value).toBe(0);
    expect(() => rougeScorer.score(prediction('fever'), sample([]))).toThrow(/no references/);
    expect(() => rougeScorer.score(prediction('fever'), sample(undefined))).toThrow(/s1 of synthetic-open/);
  });
});
