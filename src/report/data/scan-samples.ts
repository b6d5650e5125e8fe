import { closeSync, openSync, readSync } from 'node:fs';
import type { SampleRecord } from '../../types/results.js';
import { SampleStatus, type SampleStatusCode } from './report-data.js';
import { statusOf } from './sample-encode.js';

/** The lines of one samples.jsonl, located (byte offsets) and classified, but not parsed. */
export interface ScannedFile {
  file: string;
  starts: number[];
  ends: number[];
  benchmarks: string[];
  /** Used only to choose which samples to embed; the page shows the status of the parsed record. */
  statuses: Uint8Array;
}

const PREFIX = Buffer.from('{"benchmark":"');
const CORRECT = Buffer.from('"correct":');
const UNPARSED_TRUE = Buffer.from('"unparsed":true');
const ERROR = Buffer.from('"error":{');
/** How far back from a line's end the status keys are looked for. */
const TAIL = 2048;
const CHUNK = 32 * 1024 * 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

let chunk = Buffer.alloc(0);

/**
 * Classifies every line of samples.jsonl without JSON.parse, reading the file in 32 MB chunks (so a
 * file of any size fits). Parsing all 1.5 M lines of a big report costs seconds; parsing only the few
 * thousand that get embedded (`readSampleLines`) costs nothing. The runner writes `benchmark` first and
 * `correct`, `unparsed`, …, `error` after the attempts, so the status is read from the line's last
 * 2 KB, scanning back to `"correct":` (text inside JSON strings has its quotes escaped, so it cannot
 * match). A line in any other shape, or whose last 2 KB do not settle it, is parsed. A torn last line (no newline) is skipped, as readJsonl does.
 */
export function scanSamples(file: string, chunkSize = CHUNK): ScannedFile {
  const out: ScannedFile = { file, starts: [], ends: [], benchmarks: [], statuses: new Uint8Array(0) };
  const statuses: number[] = [];
  if (chunk.length !== chunkSize) chunk = Buffer.allocUnsafe(chunkSize);
  const fd = openSync(file, 'r');
  try {
    let base = 0; // file offset of chunk[0]
    let filled = 0;
    for (;;) {
      if (filled === chunk.length) {
        // One line longer than the chunk: grow it.
        const bigger = Buffer.allocUnsafe(chunk.length * 2);
        chunk.copy(bigger, 0, 0, filled);
        chunk = bigger;
      }
      const n = readSync(fd, chunk, filled, chunk.length - filled, base + filled);
      filled += n;
      const last = filled > 0 ? chunk.lastIndexOf(NEWLINE, filled - 1) : -1;
      if (last >= 0) {
        scanChunk(chunk, last + 1, base, out, statuses);
        chunk.copy(chunk, 0, last + 1, filled);
        base += last + 1;
        filled -= last + 1;
      }
      if (n === 0) break;
    }
  } finally {
    closeSync(fd);
  }
  out.statuses = Uint8Array.from(statuses);
  return out;
}

function matchesAt(bytes: Buffer, at: number, needle: Buffer): boolean {
  for (let k = 0; k < needle.length; k++) if (bytes[at + k] !== needle[k]) return false;
  return true;
}

/**
 * Status from the top-level keys in the line's tail, scanning backwards until `"correct":`; null when
 * the line is longer than the window and the window did not settle it (the caller parses the line).
 */
function tailStatus(bytes: Buffer, start: number, end: number): SampleStatusCode | null {
  let error = false;
  let unparsed = false;
  for (let i = end - CORRECT.length; i >= Math.max(start, end - TAIL); i--) {
    if (bytes[i] !== QUOTE) continue;
    if (matchesAt(bytes, i, ERROR)) error = true;
    else if (matchesAt(bytes, i, UNPARSED_TRUE)) unparsed = true;
    else if (matchesAt(bytes, i, CORRECT)) {
      if (error) return SampleStatus.error;
      if (unparsed) return SampleStatus.unparsed;
      return bytes[i + CORRECT.length] === 0x74 /* t */ ? SampleStatus.correct : SampleStatus.wrong;
    }
  }
  if (error) return SampleStatus.error;
  return end - start <= TAIL ? SampleStatus.scored : null;
}

function scanChunk(bytes: Buffer, length: number, base: number, out: ScannedFile, statuses: number[]): void {
  let lastName = '';
  let lastFrom = -1;
  let lastLength = -1;
  for (let start = 0; start < length; ) {
    const end = bytes.indexOf(NEWLINE, start);
    if (end > start) {
      let name: string | null = null;
      let status: SampleStatusCode | null = null;
      if (end - start > PREFIX.length && matchesAt(bytes, start, PREFIX)) {
        const from = start + PREFIX.length;
        let close = from;
        while (close < end && bytes[close] !== QUOTE && bytes[close] !== BACKSLASH) close++;
        if (close < end && bytes[close] === QUOTE) {
          // Consecutive lines mostly share a benchmark: reuse its string when the bytes match.
          const same = close - from === lastLength && bytes.compare(bytes, lastFrom, lastFrom + lastLength, from, close) === 0;
          name = same ? lastName : bytes.toString('utf8', from, close);
          lastName = name;
          lastFrom = from;
          lastLength = close - from;
          status = tailStatus(bytes, start, end);
        }
      }
      if (name === null || status === null) {
        // Not the runner's layout, an escaped name, or a long tail: parse this one line.
        const record = parse(bytes.toString('utf8', start, end));
        if (record && typeof record.benchmark === 'string') {
          name = record.benchmark;
          status = statusOf(record);
        } else if (name !== null) {
          status = SampleStatus.scored; // corrupt: kept, found out (and noted) only if it gets picked
        }
      }
      if (name !== null && status !== null) {
        out.starts.push(base + start);
        out.ends.push(base + end);
        out.benchmarks.push(name);
        statuses.push(status);
      }
    }
    start = end + 1;
  }
}

function parse(text: string): SampleRecord | null {
  try {
    const value = JSON.parse(text) as SampleRecord;
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** Parses the given lines of a scanned file (null where a line is not valid JSON). */
export function readSampleLines(scan: ScannedFile, lines: number[]): (SampleRecord | null)[] {
  const fd = openSync(scan.file, 'r');
  try {
    return lines.map((line) => {
      const length = scan.ends[line] - scan.starts[line];
      const buffer = Buffer.allocUnsafe(length);
      readSync(fd, buffer, 0, length, scan.starts[line]);
      return parse(buffer.toString('utf8'));
    });
  } finally {
    closeSync(fd);
  }
}
