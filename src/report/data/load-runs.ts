import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { modelOf, readRunFile, runDirsUnder } from '../../results/read-run.js';
import type { RunFile } from '../../types/results.js';
import { ExitCode, UserError } from '../../util/errors.js';

export interface LoadedRunFile {
  dir: string;
  run: RunFile;
}

/** All runs of one (model, strategy), oldest first; the newest is its leaderboard row. */
export interface RunGroup {
  model: string;
  strategy: string;
  runs: LoadedRunFile[];
  newest: LoadedRunFile;
}

function strategyOf(run: RunFile): string {
  return run.spec?.strategy?.name || 'unknown strategy';
}

export function dateOf(run: RunFile): string {
  return run.provenance?.startedAt || run.provenance?.finishedAt || '';
}

/** Every folder directly under `root` that holds a run.json, sorted by name. */
export function findRunDirs(root: string): string[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UserError(`no result directories given and ${root}/ does not exist (pass RESULT DIRS, or run \`aloe-eval run\` first)`, ExitCode.usage);
  }
  const dirs = runDirsUnder(root);
  if (dirs.length === 0) {
    throw new UserError(`no run directories (folders with run.json) under ${root}/ (pass RESULT DIRS explicitly)`, ExitCode.usage);
  }
  return dirs;
}

/** Reads run.json of every dir (the same run given twice counts once) and groups them by (model, strategy). */
export function loadRunGroups(dirs: string[]): RunGroup[] {
  const seen = new Map<string, LoadedRunFile>();
  for (const dir of dirs) {
    const run = readRunFile(dir);
    const id = run.runId || resolve(dir);
    if (!seen.has(id)) seen.set(id, { dir, run });
  }
  const groups = new Map<string, RunGroup>();
  for (const loaded of seen.values()) {
    const model = modelOf(loaded.run);
    const strategy = strategyOf(loaded.run);
    const key = `${model}\u0000${strategy}`;
    let group = groups.get(key);
    if (!group) {
      group = { model, strategy, runs: [], newest: loaded };
      groups.set(key, group);
    }
    group.runs.push(loaded);
  }
  for (const group of groups.values()) {
    group.runs.sort((a, b) => dateOf(a.run).localeCompare(dateOf(b.run)) || a.run.runId.localeCompare(b.run.runId));
    group.newest = group.runs[group.runs.length - 1];
  }
  return [...groups.values()].sort((a, b) => a.model.localeCompare(b.model) || a.strategy.localeCompare(b.strategy));
}
