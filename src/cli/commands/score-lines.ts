/**
 * The JSON Lines loop `aloe-eval score` runs for every metric: read the file (or stdin), one
 * output line per good input line in input order, each bad line reported on stderr naming file
 * and line while the others are still scored, means on stderr, exit 2 when any line was bad.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ExitCode, UserError } from '../../util/errors.js';

/** How one metric reads a line and scores it. */
export interface LineMetric<Line, Result> {
  /** What a line must hold, for the "no lines" message. */
  expected: string;
  /** A minimal line, for the "not an object" message. */
  example: string;
  parse(record: Record<string, unknown>, lineNumber: number): { ok: true; line: Line } | { ok: false; problem: string };
  /** Throws an Error whose message is the problem, for a line that parsed but cannot be scored. */
  score(line: Line, lineNumber: number): { result: Result; json: unknown };
  /** A warning about the scored lines as a whole (one line, or nothing), printed before the means. */
  warning?(name: string, scored: number): string | undefined;
  means(results: readonly Result[], inputLines: number): string;
}

export function scoreLines<Line, Result>(options: { input: string; output?: string }, metric: LineMetric<Line, Result>): void {
  const name = options.input === '-' ? 'stdin' : options.input;
  const bytes = readInput(options.input);
  const out: string[] = [];
  const results: Result[] = [];
  let inputLines = 0;
  let badLines = 0;
  const bad = (lineNumber: number, problem: string) => {
    badLines++;
    process.stderr.write(`aloe-eval: ${name}:${lineNumber}: ${problem}\n`);
  };

  forEachLine(bytes, (lineBytes, lineNumber) => {
    const decoded = decodeLine(lineBytes, metric.example);
    if (decoded === null) return; // blank line: not an input
    inputLines++;
    if (!decoded.ok) return bad(lineNumber, decoded.problem);
    const parsed = metric.parse(decoded.record, lineNumber);
    if (!parsed.ok) return bad(lineNumber, parsed.problem);
    let scored: { result: Result; json: unknown };
    try {
      scored = metric.score(parsed.line, lineNumber);
    } catch (err) {
      return bad(lineNumber, (err as Error).message);
    }
    results.push(scored.result);
    out.push(JSON.stringify(scored.json));
  });

  if (inputLines === 0) throw new UserError(`${name} has no lines to score (expected JSON Lines with ${metric.expected})`);
  const text = out.length > 0 ? out.join('\n') + '\n' : '';
  if (options.output) {
    try {
      writeFileSync(options.output, text);
    } catch (err) {
      throw new UserError(`cannot write --output ${options.output}: ${(err as Error).message}`, ExitCode.runFailed);
    }
  } else {
    process.stdout.write(text);
  }
  const warning = metric.warning?.(name, results.length);
  if (warning) process.stderr.write(warning);
  process.stderr.write(metric.means(results, inputLines));
  if (badLines > 0) {
    throw new UserError(
      `${badLines} of ${inputLines} lines of ${name} could not be scored (see above); the other ${inputLines - badLines} were written`,
    );
  }
}

function readInput(input: string): Uint8Array {
  try {
    return readFileSync(input === '-' ? 0 : input);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new UserError(`cannot read --input ${input}: ${reason}`);
  }
}

/** Splits on "\n" bytes (a trailing "\r" is JSON whitespace, so CRLF files parse too). */
function forEachLine(bytes: Uint8Array, visit: (line: Uint8Array, lineNumber: number) => void): void {
  let start = 0;
  let lineNumber = 1;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    visit(bytes.subarray(start, end), lineNumber++);
    start = end + 1;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** null for a blank line; otherwise the line's JSON object or the first thing wrong with it. */
function decodeLine(bytes: Uint8Array, example: string): { ok: true; record: Record<string, unknown> } | { ok: false; problem: string } | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, problem: 'not valid UTF-8 (save the file as UTF-8)' };
  }
  if (text.trim() === '') return null;
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: `not valid JSON (${(err as Error).message})` };
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return { ok: false, problem: `expected a JSON object like ${example}` };
  return { ok: true, record: row as Record<string, unknown> };
}
