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
  // Leaderboard scores: the raw group score (0–1) and the normalised one (0–100), side by side.
  for (const [id, b] of Object.entries(run.leaderboard?.benchmarks ?? {})) {
    rows.push([`leaderboard:${id}`, b.metric, b.raw, '', '', '', '', '', '', '', '', '']);
    rows.push([`leaderboard:${id}`, 'normalised', b.normalised, '', '', '', '', '', '', '', '', '']);
  }
  if (run.leaderboard) rows.push(['leaderboard:average', 'normalised', run.leaderboard.average, '', '', '', '', '', '', '', '', '']);
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
  for (const [b, r] of Object.entries(run.results)) {
    // Every safety rate under the headline, with the scorer that produced it.
    for (const [name, m] of Object.entries(r.safety?.metrics ?? {})) {
      const shown = name === 'mean_harmfulness' ? m.value.toFixed(2) : pct(m.value);
      const ci = name === 'mean_harmfulness' ? `[${m.ci95[0].toFixed(2)}, ${m.ci95[1].toFixed(2)}]` : `[${pct(m.ci95[0])}, ${pct(m.ci95[1])}]`;
      rows.push([`  ${b}`, `${name} (${m.scorer}, ${m.direction} is better)`, shown, ci, String(m.n), '', '', '', '']);
    }
    const a = r.safety?.agreement;
    if (a) rows.push([`  ${b}`, `kappa ${a.scorers.join(' vs ')}`, a.kappa === null ? 'n/a' : a.kappa.toFixed(3), '', String(a.n), '', '', '', '']);
    if (r.safety?.judgeErrors) rows.push([`  ${b}`, 'judge errors', String(r.safety.judgeErrors), '', '', '', '', '', '']);
  }
  for (const [suite, s] of Object.entries(run.suites ?? {})) {
    // A partial average (fewer benchmarks than the suite has) is not comparable with a complete one.
    const over = s.size !== undefined && s.size > s.benchmarks.length ? `(partial: ${s.benchmarks.length} of ${s.size})` : `(mean of ${s.benchmarks.length})`;
    rows.push([`suite ${suite}`, s.metric, pct(s.value), over, '', '', '', '', '']);
  }
  const lb = run.leaderboard;
  for (const [id, b] of Object.entries(lb?.benchmarks ?? {})) {
    rows.push([`leaderboard ${id}`, 'normalised', b.normalised.toFixed(1), `(raw ${b.metric} ${pct(b.raw)})`, '', '', '', '', '']);
  }
  if (lb) rows.push(['leaderboard average', 'normalised', lb.average.toFixed(1), lb.complete ? '(all six)' : `(${Object.keys(lb.benchmarks).length} of 6)`, '', '', '', '', '']);
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
