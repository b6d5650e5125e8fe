/**
 * The Open LLM Leaderboard scores of a run (run.json `leaderboard`) as suite-like columns, so
 * the report shows them beside the raw benchmark cells: the normalised average, then per
 * leaderboard benchmark its normalised score and its raw group score. Normalised scores (0–100)
 * are carried as fractions so that they print like every other percentage.
 */
import type { RunFile } from '../../types/results.js';

type SuiteColumns = NonNullable<RunFile['suites']>;

export function leaderboardSuites(run: RunFile): SuiteColumns {
  const lb = run.leaderboard;
  if (!lb) return {};
  const members = (id: string): string[] => Object.keys(lb.benchmarks[id].subtasks ?? { [id]: null });
  const out: SuiteColumns = {
    'leaderboard (normalised)': { metric: 'normalised', value: lb.average / 100, benchmarks: Object.keys(lb.benchmarks).flatMap(members) },
  };
  for (const [id, b] of Object.entries(lb.benchmarks)) {
    out[`${b.title} (normalised)`] = { metric: 'normalised', value: b.normalised / 100, benchmarks: members(id) };
    out[`${b.title} (raw)`] = { metric: b.metric, value: b.raw, benchmarks: members(id) };
  }
  return out;
}

/** The run's own suites followed by its leaderboard columns. */
export function suitesWithLeaderboard(run: RunFile): SuiteColumns {
  return { ...(run.suites ?? {}), ...leaderboardSuites(run) };
}
