/**
 * Run history: one JSON line per benchmark of each finished run, appended to a JSON Lines
 * file (`run` writes <out>/history.jsonl unless --history names another), so the HTML
 * report can draw every model's score over time. Appending the same run twice adds nothing (lines are keyed by run id + benchmark).
 */
import { modelOf } from './read-run.js';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunFile } from '../types/results.js';
import { appendJsonl, dropTornTail, readJsonl } from '../util/jsonl.js';

export interface HistoryEntry {
  /** When the run finished (ISO 8601), or started if it has no finish time. */
  date: string;
  runId: string;
  /** Model the server reported serving (provenance.servedModel). */
  model: string;
  strategy: string;
  benchmark: string;
  /** Dataset revision (commit sha) the benchmark was read from; null when the run recorded none. */
  revision: string | null;
  metric: string;
  value: number;
  ci95: [number, number];
  n: number;
  /** Suite the run was started with, if any. */
  suite?: string;
}

/** The history lines a run would add (one per benchmark in its results, in results order). */
export function historyEntries(run: RunFile): HistoryEntry[] {
  const date = run.provenance.finishedAt ?? run.provenance.startedAt;
  return Object.entries(run.results).map(([benchmark, r]) => {
    const entry: HistoryEntry = {
      date,
      runId: run.runId,
      model: modelOf(run),
      strategy: run.spec.strategy.name,
      benchmark,
      revision: run.provenance.datasets?.[benchmark]?.revision ?? null,
      metric: r.metric,
      value: r.value,
      ci95: r.ci95,
      n: r.n,
    };
    if (run.spec.suite) entry.suite = run.spec.suite;
    return entry;
  });
}

/** Reads a history file; a missing file is an empty history, unreadable lines are skipped. */
export function readHistory(file: string): HistoryEntry[] {
  return readJsonl<HistoryEntry>(file).rows;
}

/**
 * Appends one line per benchmark of a complete run; returns how many lines were added
 * (0 for an unfinished run, or one already in the file).
 *
 * @example
 *   appendHistory(opts.history ?? join(opts.out, 'history.jsonl'), run);
 */
export function appendHistory(file: string, run: RunFile): number {
  if (run.status !== 'complete') return 0;
  mkdirSync(dirname(file), { recursive: true });
  dropTornTail(file);
  const present = new Set(readHistory(file).map((e) => `${e.runId}\u0000${e.benchmark}`));
  let added = 0;
  for (const entry of historyEntries(run)) {
    if (present.has(`${entry.runId}\u0000${entry.benchmark}`)) continue;
    appendJsonl(file, entry);
    added++;
  }
  return added;
}
