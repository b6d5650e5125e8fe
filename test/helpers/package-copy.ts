/**
 * A copy of the built package — dist/, benchmarks/, prompts/, package.json, with node_modules
 * linked — holding extra benchmark files, the way a user who adds a YAML to benchmarks/ has it.
 * The CLI finds benchmarks next to its own dist/, so a test benchmark needs a copy of its own.
 */
import { copyFileSync, cpSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { repoRoot } from './cli.js';
import { tempDir } from './dataset-fixtures.js';

export interface PackageCopy {
  root: string;
  /** Its dist/cli/main.js, for runCli's `main`. */
  main: string;
}

/** Needs `npm run build` first. The caller removes `root`. */
export function packageCopyWith(benchmarkFiles: string[]): PackageCopy {
  const root = tempDir('aloe-package-');
  for (const dir of ['dist', 'benchmarks', 'prompts']) cpSync(join(repoRoot, dir), join(root, dir), { recursive: true });
  copyFileSync(join(repoRoot, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
  for (const file of benchmarkFiles) copyFileSync(file, join(root, 'benchmarks', basename(file)));
  return { root, main: join(root, 'dist', 'cli', 'main.js') };
}
