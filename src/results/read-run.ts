import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, UserError } from '../util/errors.js';
import { readJsonl } from '../util/jsonl.js';
import { RUN_SCHEMA, type RunFile, type SampleRecord } from '../types/results.js';

export interface LoadedRun {
  dir: string;
  run: RunFile;
  samples: SampleRecord[];
  /** Lines of samples.jsonl that could not be read (torn or corrupted), reported, never scored. */
  badLines: number[];
}

/** Run folders directly under `root` (folders holding run.json; hidden staging folders left out), sorted by name, oldest run first. */
export function runDirsUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && existsSync(join(root, d.name, 'run.json')))
    .map((d) => join(root, d.name))
    .sort();
}

/** The model a run is named after: what the server said it serves, else what was asked for. */
export function modelOf(run: RunFile): string {
  return run.provenance?.servedModel || run.spec?.model || 'unknown model';
}

/** Reads run.json alone (cheap: for listings, history and comparisons of metadata). */
export function readRunFile(dir: string): RunFile {
  const file = join(dir, 'run.json');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`${dir}: no such result directory (pass a folder written by \`aloe-eval run\`)`, ExitCode.incomparable);
  }
  if (!existsSync(file)) {
    throw new UserError(`${dir}: no run.json in this folder — not an aloe-eval result directory, or the run never started`, ExitCode.incomparable);
  }
  let run: RunFile;
  try {
    run = JSON.parse(readFileSync(file, 'utf8')) as RunFile;
  } catch (err) {
    throw new UserError(`${file}: not valid JSON (${(err as Error).message}); re-run or restore the file`, ExitCode.incomparable);
  }
  if (run.schema !== RUN_SCHEMA) {
    throw new UserError(`${file}: unknown schema ${JSON.stringify(run.schema)} (this aloe-eval reads ${RUN_SCHEMA})`, ExitCode.incomparable);
  }
  return run;
}

/** Reads a result directory: run.json plus every complete line of samples.jsonl. */
export function readRun(dir: string): LoadedRun {
  const run = readRunFile(dir);
  const { rows, badLines } = readJsonl<SampleRecord>(join(dir, 'samples.jsonl'));
  return { dir, run, samples: rows, badLines };
}
