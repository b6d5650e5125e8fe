import { describe, expect, it } from 'vitest';
import { compareRuns } from '../src/compare/compare-runs.js';
import { renderConsole } from '../src/compare/render-console.js';
import { renderMarkdown } from '../src/compare/render-markdown.js';
import { holmAdjust } from '../src/metrics/holm.js';
import { mcnemarExact } from '../src/metrics/mcnemar.js';
import type { SampleRecord } from '../src/types/results.js';
import { UserError } from '../src/util/errors.js';
import { dataset, loaded, sample } from './compare-fixtures.js';

const ids = (n: number, prefix = 'q') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

/** baseline right on all; the candidate gets `lose` of them wrong and nothing else changes. */
function pair(benchmark: string, n: number, lose: number, gain = 0) {
  const base = ids(n).map((id, i) => sample(benchmark, id, { score: i < n - gain ? 1 : 0 }));
  const cand = ids(n).map((id, i) => sample(benchmark, id, { score: i < lose ? 0 : 1 }));
  return { base, cand };
}

function expectIncomparable(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(4);
    expect((err as UserError).message).toMatch(pattern);
    expect((err as UserError).message).not.toContain('\n');
    return;
  }
  throw new Error('expected a refusal');
}

describe('compareRuns on accuracy', () => {
  it('lists the flips each way and tests them with exact McNemar', () => {
    // 20 questions: q000–q005 lost, q019 gained (baseline got q019 wrong)
    const { base, cand } = pair('medqa', 20, 6, 1);
    const c = compareRuns(loaded(base), loaded(cand));
    const b = c.benchmarks[0];
    expect(b.test).toBe('mcnemar-exact');
    expect(b.flips).toEqual({ toWrong: ['q000', 'q001', 'q002', 'q003', 'q004', 'q005'], toRight: ['q019'] });
    expect(b.p).toBeCloseTo(mcnemarExact(6, 1), 14);
    expect(b.baseline).toBeCloseTo(19 / 20, 12);
    expect(b.candidate).toBeCloseTo(14 / 20, 12);
    expect(b.diff).toBeCloseTo(-5 / 20, 12);
    expect(b.ci95[0]).toBeLessThan(b.diff);
    expect(b.ci95[1]).toBeGreaterThan(b.diff);
    expect(b.verdict).toBe('unchanged'); // p = 0.125: not significant on 7 discordant pairs
  });

  it('calls a clear drop a regression and a clear gain an improvement', () => {
    const { base, cand } = pair('medqa', 200, 30);
    expect(compareRuns(loaded(base), loaded(cand)).regressed).toEqual(['medqa']);
    const c = compareRuns(loaded(cand), loaded(base));
    expect(c.improved).toEqual(['medqa']);
    expect(c.benchmarks[0].verdict).toBe('improved');
  });

  it('--min-effect keeps a significant but small difference unchanged', () => {
    const { base, cand } = pair('medqa', 1000, 20); // −2 points, p ≈ 2e-6
    const strict = compareRuns(loaded(base), loaded(cand), { minEffect: 2.5 });
    expect(strict.benchmarks[0].significant).toBe(true);
    expect(strict.benchmarks[0].verdict).toBe('unchanged');
    expect(strict.benchmarks[0].note).toMatch(/min-effect 2.5/);
    expect(compareRuns(loaded(base), loaded(cand), { minEffect: 2 }).regressed).toEqual(['medqa']);
  });

  it('applies Holm across benchmarks', () => {
    const a = pair('medqa', 100, 8); // p = 2/256
    const b = pair('pubmedqa', 100, 6); // p = 2/64
    const c = compareRuns(loaded([...a.base, ...b.base]), loaded([...a.cand, ...b.cand]));
    const expected = holmAdjust([mcnemarExact(8, 0), mcnemarExact(6, 0)]);
    expect(c.benchmarks.map((x) => x.pHolm)).toEqual(expected);
    // medqa 0.0078·2 = 0.0156, pubmedqa 0.031·1 = 0.031 → both significant at 0.05;
    expect(c.benchmarks.map((x) => x.significant)).toEqual([true, true]);
    // …while with alpha 0.02 only medqa survives.
    expect(compareRuns(loaded([...a.base, ...b.base]), loaded([...a.cand, ...b.cand]), { alpha: 0.02 }).regressed).toEqual(['medqa']);
  });

  it('pairs on shared ids only and leaves errored questions out on both sides, counting them', () => {
    const base = ids(50).map((id) => sample('medqa', id, { score: 1 }));
    const cand: SampleRecord[] = ids(50)
      .slice(5)
      .map((id, i) => sample('medqa', id, i < 3 ? { score: 0, error: 'timeout' } : { score: 1 }));
    cand.push(sample('medqa', 'extra-1', { score: 1 }));
    const c = compareRuns(loaded(base), loaded(cand));
    const b = c.benchmarks[0];
    expect(b.unshared).toEqual({ baselineOnly: 5, candidateOnly: 1 });
    expect(b.errored).toEqual({ baseline: 0, candidate: 3, excluded: 3 });
    expect(b.n).toBe(42);
    expect(b.diff).toBe(0);
    expect(c.warnings.join('\n')).toMatch(/5 question\(s\) only in the baseline and 1 only in the candidate/);
    expect(c.warnings.join('\n')).toMatch(/3 shared question\(s\) errored/);
  });

  it('counts an unparsed answer as wrong (the model did it)', () => {
    const base = ids(30).map((id) => sample('medqa', id, { score: 1 }));
    const cand = ids(30).map((id, i) => sample('medqa', id, i < 10 ? { score: 0, unparsed: true } : { score: 1 }));
    const b = compareRuns(loaded(base), loaded(cand)).benchmarks[0];
    expect(b.n).toBe(30);
    expect(b.flips!.toWrong).toHaveLength(10);
    expect(b.verdict).toBe('regressed');
  });
});

