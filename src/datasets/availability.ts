/**
 * Whether a benchmark's eval split can be read here without the network (`aloe-eval list`):
 * from a `--file` override, the `--data-dir` mirror, or the caches (Hugging Face cache for Hub
 * sources, aloe-eval's for GitHub ones). Looks at the disk only; never asks the Hub.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolveOptions, type LoadOptions, type ResolvedOptions } from './options.js';
import { mirrorPath } from './sources/fetch.js';
import { githubCachePath } from './sources/github.js';
import { hubRefPath, hubSnapshotPath, isCommit } from './sources/hub.js';
import type { BenchmarkSpec } from './spec.js';

/** `offline`: readable now; `download`: needs the network once; `gated`: needs granted access (or local files). */
export type Availability = { state: 'offline'; from: 'file' | 'package' | 'data-dir' | 'cache' } | { state: 'download' } | { state: 'gated' };

function inHubCache(spec: BenchmarkSpec, paths: string[], opts: ResolvedOptions): boolean {
  if (spec.source.type !== 'hub') return false;
  const { repo } = spec.source;
  let commit = spec.source.revision;
  if (!isCommit(commit)) {
    try {
      commit = readFileSync(hubRefPath(opts.hubCacheDir, repo, commit), 'utf8').trim();
    } catch {
      return false;
    }
  }
  return paths.every((p) => existsSync(hubSnapshotPath(opts.hubCacheDir, repo, commit, p)));
}

function availabilityOf(spec: BenchmarkSpec, opts: ResolvedOptions): Availability {
  if (opts.files[spec.id] !== undefined) return { state: 'offline', from: 'file' };
  if (spec.source.type === 'package') return { state: 'offline', from: 'package' }; // ships with aloe-eval
  const paths = spec.splits[spec.evalSplit].files.map((f) => f.path);
  if (opts.dataDir !== undefined && paths.every((p) => existsSync(mirrorPath(opts.dataDir!, spec, p)))) return { state: 'offline', from: 'data-dir' };
  const src = spec.source;
  const cached =
    src.type === 'hub' ? inHubCache(spec, paths, opts) : paths.every((p) => existsSync(githubCachePath(opts.cacheDir, src.repo, src.commit, p)));
  if (cached) return { state: 'offline', from: 'cache' };
  return spec.credentialed || spec.gated ? { state: 'gated' } : { state: 'download' };
}

/** The text `aloe-eval list` shows: `offline (cache)`, `download`, `gated`. */
export function availabilityText(a: Availability): string {
  return a.state === 'offline' ? `offline (${a.from})` : a.state;
}

/** Availability of each benchmark with the given load options (environment defaults for the rest). */
export function availabilities(specs: readonly BenchmarkSpec[], options: LoadOptions): Map<string, Availability> {
  const opts = resolveOptions({ ...options, lockFile: false });
  return new Map(specs.map((s) => [s.id, availabilityOf(s, opts)]));
}
