/**
 * BioRED's triple scoring on hand-computed cases, and the micro precision/recall/F1 that
 * aggregation derives from the per-sample counts.
 */
import { describe, expect, it } from 'vitest';
import { aggregateBenchmark } from '../src/results/aggregate.js';
import { relationsScorer } from '../src/scorers/relations-scorer.js';
import { parseTriples, tripleKey } from '../src/scorers/relations/triples.js';
import type { SampleRecord } from '../src/types/results.js';
import type { Sample } from '../src/types/sample.js';

const GOLD = ['Drug X | disease Y | Negative_Correlation', 'v1 | disease Y | Association', 'Drug X | G1 | Bind'].join('\n');
const sample = (reference = GOLD): Sample => ({ id: 'd1', benchmark: 'biored', kind: 'open', question: 'abstract', references: [reference], metadata: {} });
const counts = (text: string, reference?: string) => {
  const x = relationsScorer.score({ text, attempts: [] }, sample(reference)).extra!;
  return { tp: x.relations_tp, fp: x.relations_fp, fn: x.relations_fn, unparsed: x.relations_unparsed };
};

describe('relation triples', () => {
  it('exact match: every gold triple found, nothing extra', () => {
    expect(counts(GOLD)).toEqual({ tp: 3, fp: 0, fn: 0, unparsed: 0 });
  });

  it('a swapped pair of a symmetric (BioRED) type still matches; case, spacing, bullets and type spelling do not matter', () => {
    const answer = ['- disease y | drug  x | negative correlation', '2. Disease Y | V1 | association', '* G1 | Drug X | BIND'].join('\n');
    expect(counts(answer)).toEqual({ tp: 3, fp: 0, fn: 0, unparsed: 0 });
    expect(tripleKey('a', 'b', 'Association')).toBe(tripleKey('b', 'a', 'association'));
    // a type outside BioRED's eight keeps its direction
    expect(tripleKey('a', 'b', 'causes')).not.toBe(tripleKey('b', 'a', 'causes'));
  });

  it('a wrong relation type is one false positive and one false negative', () => {
    // 2 of 3 right, one pair with the wrong type: P = 2/3, R = 2/3
    const answer = ['Drug X | disease Y | Positive_Correlation', 'v1 | disease Y | Association', 'Drug X | G1 | Bind'].join('\n');
    expect(counts(answer)).toEqual({ tp: 2, fp: 1, fn: 1, unparsed: 0 });
  });

  it('an unparsable answer predicts nothing: all gold missed, counted as unparsed; "none" is a parsed empty answer', () => {
    expect(counts('Drug X reduces disease Y, and G1 binds it.')).toEqual({ tp: 0, fp: 0, fn: 3, unparsed: 1 });
    expect(counts('')).toEqual({ tp: 0, fp: 0, fn: 3, unparsed: 1 });
    expect(counts('none')).toEqual({ tp: 0, fp: 0, fn: 3, unparsed: 0 });
    expect(counts('None.', 'none')).toEqual({ tp: 0, fp: 0, fn: 0, unparsed: 0 });
  });

  it('reads a markdown table, skipping its header and separator rows; repeated triples count once', () => {
    const table = ['| entity 1 | entity 2 | relation type |', '|---|---|---|', '| Drug X | G1 | Bind |', '| G1 | Drug X | Bind |'].join('\n');
    expect([...parseTriples(table).triples]).toEqual([tripleKey('Drug X', 'G1', 'Bind')]);
    expect(counts(table)).toEqual({ tp: 1, fp: 0, fn: 2, unparsed: 0 });
  });

  it('keeps ROUGE-1 as the headline and its extras beside the triple counts', () => {
    const s = relationsScorer.score({ text: GOLD, attempts: [] }, sample());
    expect(relationsScorer.name).toBe('rouge1');
    expect(s.value).toBe(1);
    expect(Object.keys(s.extra!)).toEqual(expect.arrayContaining(['rouge2', 'rougeL', 'relations_tp', 'relations_unparsed']));
  });
});

describe('micro precision/recall/F1 from the counts', () => {
  const record = (id: string, scores: Record<string, number> | undefined, gold: number): SampleRecord => ({
    benchmark: 'biored', id, kind: 'open', strategy: 'plain', question: 'q', score: 0, metadata: { gold_relations: gold },
    attempts: [], usage: { calls: 1, promptTokens: 0, completionTokens: 0 }, latencyMs: 0,
    ...(scores ? { scores } : { error: { kind: 'http', message: 'failed' } }),
  });

  it('sums counts over documents (micro), and an errored document misses all its gold relations', () => {
    const samples = [
      record('a', { relations_tp: 3, relations_fp: 0, relations_fn: 0, relations_unparsed: 0 }, 3),
      record('b', { relations_tp: 1, relations_fp: 3, relations_fn: 1, relations_unparsed: 0 }, 2),
      record('c', { relations_tp: 0, relations_fp: 0, relations_fn: 2, relations_unparsed: 1 }, 2),
      record('d', undefined, 4), // endpoint failure: 4 gold relations missed
    ];
    const m = aggregateBenchmark('biored', 'rouge1', samples, 1, []).metrics!;
    // tp = 4, fp = 3, fn = 0 + 1 + 2 + 4 = 7 → P = 4/7, R = 4/11, F1 = 2PR/(P+R) = 8/18
    expect(m.relations_precision.value).toBeCloseTo(4 / 7, 12);
    expect(m.relations_recall.value).toBeCloseTo(4 / 11, 12);
    expect(m.relations_f1.value).toBeCloseTo(8 / 18, 12);
    expect(m.relations_unparsed.value).toBe(0.25); // 1 of 4 documents
    expect(m.relations_f1.ci95[0]).toBeLessThanOrEqual(m.relations_f1.value);
    expect(m.relations_f1.ci95[1]).toBeGreaterThanOrEqual(m.relations_f1.value);
    expect(Object.keys(m)).toEqual([...Object.keys(m)].sort());
  });
});
