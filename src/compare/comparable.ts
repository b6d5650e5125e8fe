/**
 * Preconditions of a paired comparison. Anything that would make the numbers meaningless
 * is refused with a one-line reason and exit code 4 (ExitCode.incomparable).
 */
import type { LoadedRun } from '../results/read-run.js';
import type { DatasetProvenance } from '../types/results.js';
import { ExitCode, UserError } from '../util/errors.js';

export function assertComplete(loaded: LoadedRun, role: string): void {
  const { run, dir } = loaded;
  if (run.status !== 'complete') {
    throw new UserError(
      `${role} ${dir}: run status is "${run.status}", not complete — resume it (re-run the same command) or pick a finished run`,
      ExitCode.incomparable,
    );
  }
}

function shaList(p: DatasetProvenance): string {
  return p.files.map((f) => f.sha256).sort().join(',');
}

function short(text: string): string {
  return /^[0-9a-f]{40,64}$/i.test(text) ? text.slice(0, 12) : text;
}

/**
 * Why two runs' copies of a benchmark's data differ, or null when they are the same.
 * Same data = the same file contents (sha256s); with no files recorded, the same revision.
 * (A local mirror and the Hub copy of the same commit therefore compare equal.)
 */
export function datasetMismatch(benchmark: string, base?: DatasetProvenance, cand?: DatasetProvenance): string | null {
  if (!base && !cand) return null;
  if (!base || !cand) {
    return `${benchmark}: dataset provenance recorded only in the ${base ? 'baseline' : 'candidate'} run, so the data cannot be checked to be the same`;
  }
  const sameFiles = base.files.length > 0 && cand.files.length > 0 ? shaList(base) === shaList(cand) : base.revision === cand.revision && base.repo === cand.repo;
  if (sameFiles) return null;
  const where = base.revision !== cand.revision || base.repo !== cand.repo
    ? `baseline ${base.repo}@${short(base.revision)}, candidate ${cand.repo}@${short(cand.revision)}`
    : `same revision ${short(base.revision)} but different file contents (sha256)`;
  return `${benchmark}: different dataset revisions (${where})`;
}
