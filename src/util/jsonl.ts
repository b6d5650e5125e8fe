import { appendFileSync, closeSync, existsSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';

export interface JsonlReadResult<T> {
  rows: T[];
  /** 1-based line numbers that were not valid JSON (a torn last line after a crash, or corruption). */
  badLines: number[];
  /** True when the file did not end in a newline: its last line was torn and dropped. */
  tornTail: boolean;
}

/** Reads JSON Lines, skipping blank lines and reporting (not throwing on) unparsable ones. */
export function readJsonl<T>(path: string): JsonlReadResult<T> {
  if (!existsSync(path)) return { rows: [], badLines: [], tornTail: false };
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const tornTail = text.length > 0 && !text.endsWith('\n');
  const rows: T[] = [];
  const badLines: number[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    if (tornTail && i === lines.length - 1) return;
    try {
      rows.push(JSON.parse(line) as T);
    } catch {
      badLines.push(i + 1);
    }
  });
  return { rows, badLines, tornTail };
}

/** Cuts a torn last line off a JSON Lines file so appends start on a fresh line. */
export function dropTornTail(path: string): boolean {
  if (!existsSync(path)) return false;
  const text = readFileSync(path, 'utf8');
  if (text.length === 0 || text.endsWith('\n')) return false;
  truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
  return true;
}

/** Appends one complete line in a single write, so a crash never leaves half a record followed by another. */
export function appendJsonl(path: string, row: unknown): void {
  appendFileSync(path, JSON.stringify(row) + '\n');
}

/**
 * appendJsonl for a file that takes many rows (a run's samples): opened once, on the first row,
 * each row then one write (no open and close per row). `close` when done.
 */
export class JsonlAppender {
  private fd: number | undefined;

  constructor(readonly path: string) {}

  append(row: unknown): void {
    const bytes = Buffer.from(JSON.stringify(row) + '\n');
    this.fd ??= openSync(this.path, 'a');
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
