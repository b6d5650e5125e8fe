import type { ReportData, RowData } from './data/report-data.js';

/** Text safe in a GitHub-flavoured markdown table cell: no HTML, no pipes, no emphasis or links from data. */
export function mdText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~!])/g, '\\$1');
}

/** A score as the markdown exports print it: ×100 with one decimal for fractions, else 3 decimals (whole numbers from 100 up). */
export function fmt(data: ReportData, metric: string, v: number): string {
  if (data.metrics[metric]?.percent) return (v * 100).toFixed(1);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3);
}

interface Column {
  head: string;
  value(row: RowData): number | null;
  /** False for a partial suite average: never bold, ranked after the complete ones. */
  complete?(row: RowData): boolean;
  cell(row: RowData): string;
  higherIsBetter: boolean;
}

/**
 * A markdown leaderboard for a CI job summary ($GITHUB_STEP_SUMMARY) or a README: rows ranked by
 * the first suite average (else the first benchmark), best per column in bold, 95% intervals in brackets.
 */
export function renderMarkdown(data: ReportData): string {
  const cols: Column[] = [];
  for (const suite of data.suites) {
    cols.push({
      head: `${mdText(suite.name)} (${mdText(suite.metric)}, avg)`,
      value: (r) => r.suites[suite.name]?.value ?? null,
      complete: (r) => r.suites[suite.name]?.complete !== false,
      cell: (r) => {
        const s = r.suites[suite.name];
        return s ? `${fmt(data, suite.metric, s.value)}${s.complete ? '' : ` (partial: ${s.benchmarks}/${suite.size})`}` : '—';
      },
      higherIsBetter: data.metrics[suite.metric]?.higherIsBetter !== false,
    });
  }
  for (const bench of data.benchmarks) {
    cols.push({
      head: `${mdText(bench.name)} (${mdText(bench.metric)})`,
      value: (r) => r.cells[bench.name]?.value ?? null,
      cell: (r) => {
        const c = r.cells[bench.name];
        return c ? `${fmt(data, c.metric, c.value)} [${fmt(data, c.metric, c.ci95[0])}–${fmt(data, c.metric, c.ci95[1])}]` : '—';
      },
      higherIsBetter: data.metrics[bench.metric]?.higherIsBetter !== false,
    });
  }
  const rank = cols[0];
  const complete = (col: Column, r: RowData) => !col.complete || col.complete(r);
  // Complete averages first, then partial ones, each best first; rows without one last.
  const tier = (r: RowData) => (rank.value(r) === null ? 2 : complete(rank, r) ? 0 : 1);
  const rows = rank ? [...data.rows].sort((a, b) => tier(a) - tier(b) || (rank.value(b) ?? 0) - (rank.value(a) ?? 0)) : data.rows;
  const best = cols.map((col) => {
    const values = rows.filter((r) => complete(col, r)).map((r) => col.value(r)).filter((v): v is number => v !== null);
    if (values.length < 2) return null;
    return col.higherIsBetter ? Math.max(...values) : Math.min(...values);
  });
  const lines = [
    `## ${mdText(data.title)}`,
    '',
    `| Model | Strategy | ${cols.map((c) => c.head).join(' | ')} | Calls/q | Tokens/q |`,
    `|---|---|${cols.map(() => '---:|').join('')}---:|---:|`,
  ];
  for (const row of rows) {
    const cells = cols.map((col, i) => {
      const text = col.cell(row);
      return best[i] !== null && complete(col, row) && col.value(row) === best[i] ? `**${text}**` : text;
    });
    const q = row.usage.questions || 1;
    const flags = row.status !== 'complete' ? ` (${row.status})` : '';
    lines.push(`| ${mdText(row.model)}${flags} | ${mdText(row.strategy)} | ${cells.join(' | ')} | ${(row.usage.calls / q).toFixed(2)} | ${Math.round((row.usage.promptTokens + row.usage.completionTokens) / q)} |`);
  }
  lines.push('', 'Scores ×100 where the metric is a fraction, with 95% intervals; **bold** is the best in its column; a suite average marked partial covers only some of its benchmarks and ranks after the complete ones.');
  for (const note of data.notes) lines.push('', `> ${mdText(note)}`);
  const runs = data.runs.filter((r) => r.newest).map((r) => `\`${r.runId.replace(/`/g, '')}\``);
  lines.push('', `Runs: ${runs.join(', ')} · aloe-eval ${mdText(data.aloeEvalVersion)}`, '');
  return lines.join('\n');
}
