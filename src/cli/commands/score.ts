import type { Command } from 'commander';
import { ROUGE_METRICS, RougeEngine, type RougeResult } from '../../scorers/rouge-scorer.js';
import { UserError } from '../../util/errors.js';
import { ifevalLines } from './score-ifeval.js';
import { scoreLines, type LineMetric } from './score-lines.js';

/**
 * `aloe-eval score --metric rouge|ifeval --input FILE.jsonl [--output FILE]`: scores predictions
 * made elsewhere. IFEval lines: score-ifeval.ts. ROUGE: Each input line is `{"prediction": string, "reference": string, "id"?: string|number}`;
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

const SUPPORTED_METRICS = ['rouge', 'ifeval'] as const;

interface GoodLine {
  id: string | number;
  prediction: string;
  reference: string;
}

type ParsedLine = { ok: true; line: GoodLine } | { ok: false; problem: string };
export function registerScore(program: Command): void {
  program
    .command('score')
    .description('Score predictions made elsewhere: ROUGE-1/2/L/Lsum (precision/recall/F, with and without stemming), or IFEval instruction following (strict and loose)')
    .requiredOption('--metric <name>', `metric to compute: ${SUPPORTED_METRICS.join(', ')}`)
    .requiredOption(
      '--input <file>',
      'JSON Lines ("-" reads stdin); rouge: {"prediction": string, "reference": string, "id"?: string|number} per line; ifeval: {"key", "prompt", "instruction_id_list", "kwargs", "response"} per line',
    )
    .option('--output <file>', 'write the per-line scores to FILE instead of stdout')
    .action((options: ScoreOptions) => runScore(options));
}

function runScore(options: ScoreOptions): void {
  if (!(SUPPORTED_METRICS as readonly string[]).includes(options.metric)) {
    throw new UserError(`unknown --metric "${options.metric}"; supported: ${SUPPORTED_METRICS.join(', ')}`);
  }
  if (options.metric === 'ifeval') return scoreLines(options, ifevalLines);
  scoreLines(options, rougeLines());
}

/** ROUGE lines: `prediction` against `reference`. */
function rougeLines(): LineMetric<GoodLine, RougeResult> {
  const engine = new RougeEngine();
  const emptyReferences: number[] = [];
  return {
    expected: '"prediction" and "reference"',
    example: '{"prediction": "...", "reference": "..."}',
    parse: parseRougeRecord,
    score(line, lineNumber) {
      if (line.reference.trim() === '') emptyReferences.push(lineNumber);
      const result = engine.score(line.prediction, line.reference);
      return { result, json: { id: line.id, unstemmed: result.unstemmed, stemmed: result.stemmed } };
    },
    warning: (name, scored) => (emptyReferences.length > 0 ? emptyReferenceWarning(name, emptyReferences, scored) : undefined),
    means: formatMeans,
  };
}

function parseRougeRecord(record: Record<string, unknown>, lineNumber: number): ParsedLine {
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
