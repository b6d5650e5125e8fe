import { readRun } from '../results/read-run.js';
import type { SampleRecord } from '../types/results.js';
import type { ReportData, SampleData } from './report-data.js';
import { SampleEncoder, statusOf } from './sample-encode.js';
import { SampleStatus } from './report-data.js';

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
 * Up to `quota` samples of one benchmark: errors, unparsed and wrong answers first (what a reader
 * wants to see), then the rest spread evenly over the file so the picture is not just its first rows.
 */
export function pickSamples(records: SampleRecord[], quota: number): SampleRecord[] {
  if (records.length <= quota) return records;
  const rank = (r: SampleRecord) => {
    const s = statusOf(r);
    return s === SampleStatus.error ? 0 : s === SampleStatus.unparsed ? 1 : s === SampleStatus.wrong ? 2 : 3;
  };
  const first = records.filter((r) => rank(r) < 3).sort((a, b) => rank(a) - rank(b));
  if (first.length >= quota) return first.slice(0, quota);
  const rest = records.filter((r) => rank(r) === 3);
  const need = quota - first.length;
  const spread = Array.from({ length: need }, (_, i) => rest[Math.floor((i * rest.length) / need)]);
  return [...first, ...spread];
}

/**
 * Reads samples.jsonl of each row's newest run (one run in memory at a time), keeps a fair share of
 * each (row, benchmark) and encodes them round-robin across cells until the byte budget is spent.
 * `runDirs[i]` is the newest run of `data.rows[i]`. Adds a note to `data.notes` for unreadable lines.
 */
export function collectSamples(data: ReportData, runDirs: string[], budget: SampleBudget): SampleData {
  const benchIndex = new Map(data.benchmarks.map((b, i) => [b.name, i]));
  const cellCounts = data.rows.flatMap((row) => Object.values(row.cells).map((c) => c.n));
  const level = waterLevel(cellCounts, budget.maxSamples);
  const picked: { row: number; bench: number; records: SampleRecord[]; order: Map<SampleRecord, number> }[] = [];
  const counts: SampleData['counts'] = {};
  if (budget.maxSamples > 0) {
    runDirs.forEach((dir, row) => {
      const byBench = new Map<string, SampleRecord[]>();
      const loaded = readRun(dir);
      if (loaded.badLines.length > 0) {
        data.notes.push(`${data.rows[row].label}: ${loaded.badLines.length} unreadable line(s) in ${dir}/samples.jsonl (torn or corrupted) were skipped.`);
      }
      for (const record of loaded.samples) {
        if (!benchIndex.has(record.benchmark)) continue;
        const list = byBench.get(record.benchmark) ?? [];
        list.push(record);
        byBench.set(record.benchmark, list);
      }
      for (const [benchmark, records] of byBench) {
        counts[`${row}\u0000${benchmark}`] = { total: records.length, shown: 0 };
        const order = new Map<SampleRecord, number>();
        const chosen = pickSamples(records, level);
        records.forEach((r, i) => order.set(r, i));
        const kept = new Map<SampleRecord, number>();
        for (const r of chosen) kept.set(r, order.get(r)!);
        picked.push({ row, bench: benchIndex.get(benchmark)!, records: chosen, order: kept });
      }
    });
  }
  const encoder = new SampleEncoder(budget.maxChars);
  const encoded: { row: number; bench: number; pos: number; sample: SampleData['items'][number] }[] = [];
  const deepest = Math.max(0, ...picked.map((p) => p.records.length));
  outer: for (let rank = 0; rank < deepest; rank++) {
    for (const cell of picked) {
      const record = cell.records[rank];
      if (!record) continue;
      if (encoder.bytes >= budget.maxBytes) break outer;
      encoded.push({ row: cell.row, bench: cell.bench, pos: cell.order.get(record)!, sample: encoder.encode(record, cell.row, cell.bench) });
      counts[`${cell.row}\u0000${data.benchmarks[cell.bench].name}`].shown++;
    }
  }
  encoded.sort((a, b) => a.row - b.row || a.bench - b.bench || a.pos - b.pos);
  return { strings: encoder.strings, items: encoded.map((e) => e.sample), counts, maxChars: encoder.truncated > 0 ? budget.maxChars : 0 };
}
