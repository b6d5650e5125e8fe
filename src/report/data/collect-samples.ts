import { join } from 'node:path';
import type { SampleRecord } from '../../types/results.js';
import { SampleStatus, type ReportData, type SampleData, type SampleStatusCode } from './report-data.js';
import { withoutText } from './credentialed-text.js';
import { SampleEncoder } from './sample-encode.js';
import { readSampleLines, scanSamples } from './scan-samples.js';

export interface SampleBudget {
  /** Most samples embedded over the whole report (0: no sample explorer). */
  maxSamples: number;
  /** Rough cap on the embedded sample JSON, in bytes. */
  maxBytes: number;
  /** Longest text kept whole; longer ones are cut with a note. */
  maxChars: number;
}

export const defaultSampleBudget: SampleBudget = { maxSamples: 50_000, maxBytes: 18 * 1024 * 1024, maxChars: 20_000 };

/**
 * Water-filling: the largest per-cell quota L with Σ min(nᵢ, L) ≤ max, so small benchmarks are kept
 * whole and big ones share what is left equally.
 */
export function waterLevel(counts: number[], max: number): number {
  if (counts.reduce((a, n) => a + n, 0) <= max) return Math.max(0, ...counts);
  let lo = 0;
  let hi = Math.max(0, ...counts);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const used = counts.reduce((a, n) => a + Math.min(n, mid), 0);
    if (used <= max) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Up to `quota` items of one benchmark: errors, unparsed and wrong answers first (what a reader
 * wants to see), then the rest spread evenly over the file so the picture is not just its first rows.
 */
export function pickSamples<T>(items: T[], quota: number, status: (item: T) => SampleStatusCode): T[] {
  if (items.length <= quota) return items;
  const rank = (item: T) => {
    const s = status(item);
    return s === SampleStatus.error ? 0 : s === SampleStatus.unparsed ? 1 : s === SampleStatus.wrong ? 2 : 3;
  };
  const first = items.filter((r) => rank(r) < 3).sort((a, b) => rank(a) - rank(b));
  if (first.length >= quota) return first.slice(0, quota);
  const rest = items.filter((r) => rank(r) === 3);
  const need = quota - first.length;
  const spread = Array.from({ length: need }, (_, i) => rest[Math.floor((i * rest.length) / need)]);
  return [...first, ...spread];
}

interface Picked {
  row: number;
  bench: number;
  /** Chosen records in priority order, with their position in the run's file (for display order). */
  records: { record: SampleRecord; pos: number }[];
}

/**
 * Scans samples.jsonl of each row's newest run (line offsets and statuses, not records), keeps a fair
 * share of each (row, benchmark) and encodes them round-robin across cells until the byte budget is spent.
 * Only the chosen lines are parsed (see scan-samples.ts). `runDirs[i]` is the newest run of `data.rows[i]`.
 * Samples of benchmarks in `withoutTextOf` (credentialed data) are embedded with scores and ids only.
 */
export function collectSamples(data: ReportData, runDirs: string[], budget: SampleBudget, withoutTextOf: ReadonlySet<string> = new Set()): SampleData {
  const benchIndex = new Map(data.benchmarks.map((b, i) => [b.name, i]));
  const cellCounts = data.rows.flatMap((row) => Object.values(row.cells).map((c) => c.n));
  const level = waterLevel(cellCounts, budget.maxSamples);
  const picked: Picked[] = [];
  const counts: SampleData['counts'] = {};
  if (budget.maxSamples > 0) {
    runDirs.forEach((dir, row) => {
      const scan = scanSamples(join(dir, 'samples.jsonl'));
      const byBench = new Map<string, number[]>();
      scan.benchmarks.forEach((benchmark, line) => {
        if (!benchIndex.has(benchmark)) return;
        const list = byBench.get(benchmark);
        if (list) list.push(line);
        else byBench.set(benchmark, [line]);
      });
      let unreadable = 0;
      for (const [benchmark, lines] of byBench) {
        counts[`${row}\u0000${benchmark}`] = { total: lines.length, shown: 0 };
        const records: Picked['records'] = [];
        // `lines` is in file order, so a line's index in it is its position within the benchmark.
        const position = new Map(lines.map((line, i) => [line, i]));
        const chosen = pickSamples(lines, level, (l) => scan.statuses[l] as SampleStatusCode);
        readSampleLines(scan, chosen).forEach((record, i) => {
          if (record && record.benchmark === benchmark) records.push({ record: withoutTextOf.has(benchmark) ? withoutText(record) : record, pos: position.get(chosen[i])! });
          else unreadable++;
        });
        picked.push({ row, bench: benchIndex.get(benchmark)!, records });
      }
      if (unreadable > 0) data.notes.push(`${data.rows[row].label}: ${unreadable} unreadable line(s) in ${dir}/samples.jsonl were skipped.`);
    });
  }
  const encoder = new SampleEncoder(budget.maxChars);
  const encoded: { row: number; bench: number; pos: number; sample: SampleData['items'][number] }[] = [];
  const deepest = Math.max(0, ...picked.map((p) => p.records.length));
  outer: for (let rank = 0; rank < deepest; rank++) {
    for (const cell of picked) {
      const chosen = cell.records[rank];
      if (!chosen) continue;
      if (encoder.bytes >= budget.maxBytes) break outer;
      encoded.push({ row: cell.row, bench: cell.bench, pos: chosen.pos, sample: encoder.encode(chosen.record, cell.row, cell.bench) });
      counts[`${cell.row}\u0000${data.benchmarks[cell.bench].name}`].shown++;
    }
  }
  encoded.sort((a, b) => a.row - b.row || a.bench - b.bench || a.pos - b.pos);
  return { strings: encoder.strings, items: encoded.map((e) => e.sample), counts, maxChars: encoder.truncated > 0 ? budget.maxChars : 0 };
}
