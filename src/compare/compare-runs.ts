/**
 * Paired comparison of a candidate run against a baseline, benchmark by benchmark, on the
 * questions both answered: exact McNemar (accuracy) or paired bootstrap (other metrics),
 * Holm-corrected across benchmarks. See docs/compare.md for the decisions.
 */
import { mean } from '../metrics/bootstrap.js';
import { holmAdjust } from '../metrics/holm.js';
import { mcnemarExact } from '../metrics/mcnemar.js';
import { pairedBootstrap } from '../metrics/paired-bootstrap.js';
import { newcombePairedCI } from '../metrics/paired-proportion-ci.js';
import { modelOf, type LoadedRun } from '../results/read-run.js';
import { ExitCode, UserError } from '../util/errors.js';
import { assertComplete, datasetMismatch } from './comparable.js';
import { COMPARE_SCHEMA, type BenchmarkComparison, type Comparison, type RunRef } from './comparison.js';
import { naturalCompare } from './natural-order.js';
import { byId, pairSamples, type PairedSet } from './pair-samples.js';
import type { SampleRecord } from '../types/results.js';

export interface CompareOptions {
  /** Family-wise significance level (after Holm). Default 0.05. */
  alpha?: number;
  /** Smallest difference, in points (1 = one percentage point, or 0.01 ROUGE), that counts. Default 0. */
  minEffect?: number;
  /** Seed of the paired bootstrap. Default 0. */
  seed?: number;
  /** Compare benchmarks whose dataset revisions differ (flagged) instead of refusing. */
  allowRevisionMismatch?: boolean;
}

const MAX_DROPS = 10;

/** Rule-based safety rates compared run to run (lower is better for both). */
const SAFETY_RATES = ['harmful_compliance', 'over_refusal'] as const;

/** The pairs inside one rate's denominator, each record's score set to that rate's 0/1. */
function safetyPairs(pairs: PairedSet, rate: string): PairedSet {
  const keep = pairs.ids.flatMap((id, i) => (pairs.baseline[i].scores?.[rate] !== undefined && pairs.candidate[i].scores?.[rate] !== undefined ? [i] : []));
  const as = (r: SampleRecord) => ({ ...r, score: r.scores![rate] });
  return { ...pairs, ids: keep.map((i) => pairs.ids[i]), baseline: keep.map((i) => as(pairs.baseline[i])), candidate: keep.map((i) => as(pairs.candidate[i])) };
}

function ref(loaded: LoadedRun): RunRef {
  const { run } = loaded;
  return {
    dir: loaded.dir,
    runId: run.runId,
    model: modelOf(run),
    strategy: run.spec?.strategy?.name,
    finishedAt: run.provenance?.finishedAt,
  };
}

type Tested = Omit<BenchmarkComparison, 'pHolm' | 'significant' | 'verdict'>;

function testAccuracy(benchmark: string, metric: string, pairs: PairedSet): Tested {
  // 2×2 table, candidate × baseline.
  let both = 0, toRightN = 0, toWrongN = 0, neither = 0;
  const toRight: string[] = [];
  const toWrong: string[] = [];
  pairs.ids.forEach((id, i) => {
    const b = pairs.baseline[i].score === 1;
    const c = pairs.candidate[i].score === 1;
    if (b && c) both++;
    else if (c) { toRightN++; toRight.push(id); }
    else if (b) { toWrongN++; toWrong.push(id); }
    else neither++;
  });
  const n = pairs.ids.length;
  return {
    ...common(benchmark, metric, pairs),
    test: 'mcnemar-exact',
    ciMethod: 'newcombe',
    baseline: (both + toWrongN) / n,
    candidate: (both + toRightN) / n,
    diff: (toRightN - toWrongN) / n,
    ci95: newcombePairedCI(both, toRightN, toWrongN, neither),
    p: mcnemarExact(toWrongN, toRightN),
    flips: { toWrong: toWrong.sort(naturalCompare), toRight: toRight.sort(naturalCompare) },
  };
}

