/**
 * The Open LLM Leaderboard normalisation, checked against the worked examples of its
 * documentation (huggingface.co/docs/leaderboards/open_llm_leaderboard/normalization) and on
 * hand-computed results; and the console summary and summary.csv that show it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leaderboardScores, normalise } from '../src/results/leaderboard.js';
import { leaderboardSuites } from '../src/report/data/leaderboard-columns.js';
import { formatSummary, writeSummaryCsv } from '../src/runner/summary.js';
import type { BenchmarkResult, RunFile } from '../src/types/results.js';

/** A benchmark result with headline `acc` and, when given, an acc_norm. */
function result(n: number, acc: number, accNorm?: number, extra: Record<string, number> = {}): BenchmarkResult {
  const metrics: BenchmarkResult['metrics'] = {};
  if (accNorm !== undefined) metrics.acc_norm = { value: accNorm, ci95: [0, 1] };
  for (const [k, v] of Object.entries(extra)) metrics[k] = { value: v, ci95: [0, 1] };
  return {
    metric: 'accuracy', value: acc, n, unparsed: 0, errors: 0, stderr: 0, ci95: [0, 1],
    ...(Object.keys(metrics).length ? { metrics } : {}),
    usage: { calls: n, promptTokens: 0, completionTokens: 0 },
  };
}

describe('normalise', () => {
  it("the documentation's GPQA example: raw 0.6, baseline 0.25 → 46.67", () => {
    expect(normalise(0.6, 0.25)).toBeCloseTo(46.6667, 4);
  });

  it('below the baseline clips to 0; a perfect score is 100; baseline 0 is the score ×100', () => {
    expect(normalise(0.2, 0.25)).toBe(0);
    expect(normalise(1, 0.1)).toBeCloseTo(100, 12);
    expect(normalise(0.731, 0)).toBeCloseTo(73.1, 12);
  });
});

