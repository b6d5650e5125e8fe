import { describe, expect, it } from 'vitest';
import { bootstrapMeanCI, standardError } from '../src/metrics/bootstrap.js';
import { aggregateBenchmark, sortSamples, suiteAverages } from '../src/results/aggregate.js';
import { rngFor, shuffled } from '../src/util/rng.js';
import { sample } from './compare-fixtures.js';

const medqa = [
  sample('medqa', 'q3', { score: 1, metadata: { subject: 'Anatomy', year: 2020 }, scores: { acc_norm: 1 }, usage: { promptTokens: 50, completionTokens: 5, calls: 1 } }),
  sample('medqa', 'q1', { score: 0, unparsed: true, metadata: { subject: 'Anatomy' }, scores: { acc_norm: 1 } }),
  sample('medqa', 'q10', { score: 1, metadata: { subject: 'Biochemistry', category: null }, scores: { acc_norm: 0 } }),
  sample('medqa', 'q2', { score: 0, error: 'timeout', metadata: { subject: 'Biochemistry' }, usage: { promptTokens: 0, completionTokens: 0, calls: 3 } }),
  sample('medqa', 'q4', { score: 0, error: 'bad_response', metadata: { category: 'Nursing' }, scores: { acc_norm: 0 } }),
  sample('medqa', 'q5', { score: 1, error: 'timeout', metadata: {}, scores: { acc_norm: 1 } }),
];
const other = sample('pubmedqa', 'q1', { score: 1, metadata: { subject: 'Anatomy' } });

describe('aggregateBenchmark', () => {
  const r = aggregateBenchmark('medqa', 'accuracy', [other, ...medqa], 11, ['subject', 'category']);

  it('counts every sample of the benchmark (errored ones as scored) and nothing else', () => {
    expect(r.metric).toBe('accuracy');
    expect(r.n).toBe(6);
    expect(r.value).toBeCloseTo(3 / 6, 12);
    expect(r.unparsed).toBe(1);
    expect(r.errors).toBe(3);
    expect(r.errorKinds).toEqual({ bad_response: 1, timeout: 2 });
    expect(Object.keys(r.errorKinds!)).toEqual(['bad_response', 'timeout']);
    expect(r.usage).toEqual({ promptTokens: 50 + 4 * 100, completionTokens: 5 + 4 * 10, calls: 1 + 3 + 4 });
  });

  it('takes its interval and stderr over the scores in (benchmark, id) order', () => {
    const ordered = sortSamples(medqa).map((s) => s.score);
    expect(sortSamples(medqa).map((s) => s.id)).toEqual(['q1', 'q10', 'q2', 'q3', 'q4', 'q5']);
    expect(r.ci95).toEqual(bootstrapMeanCI(ordered, 11, 'medqa'));
    expect(r.stderr).toBe(standardError(ordered));
  });

  it('averages every key of `scores`, a missing key counting 0', () => {
    expect(Object.keys(r.metrics!)).toEqual(['acc_norm']);
    expect(r.metrics!.acc_norm.value).toBeCloseTo(3 / 6, 12);
  });

  it('breaks down by the group fields, skipping null and missing values, in sorted order', () => {
    expect(Object.keys(r.groups!)).toEqual(['category', 'subject']);
    expect(Object.keys(r.groups!.subject)).toEqual(['Anatomy', 'Biochemistry']);
    expect(r.groups!.subject.Anatomy).toMatchObject({ value: 0.5, n: 2 });
    expect(r.groups!.category).toEqual({ Nursing: { value: 0, n: 1, ci95: [0, 0] } });
  });

  it('gives byte-identical output whatever the sample order', () => {
    for (let k = 0; k < 5; k++) {
      const again = aggregateBenchmark('medqa', 'accuracy', shuffled([other, ...medqa], rngFor(k, 't')), 11, ['category', 'subject', 'subject']);
      expect(JSON.stringify(again)).toBe(JSON.stringify(r));
    }
  });

  it('leaves out metrics, groups and errorKinds when there are none', () => {
    const plain = aggregateBenchmark('pubmedqa', 'accuracy', [other], 1, ['category']);
    expect(plain).not.toHaveProperty('metrics');
    expect(plain).not.toHaveProperty('groups');
    expect(plain).not.toHaveProperty('errorKinds');
    expect(aggregateBenchmark('none', 'accuracy', [], 1, [])).toMatchObject({ n: 0, value: 0, ci95: [0, 0] });
  });
});

describe('suiteAverages', () => {
  it('macro-averages the benchmarks present and drops empty suites', () => {
    const a = aggregateBenchmark('medqa', 'accuracy', medqa, 1, []);
    const b = aggregateBenchmark('pubmedqa', 'accuracy', [other], 1, []);
    const c = aggregateBenchmark('aci', 'rouge1', [sample('aci', 'n1', { score: 0.25 }, 'open')], 1, []);
    const s = suiteAverages({ medqa: a, pubmedqa: b, aci: c }, { mcqa: ['medqa', 'pubmedqa', 'mmlu'], open: ['aci'], none: ['x'], mixed: ['medqa', 'aci'] });
    // size: the suite's own count (3), so a reader can tell the average covers 2 of them.
    expect(s.mcqa).toEqual({ metric: 'accuracy', value: (0.5 + 1) / 2, benchmarks: ['medqa', 'pubmedqa'], size: 3 });
    expect(s.open).toEqual({ metric: 'rouge1', value: 0.25, benchmarks: ['aci'], size: 1 });
    expect(s).not.toHaveProperty('none');
    expect(s.mixed.metric).toBe('accuracy+rouge1');
  });
});
