/**
 * File → records. Parquet (hyparquet; INT64 comes back as BigInt), `.json` sniffed (array,
 * JSON Lines, `{"data": [...]}`, BIG-Bench's `{"examples": [...]}`, or an object keyed by id as in HPAI's prompt_engine, where
 * each record gets its key as `_key`), `.jsonl`, and CSV with a header row. The parquet and CSV
 * parsers load only when a file needs them: most benchmarks are JSON, and start-up pays for every import.
 */
import { extname } from 'node:path';
import { UserError } from '../util/errors.js';

function formatError(display: string, problem: string): UserError {
  return new UserError(`${display}: ${problem}`);
}

/** A parser's own message, unless the data is credentialed (JSON/CSV parsers quote the text near the fault). */
function detail(err: unknown, redact: boolean): string {
  return redact ? 'parser message not shown: credentialed data' : (err as Error).message;
}

function decodeUtf8(bytes: Uint8Array, display: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw formatError(display, 'is not valid UTF-8 text; re-download it or fix its encoding');
  }
}

/** JSON Lines: one object per non-blank line. A bad line is an error naming its line number. */
export function parseJsonLines(text: string, display: string, redact = false): unknown[] {
  const rows: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    try {
      rows.push(JSON.parse(line));
    } catch (err) {
      throw formatError(display, `line ${i + 1} is not valid JSON (${detail(err, redact)}); fix or remove that line`);
    }
  }
  return rows;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Sniffs a `.json` file: a JSON array, JSON Lines, `{"data": [...]}`, or an object of objects keyed by id. */
export function parseJsonSniffed(text: string, display: string, redact = false): unknown[] {
  const start = text.trimStart()[0];
  if (start !== '[' && start !== '{') throw formatError(display, 'is not JSON (expected an array, JSON Lines or an object)');
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    // Several top-level values: JSON Lines (a failed parse stops at the second value, so this is cheap).
    if (start === '{') return parseJsonLines(text, display, redact);
    throw formatError(display, 'is a JSON array that does not parse; fix the file');
  }
  if (Array.isArray(whole)) return whole;
  if (isPlainObject(whole)) {
    if (Array.isArray(whole.data)) return whole.data;
    // BIG-Bench task files: {"canary": …, "examples": [...]}.
    if (Array.isArray(whole.examples)) return whole.examples;
    const values = Object.values(whole);
    if (values.length > 0 && values.every(isPlainObject)) {
      return Object.entries(whole).map(([key, v]) => ({ _key: key, ...(v as Record<string, unknown>) }));
    }
    // A single object on one line is one JSON Lines record.
    return [whole];
  }
  throw formatError(display, 'is JSON but neither a list of records nor an object holding them');
}

async function parseCsvText(text: string, display: string, redact = false): Promise<Record<string, string>[]> {
  const { parse: parseCsv } = await import('csv-parse/sync');
  try {
    return parseCsv(text, { columns: true, skip_empty_lines: true, relax_column_count: false }) as Record<string, string>[];
  } catch (err) {
    throw formatError(display, `is not valid CSV (${detail(err, redact)}); fix the file`);
  }
}

export async function parseParquet(bytes: Uint8Array, display: string, redact = false): Promise<Record<string, unknown>[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const [{ parquetReadObjects }, { compressors }] = await Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
  try {
    return await parquetReadObjects({ file, compressors });
  } catch (err) {
    throw formatError(display, `is not a readable parquet file (${detail(err, redact)}); re-download it`);
  }
}

/**
 * Records of one file. `name` (the path in its repo) decides the format by extension. `redact`:
 * credentialed data, whose errors must not quote the file's text.
 */
export async function readRecordsFromBytes(bytes: Uint8Array, name: string, display: string, redact = false): Promise<unknown[]> {
  const ext = extname(name).toLowerCase();
  switch (ext) {
    case '.parquet':
      return parseParquet(bytes, display, redact);
    case '.json':
      return parseJsonSniffed(decodeUtf8(bytes, display), display, redact);
    case '.jsonl':
      return parseJsonLines(decodeUtf8(bytes, display), display, redact);
    case '.csv':
      return parseCsvText(decodeUtf8(bytes, display), display, redact);
    default:
      throw formatError(display, `has an unsupported format "${ext}" (readable: .parquet, .json, .jsonl, .csv)`);
  }
}
