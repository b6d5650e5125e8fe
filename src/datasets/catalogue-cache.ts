/**
 * The parsed-spec cache behind `aloe-eval list`. Parsing ~90 benchmark YAML files and validating
 * them with zod — and importing the yaml and zod modules at all — was most of list's start-up.
 * `npm run build` writes dist/benchmarks.catalogue.json: per file of benchmarks/, the sha1 of its
 * bytes and what parsing it gave (a spec, or the suites). A cached entry is used only while the
 * file's bytes hash the same, so an edited, added or renamed file is always parsed afresh: the
 * cache cannot go stale. Content hashes, not mtimes: `npm pack` stamps every file with one date.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BenchmarkSpec } from './spec.js';

/** A spec as cached: plain JSON, without `file` (the path where it was built). */
type CachedSpec = Omit<BenchmarkSpec, 'file'>;
type Entry = { sha1: string; spec: CachedSpec } | { sha1: string; suites: Record<string, string[]> };
export interface CatalogueCacheFile {
  version: 1;
  files: Record<string, Entry>;
}

function sha1Of(path: string): string | undefined {
  try {
    return createHash('sha1').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

/** The cache built for a folder's files (file name → spec or suites). */
export function catalogueCacheOf(dir: string, specs: Map<string, BenchmarkSpec>, suites: { file: string; suites: Record<string, string[]> } | undefined): CatalogueCacheFile {
  const files: Record<string, Entry> = {};
  for (const { file: path, ...spec } of specs.values()) {
    files[basename(path)] = { sha1: sha1Of(path)!, spec };
  }
  if (suites) files[suites.file] = { sha1: sha1Of(join(dir, suites.file))!, suites: suites.suites };
  return { version: 1, files };
}

/** What a folder's cache still holds true: the entries of the named files whose bytes are unchanged. */
export class FreshEntries {
  private readonly entries = new Map<string, Entry>();

  /** `complete`: every named file has a fresh entry, so nothing needs parsing. */
  readonly complete: boolean;

  constructor(dir: string, names: string[], cacheFile: string | undefined) {
    let cache: CatalogueCacheFile | undefined;
    try {
      if (cacheFile) cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as CatalogueCacheFile;
    } catch {
      cache = undefined; // no cache (running from src/, or not built): parse everything
    }
    for (const name of names) {
      const entry = cache?.version === 1 ? cache.files[name] : undefined;
      if (entry && entry.sha1 === sha1Of(join(dir, name))) this.entries.set(name, entry);
    }
    this.complete = this.entries.size === names.length;
  }

  spec(name: string, file: string): BenchmarkSpec | undefined {
    const entry = this.entries.get(name);
    return entry && 'spec' in entry ? ({ ...entry.spec, file } as BenchmarkSpec) : undefined;
  }

  suites(name: string): Record<string, string[]> | undefined {
    const entry = this.entries.get(name);
    return entry && 'suites' in entry ? entry.suites : undefined;
  }
}
