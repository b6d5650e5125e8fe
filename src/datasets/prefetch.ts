/**
 * `aloe-eval datasets download` and `aloe-eval datasets lock`: fetch (and validate) every split a
 * run may read — each benchmark's eval split and the splits its pool draws from — and, for lock,
 * record the resolved commits and file hashes.
 */
import type { DatasetProvenance } from '../types/results.js';
import { LOCK_SCHEMA, readLock, writeLock, type LockEntry } from './lock.js';
import { loadSplit, poolSplits } from './load.js';
import { DEFAULT_LOCK_FILE, resolveOptions, type LoadOptions } from './options.js';
import { getBenchmark } from './registry.js';
import { lockIdentity } from './sources/fetch.js';

export interface FetchedSplitSummary {
  benchmark: string;
  split: string;
  rows: number;
  provenance: DatasetProvenance;
}

/** benchmark id → splits to fetch, in order: eval split, pool splits (possibly another benchmark's), or every split. */
export function splitsToFetch(ids: string[], allSplits = false): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (id: string, split: string) => {
    const list = out.get(id) ?? [];
    if (!list.includes(split)) list.push(split);
    out.set(id, list);
  };
  for (const id of ids) {
    const spec = getBenchmark(id);
    if (allSplits) Object.keys(spec.splits).forEach((s) => add(id, s));
    else add(id, spec.evalSplit);
    const pool = poolSplits(spec);
    pool?.splits.forEach((s) => add(pool.benchmark, s));
  }
  return out;
}

/** Fetches into the caches (or checks a --data-dir mirror) and validates every record. */
export async function downloadBenchmarks(
  ids: string[],
  options: LoadOptions,
  flags: { allSplits?: boolean; refresh?: boolean } = {},
): Promise<FetchedSplitSummary[]> {
  const opts = resolveOptions(options, { refresh: flags.refresh });
  const out: FetchedSplitSummary[] = [];
  for (const [id, splits] of splitsToFetch(ids, flags.allSplits)) {
    for (const split of splits) {
      const loaded = await loadSplit(getBenchmark(id), split, opts);
      out.push({ benchmark: id, split, rows: loaded.samples.length, provenance: loaded.provenance });
    }
  }
  return out;
}

/**
 * Re-resolves each benchmark's revision (online; from the cache when offline), fetches its
 * splits, and writes commits and sha256s into the lock file, keeping entries of other benchmarks.
 */
export async function lockBenchmarks(
  ids: string[],
  options: LoadOptions,
  flags: { allSplits?: boolean } = {},
): Promise<{ lockFile: string; entries: Record<string, LockEntry>; splits: FetchedSplitSummary[] }> {
  const opts = resolveOptions(options, { refresh: true, ignoreLockedRevisions: true });
  const lockFile = opts.lockFile === false ? DEFAULT_LOCK_FILE : opts.lockFile;
  const entries: Record<string, LockEntry> = {};
  const splits: FetchedSplitSummary[] = [];
  for (const [id, names] of splitsToFetch(ids, flags.allSplits)) {
    const spec = getBenchmark(id);
    let entry: LockEntry | undefined;
    for (const split of names) {
      const loaded = await loadSplit(spec, split, opts);
      splits.push({ benchmark: id, split, rows: loaded.samples.length, provenance: loaded.provenance });
      entry ??= {
        ...lockIdentity(spec),
        // A local mirror has branch folders, not commits, and a packaged file has no commit at all: lock file hashes only.
        revision: loaded.provenance.source === 'local' || loaded.provenance.source === 'package' ? null : loaded.provenance.revision,
        files: {},
      };
      for (const f of loaded.provenance.files) entry.files[f.path] = f.sha256;
    }
    entries[id] = entry!;
  }
  const previous = readLock(lockFile);
  const merged: Record<string, LockEntry> = { ...previous?.benchmarks };
  for (const [id, entry] of Object.entries(entries)) {
    const old = merged[id];
    // Same commit: keep hashes of splits not fetched this time.
    const keep = old && old.repo === entry.repo && old.requested === entry.requested && old.revision === entry.revision ? old.files : {};
    merged[id] = { ...entry, files: { ...keep, ...entry.files } };
  }
  writeLock(lockFile, { schema: LOCK_SCHEMA, benchmarks: merged });
  return { lockFile, entries: merged, splits };
}