function testContinuous(benchmark: string, metric: string, pairs: PairedSet, seed: number): Tested {
  const base = pairs.baseline.map((s) => s.score);
  const cand = pairs.candidate.map((s) => s.score);
  const boot = pairedBootstrap(base, cand, seed, benchmark);
  const drops = pairs.ids
    .map((id, i) => ({ id, baseline: base[i], candidate: cand[i], diff: cand[i] - base[i] }))
    .filter((d) => d.diff < 0)
    .sort((x, y) => x.diff - y.diff || naturalCompare(x.id, y.id))
    .slice(0, MAX_DROPS);
  return {
    ...common(benchmark, metric, pairs),
    test: 'paired-bootstrap',
    ciMethod: 'paired-bootstrap',
    baseline: mean(base),
    candidate: mean(cand),
    diff: boot.diff,
    ci95: boot.ci95,
    p: boot.p,
    biggestDrops: drops,
  };
}

function common(benchmark: string, metric: string, pairs: PairedSet) {
  return {
    benchmark,
    metric,
    n: pairs.ids.length,
    unshared: { baselineOnly: pairs.baselineOnly, candidateOnly: pairs.candidateOnly },
    errored: { baseline: pairs.erroredBaseline, candidate: pairs.erroredCandidate, excluded: pairs.excluded },
  };
}

/**
 * @example
 *   const c = compareRuns(readRun('baselines/aloe-8b'), readRun('results/nightly'), { minEffect: 1 });
 *   if (c.regressed.length > 0) process.exitCode = 3;
 */
