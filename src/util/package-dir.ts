import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Where the package's own files are (package.json, benchmarks/, prompts/, data/), found from this
 * module's URL. It runs from src/util/ (tests, tsx) or bundled into a chunk of dist/cli/ (the built
 * CLI, see scripts/build.mjs): both two levels below the package, so one relative URL fits both.
 * Every other module asks here rather than counting `../` from its own URL, which the bundle moves.
 */

const packageDir = fileURLToPath(new URL('../../', import.meta.url));
const codeDir = fileURLToPath(new URL('../', import.meta.url));

/** A file of the package: `packageFile('prompts', 'mcqa.txt')`. */
export function packageFile(...parts: string[]): string {
  return join(packageDir, ...parts);
}

/** A file beside the running code: in src/ from source, in dist/ when built (build outputs such as the catalogue cache). */
export function codeFile(name: string): string {
  return join(codeDir, name);
}
