import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readRun } from '../results/read-run.js';
import { ExitCode } from '../util/errors.js';
import { compareRuns, type CompareOptions } from './compare-runs.js';
import { renderConsole } from './render-console.js';
import type { FailOn } from '../util/fail-on.js';
import { renderMarkdown } from './render-markdown.js';

export interface CompareReportOptions extends CompareOptions {
  /** Print the Comparison as JSON instead of the console table. */
  json?: boolean;
  /** Also write the markdown summary to this file. */
  markdown?: string;
  /** 'regression': return exit code 3 when any benchmark regressed significantly; 'never': 0. */
  failOn?: FailOn;
}

export interface TextSink {
  write(text: string): unknown;
}

/**
 * Reads both result dirs, compares, prints (table or JSON) to `out`, writes the markdown
 * file when asked, and returns the exit code: 3 (ExitCode.regression) when `failOn` is
 * 'regression' and a benchmark regressed, else 0. Runs that cannot be compared throw a
 * UserError with exit code 4, which the CLI prints as one line.
 *
 * @example
 *   // in `run … --baseline DIR --fail-on regression`, after the run is written:
 *   process.exitCode = compareAndReport(opts.baseline, runDir, { failOn: opts.failOn, minEffect }, process.stdout);
 */
export function compareAndReport(
  baselineDir: string,
  candidateDir: string,
  options: CompareReportOptions = {},
  out: TextSink = process.stdout,
): number {
  const comparison = compareRuns(readRun(baselineDir), readRun(candidateDir), options);
  out.write(options.json ? JSON.stringify(comparison, null, 2) + '\n' : renderConsole(comparison));
  if (options.markdown) {
    mkdirSync(dirname(options.markdown), { recursive: true });
    writeFileSync(options.markdown, renderMarkdown(comparison));
  }
  return options.failOn === 'regression' && comparison.regressed.length > 0 ? ExitCode.regression : ExitCode.ok;
}