describe('leaderboardScores', () => {
  it("MuSR: each domain normalised with its own baseline, then averaged unweighted (the documentation's example, 35.01 with 0.333)", () => {
    const lb = leaderboardScores({
      'musr-murder-mysteries': result(250, 0.1, 0.7),
      'musr-object-placements': result(256, 0.1, 0.4),
      'musr-team-allocation': result(250, 0.1, 0.6),
    })!;
    const musr = lb.benchmarks.musr;
    expect(musr.subtasks!['musr-murder-mysteries'].normalised).toBeCloseTo(40, 10);
    expect(musr.subtasks!['musr-object-placements'].normalised).toBeCloseTo(25, 10);
    expect(musr.subtasks!['musr-team-allocation'].normalised).toBeCloseTo(40, 10); // (0.6 − 1/3)/(2/3)
    expect(musr.normalised).toBeCloseTo(35, 10);
    // raw: lm-eval's group acc_norm, weighted by size
    expect(musr.raw).toBeCloseTo((0.7 * 250 + 0.4 * 256 + 0.6 * 250) / 756, 12);
    expect(musr.metric).toBe('acc_norm');
    expect(musr.complete).toBe(true);
    expect(lb.complete).toBe(false);
    expect(lb.average).toBeCloseTo(35, 10);
  });

  it('GPQA: one raw score pooled over the subsets by size, then normalised with 0.25', () => {
    const lb = leaderboardScores({ 'gpqa-main': result(448, 0.5, 0.3), 'gpqa-diamond': result(198, 0.5, 0.35), 'gpqa-extended': result(546, 0.5, 0.28) })!;
    const raw = (0.3 * 448 + 0.35 * 198 + 0.28 * 546) / 1192;
    expect(lb.benchmarks.gpqa.raw).toBeCloseTo(raw, 12);
    expect(lb.benchmarks.gpqa.normalised).toBeCloseTo(((raw - 0.25) / 0.75) * 100, 10);
  });

  it('BBH: a subtask under its baseline counts 0 in the mean; MMLU-Pro reads acc (the headline); a run without acc_norm falls back to the headline', () => {
    const lb = leaderboardScores({
      'bbh-navigate': result(250, 0.9, 0.4), // 2 choices: 0.4 < 0.5 → 0
      'bbh-object-counting': result(250, 0.9, 0.2), // 19 choices: (0.2 − 1/19)/(18/19)
      'mmlu-pro': result(12032, 0.46, 0.5),
      'gpqa-main': result(448, 0.5), // lm-eval-gen: no acc_norm
    })!;
    const oc = ((0.2 - 1 / 19) / (18 / 19)) * 100;
    expect(lb.benchmarks.bbh.normalised).toBeCloseTo(oc / 2, 10);
    expect(lb.benchmarks.bbh.complete).toBe(false);
    expect(lb.benchmarks['mmlu-pro'].normalised).toBeCloseTo(40, 10);
    expect(lb.benchmarks['mmlu-pro'].metric).toBe('accuracy');
    expect(lb.benchmarks.gpqa.metric).toBe('accuracy');
    expect(lb.benchmarks.gpqa.normalised).toBeCloseTo(((0.5 - 0.25) / 0.75) * 100, 10);
    expect(lb.average).toBeCloseTo((oc / 2 + 40 + 100 / 3) / 3, 10);
  });

  it('IFEval and MATH Lvl 5 have baseline 0; IFEval reads the mean of its two strict accuracies when the run has them', () => {
    const lb = leaderboardScores({
      ifeval: result(541, 0.5, undefined, { prompt_level_strict_acc: 0.4, inst_level_strict_acc: 0.5 }),
      'math-hard': { ...result(1324, 0.12), metric: 'exact_match' },
    })!;
    expect(lb.benchmarks.ifeval.normalised).toBeCloseTo(45, 10);
    expect(lb.benchmarks['math-hard'].normalised).toBeCloseTo(12, 10);
  });

  it('all six present and complete → complete; none present → undefined', () => {
    expect(leaderboardScores({ medqa: result(10, 0.5) })).toBeUndefined();
    const all: Record<string, BenchmarkResult> = { ifeval: result(541, 0.5), 'math-hard': result(1324, 0.1), 'mmlu-pro': result(12032, 0.3) };
    for (const id of ['gpqa-main', 'gpqa-diamond', 'gpqa-extended', 'musr-murder-mysteries', 'musr-object-placements', 'musr-team-allocation']) all[id] = result(100, 0.5, 0.5);
    for (const t of ['boolean-expressions', 'causal-judgement', 'date-understanding', 'disambiguation-qa', 'formal-fallacies', 'geometric-shapes', 'hyperbaton', 'logical-deduction-five-objects', 'logical-deduction-seven-objects', 'logical-deduction-three-objects', 'movie-recommendation', 'navigate', 'object-counting', 'penguins-in-a-table', 'reasoning-about-colored-objects', 'ruin-names', 'salient-translation-error-detection', 'snarks', 'sports-understanding', 'temporal-sequences', 'tracking-shuffled-objects-five-objects', 'tracking-shuffled-objects-seven-objects', 'tracking-shuffled-objects-three-objects', 'web-of-lies']) {
      all[`bbh-${t}`] = result(100, 0.5, 0.6);
    }
    const lb = leaderboardScores(all)!;
    expect(Object.keys(lb.benchmarks)).toEqual(['ifeval', 'bbh', 'math-hard', 'gpqa', 'musr', 'mmlu-pro']);
    expect(lb.complete).toBe(true);
  });
});

describe('where the scores show', () => {
  const run = {
    runId: 'r', status: 'complete', spec: { strategy: { name: 'loglik' } }, provenance: { servedModel: 'm' },
    results: { 'mmlu-pro': result(100, 0.46) },
    suites: {},
  } as unknown as RunFile;
  run.leaderboard = leaderboardScores(run.results);

  it('the console summary prints normalised and raw side by side, and the average', () => {
    const text = formatSummary(run);
    expect(text).toMatch(/leaderboard mmlu-pro\s+normalised\s+40\.0\s+\(raw accuracy 46\.0\)/);
    expect(text).toMatch(/leaderboard average\s+normalised\s+40\.0\s+\(1 of 6\)/);
  });

  it('summary.csv has a raw and a normalised row per leaderboard benchmark', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloe-lb-'));
    writeSummaryCsv(dir, run);
    const csv = readFileSync(join(dir, 'summary.csv'), 'utf8');
    expect(csv).toMatch(/^leaderboard:mmlu-pro,accuracy,0\.46,/m);
    expect(csv).toMatch(/^leaderboard:mmlu-pro,normalised,40(\.0+\d*)?,/m);
    expect(csv).toMatch(/^leaderboard:average,normalised,40/m);
  });

  it('the report gets normalised and raw columns (normalised carried as a fraction)', () => {
    const cols = leaderboardSuites(run);
    expect(Object.keys(cols)).toEqual(['leaderboard (normalised)', 'MMLU-Pro (normalised)', 'MMLU-Pro (raw)']);
    expect(cols['MMLU-Pro (normalised)'].value).toBeCloseTo(0.4, 12);
    expect(cols['MMLU-Pro (raw)']).toEqual({ metric: 'accuracy', value: 0.46, benchmarks: ['mmlu-pro'] });
  });
});