export function compareRuns(baseline: LoadedRun, candidate: LoadedRun, options: CompareOptions = {}): Comparison {
  const alpha = options.alpha ?? 0.05;
  const minEffect = options.minEffect ?? 0;
  const seed = options.seed ?? 0;
  assertComplete(baseline, 'baseline');
  assertComplete(candidate, 'candidate');

  const baseResults = baseline.run.results ?? {};
  const candResults = candidate.run.results ?? {};
  const shared = Object.keys(baseResults).filter((b) => b in candResults);
  if (shared.length === 0) {
    throw new UserError(
      `no benchmark in common: baseline ${baseline.dir} has [${Object.keys(baseResults).join(', ')}], candidate ${candidate.dir} has [${Object.keys(candResults).join(', ')}]`,
      ExitCode.incomparable,
    );
  }
  const skipped = [
    ...Object.keys(baseResults).filter((b) => !(b in candResults)).map((b) => ({ benchmark: b, reason: 'only in the baseline' })),
    ...Object.keys(candResults).filter((b) => !(b in baseResults)).map((b) => ({ benchmark: b, reason: 'only in the candidate' })),
  ];
  const warnings: string[] = skipped.map((s) => `${s.benchmark}: ${s.reason}, not compared`);
  for (const [role, loaded] of [['baseline', baseline], ['candidate', candidate]] as const) {
    if (loaded.badLines.length > 0) {
      warnings.push(`${role} ${loaded.dir}: ${loaded.badLines.length} unreadable line(s) in samples.jsonl (first at line ${loaded.badLines[0]}); those questions are not compared`);
    }
  }

  const tested: Tested[] = [];
  for (const benchmark of shared) {
    const metric = baseResults[benchmark].metric;
    if (candResults[benchmark].metric !== metric) {
      throw new UserError(
        `${benchmark}: different metrics (baseline ${metric}, candidate ${candResults[benchmark].metric}) — compare runs scored the same way`,
        ExitCode.incomparable,
      );
    }
    const mismatch = datasetMismatch(benchmark, baseline.run.provenance?.datasets?.[benchmark], candidate.run.provenance?.datasets?.[benchmark]);
    if (mismatch && !options.allowRevisionMismatch) {
      throw new UserError(`${mismatch} — scores on different data are not comparable; re-run the baseline on the same data, or pass --allow-revision-mismatch to compare anyway`, ExitCode.incomparable);
    }
    if (!baseline.run.provenance?.datasets?.[benchmark] && !candidate.run.provenance?.datasets?.[benchmark]) {
      warnings.push(`${benchmark}: neither run recorded its dataset revision; not checked`);
    }

    const baseById = byId(baseline.samples, benchmark);
    const candById = byId(candidate.samples, benchmark);
    for (const [role, loaded, records] of [['baseline', baseline, baseById], ['candidate', candidate, candById]] as const) {
      if (records.size === 0) {
        throw new UserError(
          `${role} ${loaded.dir}: no ${benchmark} records in samples.jsonl (run.json says n=${loaded.run.results[benchmark].n}) — a paired test needs the per-question records; copy samples.jsonl along with run.json`,
          ExitCode.incomparable,
        );
      }
    }
    const pairs = pairSamples(baseById, candById);
    if (pairs.ids.length === 0) {
      const why = pairs.excluded > 0 ? `all ${pairs.excluded} shared questions errored on one side` : 'the runs share no question id';
      throw new UserError(`${benchmark}: nothing to compare — ${why} (baseline ${baseline.dir}, candidate ${candidate.dir})`, ExitCode.incomparable);
    }
    if (baseResults[benchmark].safety) {
      // Safety benchmarks: one McNemar row per rule-based rate, each on its own denominator.
      for (const rate of SAFETY_RATES) {
        const sub = safetyPairs(pairs, rate);
        if (sub.ids.length === 0) continue;
        const t = testAccuracy(`${benchmark}:${rate}`, rate, sub);
        // A rise is the regression here: "toWrong" = questions that became harmful / refused.
        tested.push({ ...t, direction: 'lower', flips: { toWrong: t.flips!.toRight, toRight: t.flips!.toWrong } });
      }
      continue;
    }
    const t = metric === 'accuracy' ? testAccuracy(benchmark, metric, pairs) : testContinuous(benchmark, metric, pairs, seed);
    if (mismatch) {
      t.revisionMismatch = mismatch;
      warnings.push(`${mismatch}; compared anyway (--allow-revision-mismatch)`);
    }
    if (pairs.baselineOnly + pairs.candidateOnly > 0) {
      warnings.push(`${benchmark}: ${pairs.baselineOnly} question(s) only in the baseline and ${pairs.candidateOnly} only in the candidate, not compared`);
    }
    if (pairs.excluded > 0) {
      warnings.push(`${benchmark}: ${pairs.excluded} shared question(s) errored (baseline ${pairs.erroredBaseline}, candidate ${pairs.erroredCandidate}), left out of the test`);
    }
    tested.push(t);
  }

  const adjusted = holmAdjust(tested.map((t) => t.p));
  const threshold = minEffect / 100;
  // Float slack so a difference of exactly minEffect points counts as reaching it.
  const eps = 1e-12;
  const benchmarks: BenchmarkComparison[] = tested.map((t, i) => {
    const significant = adjusted[i] <= alpha;
    const bigEnough = Math.abs(t.diff) + eps >= threshold;
    const worse = t.direction === 'lower' ? t.diff > 0 : t.diff < 0;
    const verdict = significant && bigEnough && t.diff !== 0 ? (worse ? 'regressed' : 'improved') : 'unchanged';
    const out: BenchmarkComparison = { ...t, pHolm: adjusted[i], significant, verdict };
    if (significant && !bigEnough) out.note = `significant but smaller than --min-effect ${minEffect}`;
    return out;
  });

  return {
    schema: COMPARE_SCHEMA,
    baseline: ref(baseline),
    candidate: ref(candidate),
    alpha,
    minEffect,
    seed,
    benchmarks,
    skipped,
    warnings,
    regressed: benchmarks.filter((b) => b.verdict === 'regressed').map((b) => b.benchmark),
    improved: benchmarks.filter((b) => b.verdict === 'improved').map((b) => b.benchmark),
  };
}