describe('compareRuns on ROUGE', () => {
  it('uses the paired bootstrap and lists the biggest drops', () => {
    const base = ids(60).map((id, i) => sample('aci', id, { score: 0.4 + (i % 7) / 50 }, 'open'));
    const cand = ids(60).map((id, i) => sample('aci', id, { score: 0.4 + (i % 7) / 50 - (i < 3 ? 0.3 - i / 100 : 0.02 + (i % 5) / 500) }, 'open'));
    const c = compareRuns(loaded(base, { metrics: { aci: 'rouge1' } }), loaded(cand, { metrics: { aci: 'rouge1' } }), { seed: 5 });
    const b = c.benchmarks[0];
    expect(b.test).toBe('paired-bootstrap');
    expect(b.flips).toBeUndefined();
    expect(b.biggestDrops!.slice(0, 3).map((d) => d.id)).toEqual(['q000', 'q001', 'q002']);
    expect(b.biggestDrops).toHaveLength(10);
    expect(b.verdict).toBe('regressed');
    // deterministic for a seed
    expect(compareRuns(loaded(base, { metrics: { aci: 'rouge1' } }), loaded(cand, { metrics: { aci: 'rouge1' } }), { seed: 5 })).toEqual(c);
  });
});

describe('compareRuns refuses what cannot be compared (exit 4, one line)', () => {
  const { base, cand } = pair('medqa', 20, 2);

  it('a partial run', () => {
    expectIncomparable(() => compareRuns(loaded(base), loaded(cand, { status: 'interrupted' }, 'results/x')), /candidate results\/x: run status is "interrupted"/);
  });

  it('no benchmark in common', () => {
    const other = ids(20).map((id) => sample('pubmedqa', id, { score: 1 }));
    expectIncomparable(() => compareRuns(loaded(base), loaded(other)), /no benchmark in common/);
  });

  it('no shared question ids', () => {
    const other = ids(20, 'z').map((id) => sample('medqa', id, { score: 1 }));
    expectIncomparable(() => compareRuns(loaded(base), loaded(other)), /medqa: nothing to compare — the runs share no question id/);
  });

  it('different metrics', () => {
    expectIncomparable(() => compareRuns(loaded(base), loaded(cand, { metrics: { medqa: 'acc_norm' } })), /medqa: different metrics \(baseline accuracy, candidate acc_norm\)/);
  });

  it('a different dataset revision, unless forced (then flagged)', () => {
    const other = { datasets: { medqa: dataset('1234567890abcdef1234567890abcdef12345678', 'f'.repeat(64)) } };
    expectIncomparable(() => compareRuns(loaded(base), loaded(cand, other)), /medqa: different dataset revisions.*--allow-revision-mismatch/);
    const c = compareRuns(loaded(base), loaded(cand, other), { allowRevisionMismatch: true });
    expect(c.benchmarks[0].revisionMismatch).toMatch(/candidate org\/data@1234567890ab/);
    expect(c.warnings.join('\n')).toMatch(/compared anyway/);
  });

  it('provenance recorded by one run only: flagged as such, never as "neither run recorded"', () => {
    const c = compareRuns(loaded(base, { datasets: {} }), loaded(cand), { allowRevisionMismatch: true });
    const warnings = c.warnings.join('\n');
    expect(warnings).toMatch(/recorded only in the candidate run/);
    expect(warnings).not.toMatch(/neither run recorded/);
    const none = compareRuns(loaded(base, { datasets: {} }), loaded(cand, { datasets: {} }));
    expect(none.warnings.join('\n')).toMatch(/medqa: neither run recorded its dataset revision/);
  });

  it('the same files under another revision name compare fine (local mirror of the same commit)', () => {
    const c = compareRuns(loaded(base), loaded(cand, { datasets: { medqa: { ...dataset('main'), source: 'local' } } }));
    expect(c.benchmarks[0].revisionMismatch).toBeUndefined();
  });
});

