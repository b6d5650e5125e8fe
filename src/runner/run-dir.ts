import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunFile, SampleRecord } from '../types/results.js';
import { ExitCode, UserError } from '../util/errors.js';
import { JsonlAppender, readJsonl } from '../util/jsonl.js';
import { readRunFile, runDirsUnder } from '../results/read-run.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** Fails before any request is sent when results cannot be written there. */
export function ensureWritable(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    throw new UserError(`cannot write results to ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); fix --out or the folder's permissions`);
  }
}

/** Write failures (disk full) become one line saying how to resume, with exit code 1. */
function writeFailure(file: string, dir: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  return new UserError(`cannot write ${file} (${code}); free space and resume with the same command or --resume ${dir}`, ExitCode.runFailed);
}

/** run.json is replaced by rename, so a crash leaves the old or the new file, never half of one. */
export function writeRunFile(dir: string, run: RunFile): void {
  const file = join(dir, 'run.json');
  try {
    writeFileAtomic(file, JSON.stringify(run, null, 2) + '\n');
  } catch (err) {
    throw writeFailure(file, dir, err);
  }
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'model';
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * A new, unique run folder `<out>/<yyyymmdd-hhmmss>-<model>-<strategy>[-n]` holding its run.json
 * from the start: it is written in a hidden folder that is then renamed, so a kill at any moment
 * never leaves a run folder without run.json (which a resume could not find).
 */
export function createRunDir(out: string, model: string, strategy: string, makeRun: (runId: string) => RunFile, now = new Date()): { runId: string; dir: string; run: RunFile } {
  const base = `${timestamp(now)}-${slug(model)}-${slug(strategy)}`;
  const staging = join(out, `.${base}.${process.pid}.partial`);
  for (let n = 1; ; n++) {
    const runId = n === 1 ? base : `${base}-${n}`;
    const dir = join(out, runId);
    if (existsSync(dir)) continue;
    const run = makeRun(runId);
    mkdirSync(staging, { recursive: true });
    writeRunFile(staging, run);
    writeFileSync(join(staging, 'samples.jsonl'), '');
    renameSync(staging, dir);
    return { runId, dir, run };
  }
}

/** The newest unfinished run under `out` made by the same command (same spec hash), if any. */
export function findResumable(out: string, specHash: string): string | undefined {
  for (const dir of runDirsUnder(out).reverse()) {
    try {
      const run = readRunFile(dir);
      if (run.specHash === specHash && run.status !== 'complete') return dir;
    } catch {
      // an unreadable run.json is not ours to resume
    }
  }
  return undefined;
}

export interface FinishedSamples {
  /** `${benchmark}\u0000${id}` → record, for samples that finished without error. */
  done: Map<string, SampleRecord>;
  /** Lines that were torn or corrupted and dropped (reported to the user). */
  dropped: number;
}

export const sampleKey = (benchmark: string, id: string) => `${benchmark}\u0000${id}`;

/**
 * Reads the samples a previous attempt finished. Errored samples are not "done": a resume asks
 * for them again. When anything is left out (errored, torn by a kill mid-write, corrupted), the
 * file is rewritten with the finished samples only, so appends start on a clean line.
 */
export function readFinishedSamples(dir: string): FinishedSamples {
  const file = join(dir, 'samples.jsonl');
  const { rows, badLines, tornTail } = readJsonl<SampleRecord>(file);
  const done = new Map<string, SampleRecord>();
  for (const row of rows) if (!row.error) done.set(sampleKey(row.benchmark, row.id), row);
  const dropped = badLines.length + (tornTail ? 1 : 0);
  if (dropped || done.size !== rows.length) {
    try {
      writeFileAtomic(file, [...done.values()].map((r) => JSON.stringify(r) + '\n').join(''));
    } catch (err) {
      throw writeFailure(file, dir, err);
    }
  }
  return { done, dropped };
}

/** A run's samples.jsonl, appended to as each sample finishes; a failed write names the file and the fix. */
export class SampleLog {
  private readonly file: JsonlAppender;

  constructor(private readonly dir: string) {
    this.file = new JsonlAppender(join(dir, 'samples.jsonl'));
  }

  append(record: SampleRecord): void {
    try {
      this.file.append(record);
    } catch (err) {
      throw writeFailure(this.file.path, this.dir, err);
    }
  }

  close(): void {
    this.file.close();
  }
}
