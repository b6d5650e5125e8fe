/**
 * Which parts of the bundled CLI a process loads. The build's metafile (dist/meta.json) says which
 * chunk of dist/cli/ holds which source module or package; a module hook records every URL the
 * process resolves. Checked by what loads, not by time (time is measured in bench/startup.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliPath, repoRoot } from './cli.js';
import { tempDir } from './dataset-fixtures.js';

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

let register: string | undefined;
let metafile: Metafile | undefined;

function hookRegistration(): string {
  if (register) return register;
  const dir = tempDir('aloe-trace-');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (process.env.ALOE_TRACE_FILE) appendFileSync(process.env.ALOE_TRACE_FILE, r.url + '\\n');
  return r;
}`);
  register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  return register;
}

/** File names of the chunks of dist/cli/ that hold a module whose path contains `part` ("node_modules/zod/", "src/report/"). */
export function chunksHolding(part: string): string[] {
  metafile ??= JSON.parse(readFileSync(join(repoRoot, 'dist', 'meta.json'), 'utf8')) as Metafile;
  const chunks = Object.entries(metafile.outputs)
    .filter(([out, o]) => out.endsWith('.js') && Object.keys(o.inputs).some((input) => input.includes(part)))
    .map(([out]) => basename(out));
  if (chunks.length === 0) throw new Error(`no chunk of dist/cli/ holds ${part}: a test names a module the bundle does not have`);
  return chunks;
}

/** File names of the chunks of dist/cli/ that the built CLI (or `main`, a copy of it) loaded for these arguments. */
export function chunksLoaded(args: string[], main = cliPath, cwd = repoRoot): string[] {
  const dir = tempDir('aloe-trace-run-');
  const trace = join(dir, 'trace.txt');
  writeFileSync(trace, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(hookRegistration()).href, main, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ALOE_TRACE_FILE: trace } });
  if (r.status !== 0) throw new Error(`aloe-eval ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return readFileSync(trace, 'utf8').split('\n').filter((url) => url.includes('/dist/cli/')).map((url) => basename(new URL(url).pathname));
}

/** Those of `parts` (as for chunksHolding) whose chunks are among `loaded`. */
export function loadedParts(loaded: string[], parts: string[]): string[] {
  return parts.filter((part) => chunksHolding(part).some((chunk) => loaded.includes(chunk)));
}
