/**
 * Open LLM Leaderboard 2 normalisation (huggingface.co/docs/leaderboards/open_llm_leaderboard/
 * normalization): a score becomes (raw − random baseline) / (1 − random baseline), clipped at 0,
 * ×100. A benchmark with subtasks (BBH, MuSR) normalises each subtask with its own baseline
 * (1 / number of choices) and averages them unweighted; GPQA and MMLU-Pro normalise one raw
 * score (GPQA's: acc_norm over its three subsets, weighted by size, as lm-eval's group does);
 * IFEval and MATH Lvl 5 have baseline 0. The leaderboard's average is the mean of the six.
 *
 * Computed from `results` alone, by the runner and by `merge`, so it is never stale.
 */
import { mean } from '../metrics/bootstrap.js';
import type { BenchmarkResult, LeaderboardBenchmark, LeaderboardScores } from '../types/results.js';

interface Member {
  id: string;
  /** Random-guess score: 1 / number of choices. */
  baseline: number;
}

interface LeaderboardEntry {
  id: string;
  title: string;
  /** The metric the leaderboard reads (from `metrics`, else the headline when a run has no such metric). */
  metric: string;
  members: Member[];
  /** `subtasks`: normalise each member and average; `pooled`: normalise the size-weighted raw score. */
  combine: 'subtasks' | 'pooled';
}

/** Choices per BBH subtask: the length of each leaderboard_bbh_<task> `doc_to_choice`. */
const BBH_CHOICES: Record<string, number> = {
  'boolean-expressions': 2,
  'causal-judgement': 2,
  'date-understanding': 6,
  'disambiguation-qa': 3,
  'formal-fallacies': 2,
  'geometric-shapes': 11,
  hyperbaton: 2,
  'logical-deduction-five-objects': 5,
  'logical-deduction-seven-objects': 7,
  'logical-deduction-three-objects': 3,
  'movie-recommendation': 6,
  navigate: 2,
  'object-counting': 19,
  'penguins-in-a-table': 5,
  'reasoning-about-colored-objects': 18,
  'ruin-names': 6,
  'salient-translation-error-detection': 6,
  snarks: 2,
  'sports-understanding': 2,
  'temporal-sequences': 4,
  'tracking-shuffled-objects-five-objects': 5,
  'tracking-shuffled-objects-seven-objects': 7,
  'tracking-shuffled-objects-three-objects': 3,
  'web-of-lies': 2,
};

/** The six benchmarks, in the leaderboard's column order. */
export const LEADERBOARD: readonly LeaderboardEntry[] = [
  { id: 'ifeval', title: 'IFEval', metric: 'ifeval', members: [{ id: 'ifeval', baseline: 0 }], combine: 'pooled' },
  {
    id: 'bbh',
    title: 'BBH',
    metric: 'acc_norm',
    members: Object.entries(BBH_CHOICES).map(([task, n]) => ({ id: `bbh-${task}`, baseline: 1 / n })),
    combine: 'subtasks',
  },
  { id: 'math-hard', title: 'MATH Lvl 5', metric: 'exact_match', members: [{ id: 'math-hard', baseline: 0 }], combine: 'pooled' },
  {
    id: 'gpqa',
    title: 'GPQA',
    metric: 'acc_norm',
    members: ['main', 'diamond', 'extended'].map((s) => ({ id: `gpqa-${s}`, baseline: 0.25 })),
    combine: 'pooled',
  },
  {
    id: 'musr',
    title: 'MuSR',
    metric: 'acc_norm',
    members: [
      { id: 'musr-murder-mysteries', baseline: 1 / 2 },
      { id: 'musr-object-placements', baseline: 1 / 5 },
      { id: 'musr-team-allocation', baseline: 1 / 3 },
    ],
    combine: 'subtasks',
  },
  { id: 'mmlu-pro', title: 'MMLU-Pro', metric: 'accuracy', members: [{ id: 'mmlu-pro', baseline: 0.1 }], combine: 'pooled' },
];

/**
 * (raw − baseline) / (1 − baseline), clipped at 0, ×100.
 *
 * @example normalise(0.6, 0.25) // 46.67 (the leaderboard's GPQA example)
 */
export function normalise(raw: number, baseline: number): number {
  if (raw < baseline) return 0;
  return ((raw - baseline) / (1 - baseline)) * 100;
}

/**
 * The raw value of one benchmark result: `metrics[metric]` where the run has it, else the
 * headline (an lm-eval-gen run has no acc_norm; IFEval's headline where it lacks the two strict
 * accuracies the leaderboard averages).
 */
function rawOf(result: BenchmarkResult, metric: string): { value: number; metric: string } {
  if (metric === 'ifeval') {
    const p = result.metrics?.prompt_level_strict_acc;
    const i = result.metrics?.inst_level_strict_acc;
    if (p && i) return { value: (p.value + i.value) / 2, metric: 'mean(prompt_level_strict_acc, inst_level_strict_acc)' };
    return { value: result.value, metric: result.metric };
  }
  const m = result.metrics?.[metric];
  return m ? { value: m.value, metric } : { value: result.value, metric: result.metric };
}

function scoreEntry(entry: LeaderboardEntry, results: Record<string, BenchmarkResult>): LeaderboardBenchmark | undefined {
  const present = entry.members.filter((m) => results[m.id] !== undefined);
  if (present.length === 0) return undefined;
  const subtasks: LeaderboardBenchmark['subtasks'] = {};
  const metrics = new Set<string>();
  let n = 0;
  let weighted = 0;
  for (const m of present) {
    const r = results[m.id];
    const raw = rawOf(r, entry.metric);
    metrics.add(raw.metric);
    n += r.n;
    weighted += raw.value * r.n;
    subtasks[m.id] = { raw: raw.value, baseline: m.baseline, normalised: normalise(raw.value, m.baseline), n: r.n };
  }
  const raw = n > 0 ? weighted / n : 0;
  const normalised =
    entry.combine === 'subtasks' ? mean(present.map((m) => subtasks[m.id].normalised)) : normalise(raw, present[0].baseline);
  return {
    title: entry.title,
    metric: [...metrics].join('+'),
    raw,
    normalised,
    complete: present.length === entry.members.length,
    ...(entry.members.length > 1 ? { subtasks } : {}),
  };
}

/**
 * Normalised leaderboard scores of the leaderboard benchmarks present in `results`, or
 * undefined when there are none. `average` is the mean of the normalised scores present;
 * `complete` says whether all six benchmarks, with all their subtasks, are in.
 */
export function leaderboardScores(results: Record<string, BenchmarkResult>): LeaderboardScores | undefined {
  const benchmarks: Record<string, LeaderboardBenchmark> = {};
  for (const entry of LEADERBOARD) {
    const scored = scoreEntry(entry, results);
    if (scored) benchmarks[entry.id] = scored;
  }
  const ids = Object.keys(benchmarks);
  if (ids.length === 0) return undefined;
  return {
    average: mean(ids.map((id) => benchmarks[id].normalised)),
    complete: ids.length === LEADERBOARD.length && ids.every((id) => benchmarks[id].complete),
    benchmarks,
  };
}
