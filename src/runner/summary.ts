import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { RunFile } from '../types/results.js';

const pct = (v: number) => (100 * v).toFixed(1);

/** summary.csv: one row per benchmark, then one per suite average. */
export function writeSummaryCsv(dir: string, run: RunFile): void {
  const rows: (string | number)[][] = [];
  for (const [benchmark, r] of Object.entries(run.results)) {
    rows.push([benchmark, r.metric, r.value, r.ci95[0], r.ci95[1], r.stderr, r.n, r.unparsed, r.errors, r.usage.calls, r.usage.promptTokens, r.usage.completionTokens]);
  }
  for (const [suite, s] of Object.entries(run.suites ?? {})) rows.push([`suite:${suite}`, s.metric, s.value, '', '', '', '', '', '', '', '', '']);
  const csv = stringify(rows, {
    header: true,
    columns: ['benchmark', 'metric', 'value', 'ci95_low', 'ci95_high', 'stderr', 'n', 'unparsed', 'errors', 'calls', 'prompt_tokens', 'completion_tokens'],
  });
  writeFileSync(join(dir, 'summary.csv'), csv);
}

/** The table printed at the end of a run (stdout), with cost per question. */
export function formatSummary(run: RunFile): string {
  const header = ['benchmark', 'metric', 'score', '95% CI', 'n', 'unparsed', 'errors', 'calls/q', 'tokens/q'];
  const rows = Object.entries(run.results).map(([b, r]) => {
    const perQ = (x: number) => (r.n ? x / r.n : 0);
    return [b, r.metric, pct(r.value), `[${pct(r.ci95[0])}, ${pct(r.ci95[1])}]`, String(r.n), String(r.unparsed), String(r.errors),
      perQ(r.usage.calls).toFixed(2), perQ(r.usage.promptTokens + r.usage.completionTokens).toFixed(0)];
  });
  for (const [suite, s] of Object.entries(run.suites ?? {})) {
    rows.push([`suite ${suite}`, s.metric, pct(s.value), `(mean of ${s.benchmarks.length})`, '', '', '', '', '']);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  // Why samples failed, by kind (connection, timeout, …), so "errors 3" is never a mystery.
  const kinds = Object.entries(run.results)
    .filter(([, r]) => r.errors > 0)
    .map(([b, r]) => `${b} errors by kind: ${formatKinds(r.errorKinds ?? { unknown: r.errors })}`);
  return [`${run.provenance.servedModel} · ${run.spec.strategy.name} · ${run.status}`, line(header), ...rows.map(line), ...kinds].join('\n');
}

/** `{connection: 2, timeout: 1}` → "connection 2, timeout 1" (largest first). */
export function formatKinds(kinds: Record<string, number>): string {
  return Object.entries(kinds)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}
