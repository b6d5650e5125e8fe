#!/usr/bin/env node
// `npm run build`: the CLI bundled by esbuild into dist/cli/ — main.js, one chunk per part that
// loads lazily (each command, each scorer, the report) and chunks of the code they share — then
// the catalogue cache (dist/benchmarks.catalogue.json) and a type check. One bundle instead of
// ~400 module files (openai, zod, hyparquet…) resolved and read one by one is most of `run`'s
// start-up. Every chunk sits in dist/cli/, two levels below the package, as src/util/package-dir.ts
// expects. The .map files map a stack trace back to src/ under `node --enable-source-maps`.
import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

const { metafile } = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // A native addon: it stays in node_modules, loaded by the report's PNG charts only.
  external: ['@napi-rs/canvas'],
  // Some dependencies are CommonJS and require() Node's built-ins, which ESM output has no `require` for.
  banner: { js: "import { createRequire as aloeCreateRequire } from 'node:module';\nconst require = aloeCreateRequire(import.meta.url);" },
  sourcemap: true,
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
});
// Which chunk holds which module: the lazy-loading tests read it (not shipped, see package.json "files").
writeFileSync(join(dist, 'meta.json'), JSON.stringify(metafile));
chmodSync(join(dist, 'cli', 'main.js'), 0o755);

// The parsed benchmark specs `aloe-eval list` reads instead of parsing YAML (see src/datasets/catalogue-cache.ts).
const catalogueFile = join(dist, 'benchmarks.catalogue.json');
try {
  const { buildCatalogueCache } = await tsImport('../src/datasets/registry.ts', import.meta.url);
  writeFileSync(catalogueFile, `${JSON.stringify(await buildCatalogueCache())}\n`);
} catch (err) {
  // A benchmark file that does not parse fails no build: the CLI reports that file's error when it reads it.
  process.stderr.write(`build: no catalogue cache written: ${err instanceof Error ? err.message : String(err)}\n`);
}

const typecheck = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit'], { cwd: root, stdio: 'inherit' });
process.exitCode = typecheck.status ?? 1;
