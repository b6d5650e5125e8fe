// Writes dist/benchmarks.catalogue.json, the parsed-spec cache `aloe-eval list` reads (see
// src/datasets/catalogue-cache.ts). A benchmark file that does not parse fails no build: there is
// then no cache, and the CLI reports that file's error when it reads it.
import { rmSync, writeFileSync } from 'node:fs';
import { buildCatalogueCache, catalogueCacheFile } from '../dist/datasets/registry.js';

try {
  writeFileSync(catalogueCacheFile, `${JSON.stringify(await buildCatalogueCache())}\n`);
} catch (err) {
  rmSync(catalogueCacheFile, { force: true });
  process.stderr.write(`build-catalogue: no cache written: ${err instanceof Error ? err.message : String(err)}\n`);
}
