/**
 * `aloe-eval report --layout card`: one markdown table in the grouping of the Aloe model card's
 * evaluation table — MCQA (accuracy), open-ended (ROUGE-1), general — with one column per model
 * and each group's average. Built from ReportData alone (the result files), like every export.
 */
import type { BenchmarkInfo, ReportData, RowData } from './data/report-data.js';
import { fmt, mdText } from './markdown.js';

export interface CardGroup {
  title: string;
  benchmarks: BenchmarkInfo[];
}

/** The suite whose members the card shows under "General" (added by another issue; absent until then). */
const GENERAL_SUITE = 'general';

/**
 * Benchmarks in card order: accuracy benchmarks under MCQA, ROUGE-1 ones under open-ended, the
 * `general` suite's members (whatever their metric) and any other metric under General.
 * Empty groups are left out.
 */
export function cardGroups(data: ReportData): CardGroup[] {
  const general = new Set(data.suites.find((s) => s.name === GENERAL_SUITE)?.benchmarks ?? []);
  const groups: CardGroup[] = [
    { title: 'MCQA (accuracy)', benchmarks: [] },
    { title: 'Open-ended (ROUGE-1)', benchmarks: [] },
    { title: 'General', benchmarks: [] },
  ];
  for (const b of data.benchmarks) {
    const at = general.has(b.name) ? 2 : b.metric === 'accuracy' ? 0 : b.metric === 'rouge1' ? 1 : 2;
    groups[at].benchmarks.push(b);
  }
  return groups.filter((g) => g.benchmarks.length > 0);
}

/** Column heads: the model, or model (strategy) when a model appears with several strategies. */
function columnHeads(rows: readonly RowData[]): string[] {
  const perModel = new Map<string, number>();
  for (const r of rows) perModel.set(r.model, (perModel.get(r.model) ?? 0) + 1);
  return rows.map((r) => mdText(perModel.get(r.model)! > 1 ? `${r.model} (${r.strategy})` : r.model));
}

/**
 * The card table. Scores ×100 where the metric is a fraction; a group's average is the mean over
 * the benchmarks a column has, marked `(k/n)` when it lacks some.
 */
export function renderCardTable(data: ReportData): string {
  const rows = data.rows;
  const lines = [
    `## ${mdText(data.title)} — model card layout`,
    '',
    `| Benchmark | ${columnHeads(rows).join(' | ')} |`,
    `|---|${rows.map(() => '---:|').join('')}`,
  ];
  for (const group of cardGroups(data)) {
    lines.push(`| **${mdText(group.title)}** |${rows.map(() => ' |').join('')}`);
    for (const b of group.benchmarks) {
      const cells = rows.map((r) => {
        const c = r.cells[b.name];
        return c ? fmt(data, c.metric, c.value) : '—';
      });
      lines.push(`| ${mdText(b.name)} | ${cells.join(' | ')} |`);
    }
    const averages = rows.map((r) => {
      const present = group.benchmarks.map((b) => r.cells[b.name]).filter((c) => c !== undefined);
      if (present.length === 0) return '—';
      const mean = present.reduce((sum, c) => sum + c.value, 0) / present.length;
      const partial = present.length < group.benchmarks.length ? ` (${present.length}/${group.benchmarks.length})` : '';
      return `${fmt(data, present[0].metric, mean)}${partial}`;
    });
    lines.push(`| *${mdText(group.title)} average* | ${averages.join(' | ')} |`);
  }
  lines.push('', 'Scores ×100 where the metric is a fraction; a group average is the mean over the benchmarks a column has ((k/n) when it lacks some).');
  for (const note of data.notes) lines.push('', `> ${mdText(note)}`);
  lines.push('');
  return lines.join('\n');
}
