import { existsSync } from 'node:fs';
import { readJsonl } from '../../util/jsonl.js';
import { ExitCode, UserError } from '../../util/errors.js';
import type { HistoryPoint } from './report-data.js';

export interface HistoryReadResult {
  points: HistoryPoint[];
  /** Lines that were not JSON or lacked a usable field. */
  skipped: number;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

/**
 * Reads a history file (JSON Lines, one line per benchmark per run:
 * {model, strategy, benchmark, revision, metric, value, ci95, n, date, runId}), as `run` appends it
 * (src/results/history.ts) or as anyone wrote it by hand. Unlike that module's unchecked `readHistory`,
 * every field is checked: a line without model, strategy, benchmark, a finite value or a parseable date
 * is skipped and counted, never fatal. Optional fields of the wrong type are dropped.
 */
export function readHistory(file: string): HistoryReadResult {
  if (!existsSync(file)) {
    throw new UserError(`--history ${file}: no such file (pass the history JSON Lines file, or leave the flag out)`, ExitCode.usage);
  }
  const { rows, badLines } = readJsonl<unknown>(file);
  const points: HistoryPoint[] = [];
  let skipped = badLines.length;
  for (const row of rows) {
    if (!row || typeof row !== 'object' || Array.isArray(row)) {
      skipped++;
      continue;
    }
    const r = row as Record<string, unknown>;
    const time = typeof r.date === 'string' || typeof r.date === 'number' ? new Date(r.date).getTime() : NaN;
    if (!nonEmptyString(r.model) || !nonEmptyString(r.strategy) || !nonEmptyString(r.benchmark) || !isFiniteNumber(r.value) || !Number.isFinite(time)) {
      skipped++;
      continue;
    }
    const point: HistoryPoint = {
      model: r.model,
      strategy: r.strategy,
      benchmark: r.benchmark,
      metric: nonEmptyString(r.metric) ? r.metric : '',
      value: r.value,
      date: new Date(time).toISOString(),
    };
    if (Array.isArray(r.ci95) && r.ci95.length === 2 && isFiniteNumber(r.ci95[0]) && isFiniteNumber(r.ci95[1])) {
      point.ci95 = [r.ci95[0], r.ci95[1]];
    }
    if (isFiniteNumber(r.n)) point.n = r.n;
    if (nonEmptyString(r.runId)) point.runId = r.runId;
    if (nonEmptyString(r.revision)) point.revision = r.revision;
    points.push(point);
  }
  return { points, skipped };
}
