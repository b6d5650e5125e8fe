import type { ReportData } from './report-data.js';

/**
 * The one line the "Score history" section shows when it has no chart to draw: why (no history
 * file among the inputs, or one point per model and strategy), and how to get one.
 */
export function emptyHistoryNote(data: ReportData, historyFile: string | undefined): string {
  const series = new Map<string, Set<string>>();
  for (const p of data.history) {
    const key = `${p.benchmark}\u0000${p.model}\u0000${p.strategy}`;
    series.set(key, (series.get(key) ?? new Set()).add(p.date));
  }
  const how = 'run the same model and strategy again (each complete `aloe-eval run` appends to <out>/history.jsonl), then pass that file with --history FILE or pass several result dirs';
  if (!historyFile) return `Nothing to draw yet: no history file was given and each model · strategy has one run here; ${how}.`;
  if (series.size === 0) return `Nothing to draw yet: ${historyFile} has no points for these benchmarks; ${how}.`;
  return `Nothing to draw yet: ${historyFile} and the runs given hold a single point per model · strategy and benchmark; ${how}.`;
}
