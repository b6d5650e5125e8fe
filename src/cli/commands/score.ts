import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ROUGE_METRICS, RougeEngine, type RougeResult } from '../../scorers/rouge-scorer.js';
import { ExitCode, UserError } from '../../util/errors.js';

/**
 * `aloe-eval score --metric rouge --input FILE.jsonl [--output FILE]`: scores predictions made
 * elsewhere. Each input line is `{"prediction": string, "reference": string, "id"?: string|number}`;
 * each good line gives one output line, in input order:
 * `{"id": …, "unstemmed": {"rouge1": {"precision", "recall", "fmeasure"}, "rouge2", "rougeL",
 * "rougeLsum"}, "stemmed": {…}}`. Means go to stderr.
 *
 * An empty (or blank) prediction or reference is scored, as rouge_score scores it: 0 for P, R and F.
 * A model that answered nothing must pull the mean down, not vanish from it. Empty references are
 * counted in one warning line (they usually mean a broken export, not a bad model).
 *
 * Bad lines (invalid UTF-8 or JSON, a missing or non-string field, a list where one reference
 * string was expected) are reported one per stderr line, naming file and line; the good lines are
 * still scored and written, then the command exits 2.
 */

interface ScoreOptions {
  metric: string;
  input: string;
  output?: string;
}

const SUPPORTED_METRICS = ['rouge'] as const;

interface GoodLine {
  id: string | number;
  prediction: string;
  reference: string;
}

type ParsedLine = { ok: true; line: GoodLine } | { ok: false; problem: string };

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('Score predictions made elsewhere (ROUGE-1/2/L/Lsum, precision/recall/F, with and without stemming)')
    .requiredOption('--metric <name>', `metric to compute: ${SUPPORTED_METRICS.join(', ')}`)
    .requiredOption(
      '--input <file>',
      'JSON Lines, one {"prediction": string, "reference": string, "id"?: string|number} per line ("-" reads stdin)',
    )
    .option('--output <file>', 'write the per-line scores to FILE instead of stdout')
    .action((options: ScoreOptions) => runScore(options));
}

function runScore(options: ScoreOptions): void {
  if (!(SUPPORTED_METRICS as readonly string[]).includes(options.metric)) {
    throw new UserError(`unknown --metric "${options.metric}"; supported: ${SUPPORTED_METRICS.join(', ')}`);
  }
  const name = options.input === '-' ? 'stdin' : options.input;
  const bytes = readInput(options.input);
  const engine = new RougeEngine();
  const out: string[] = [];
  const results: RougeResult[] = [];
  let inputLines = 0;
  let badLines = 0;
  const emptyReferences: number[] = [];

  forEachLine(bytes, (lineBytes, lineNumber) => {
    const parsed = parseLine(lineBytes, lineNumber);
    if (parsed === null) return; // blank line: not an input
    inputLines++;
    if (!parsed.ok) {
      badLines++;
      process.stderr.write(`aloe-eval: ${name}:${lineNumber}: ${parsed.problem}\n`);
      return;
    }
    const { id, prediction, reference } = parsed.line;
    if (reference.trim() === '') emptyReferences.push(lineNumber);
    const result = engine.score(prediction, reference);
    results.push(result);
    out.push(JSON.stringify({ id, unstemmed: result.unstemmed, stemmed: result.stemmed }));
  });

  if (inputLines === 0) throw new UserError(`${name} has no lines to score (expected JSON Lines with "prediction" and "reference")`);
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
  if (emptyReferences.length > 0) process.stderr.write(emptyReferenceWarning(name, emptyReferences, results.length));
  process.stderr.write(formatMeans(results, inputLines));
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

/** null for a blank line; otherwise the line's fields or the first thing wrong with it. */
function parseLine(bytes: Uint8Array, lineNumber: number): ParsedLine | null {
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
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return { ok: false, problem: 'expected a JSON object like {"prediction": "...", "reference": "..."}' };
  }
  const record = row as Record<string, unknown>;
  const problems = [textFieldProblem(record, 'prediction'), textFieldProblem(record, 'reference')];
  const id = record.id;
  if (id !== undefined && id !== null && typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
    problems.push('field "id" must be a string or a number');
  }
  const found = problems.filter((p): p is string => p !== null);
  if (found.length > 0) return { ok: false, problem: found.join('; ') };
  return {
    ok: true,
    line: {
      // Without an id, the line number keeps outputs traceable when bad lines are skipped.
      id: typeof id === 'string' || typeof id === 'number' ? id : lineNumber,
      prediction: record.prediction as string,
      reference: record.reference as string,
    },
  };
}

function textFieldProblem(record: Record<string, unknown>, field: 'prediction' | 'reference'): string | null {
  const value = record[field];
  if (value === undefined || value === null) return `missing field "${field}" (a string)`;
  if (Array.isArray(value)) {
    return `field "${field}" is a list; this command takes one string per line (put each reference on its own line)`;
  }
  if (typeof value !== 'string') return `field "${field}" must be a string, not ${typeof value}`;
  return null;
}

/** One line: how many references were empty, the first few line numbers, and what that did. */
function emptyReferenceWarning(name: string, lines: number[], scored: number): string {
  const shown = lines.slice(0, 5).join(', ') + (lines.length > 5 ? ', …' : '');
  return `aloe-eval: warning: ${lines.length} of ${scored} scored lines of ${name} have an empty reference (line ${shown}); they score 0, as in rouge_score\n`;
}

/** Means of P/R/F over the scored lines, summed in input order as lm-eval does. */
function formatMeans(results: readonly RougeResult[], inputLines: number): string {
  const lines = [`scored ${results.length} of ${inputLines} lines; means:`];
  if (results.length === 0) return lines.join('\n') + ' none\n';
  lines.push(`${'setting'.padEnd(10)} ${'metric'.padEnd(10)} ${'precision'.padStart(9)} ${'recall'.padStart(9)} ${'fmeasure'.padStart(9)}`);
  for (const setting of ['stemmed', 'unstemmed'] as const) {
    for (const metric of ROUGE_METRICS) {
      const means = (['precision', 'recall', 'fmeasure'] as const).map((key) => {
        let sum = 0;
        for (const r of results) sum += r[setting][metric][key];
        return (sum / results.length).toFixed(6).padStart(9);
      });
      lines.push(`${setting.padEnd(10)} ${metric.padEnd(10)} ${means.join(' ')}`);
    }
  }
  return lines.join('\n') + '\n';
}