describe('renderers', () => {
  const a = pair('medqa', 200, 30);
  const b = pair('pubmedqa', 100, 1);
  const c = compareRuns(loaded([...a.base, ...b.base], {}, 'baselines/aloe'), loaded([...a.cand, ...b.cand], { runId: 'nightly-2' }, 'results/nightly'));

  it('console table has one row per benchmark with verdicts and flips', () => {
    const text = renderConsole(c);
    expect(text).toMatch(/^medqa\s+accuracy\s+200\s+100\.0\s+85\.0\s+-15\.0\s+\[-\d+\.\d, -\d+\.\d\]\s+<0\.0001\s+<0\.0001\s+REGRESSED$/m);
    expect(text).toMatch(/^pubmedqa\s+accuracy\s+100\s+100\.0\s+99\.0\s+-1\.0 .*unchanged$/m);
    expect(text).toContain('medqa: 30 right→wrong, 0 wrong→right');
    expect(text).toContain('1 regressed, 0 improved, 1 unchanged');
  });

  it('markdown has a headline, a table and the flipped ids', () => {
    const md = renderMarkdown(c);
    expect(md.split('\n')[0]).toBe('## aloe-eval compare: ❌ 1 significant regression (medqa)');
    expect(md).toMatch(/\| medqa \| accuracy \| 200 \| 100\.0 \| 85\.0 \| -15\.0 \| \[.*\] \| <0\.0001 \| 🔻 regressed \|/);
    expect(md).toContain('right→wrong: q000, q001');
    expect(md).toContain('run `nightly-2`');
  });
});

describe('flip lists', () => {
  it('are in natural id order (q2 before q10)', () => {
    const base = ['q10', 'q2', 'q1', 'x-07', 'x-7b'].map((id) => sample('medqa', id, { score: 1 }));
    const cand = ['q10', 'q2', 'q1', 'x-07', 'x-7b'].map((id) => sample('medqa', id, { score: 0 }));
    expect(compareRuns(loaded(base), loaded(cand)).benchmarks[0].flips!.toWrong).toEqual(['q1', 'q2', 'q10', 'x-07', 'x-7b']);
  });
});

describe('compareRuns needs the per-question records', () => {
  it('refuses a baseline whose samples.jsonl is missing, saying what to copy', () => {
    const { base, cand } = pair('medqa', 20, 2);
    const noSamples = { ...loaded(base, {}, 'baselines/x'), samples: [] };
    expectIncomparable(() => compareRuns(noSamples, loaded(cand)), /baseline baselines\/x: no medqa records in samples\.jsonl \(run\.json says n=20\).*copy samples\.jsonl/);
  });
});
