/** Spawns the built CLI (dist/cli/main.js) as a real process, the way users run it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = resolve(repoRoot, 'dist', 'cli', 'main.js');
export const sharedDir = resolve(repoRoot, '..', 'shared');
export const sharedHub = resolve(sharedDir, 'datasets', 'hub');
export const hasShared = existsSync(sharedHub);

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `main`: another copy of the built CLI (see package-copy.ts); default dist/cli/main.js. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = repoRoot, main = cliPath): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [main, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolveDone) => {
    child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = repoRoot, main = cliPath): Promise<CliResult> {
  return startCli(args, env, cwd, main).done;
}
