/**
 * Benchmark → samples: fetch a split's files, read their records, adapt each one, give it a
 * stable id, and record where it all came from.
 */
import type { DatasetProvenance } from '../types/results.js';
import type { Sample } from '../types/sample.js';
import type { PoolSamples as PoolSamplesBase, SampleSource } from '../types/sample-source.js';
import { UserError } from '../util/errors.js';
import { adapters, type Adapter } from './adapters/index.js';
import { lockEntryFor, readLock, type LockFile } from './lock.js';
import { resolveOptions, type LoadOptions, type ResolvedOptions } from './options.js';
import { readRecordsFromBytes } from './readers.js';
import { getBenchmark } from './registry.js';
import { fetchSplit, lockIdentity, type FetchedFile } from './sources/fetch.js';
import type { BenchmarkSpec } from './spec.js';

export interface LoadedSplit {
  spec: BenchmarkSpec;
  split: string;
  samples: Sample[];
  provenance: DatasetProvenance;
}

type OpenLock = { path: string; file: LockFile } | undefined;
/** Locks already read, by operation: every split of one load, download or lock reads the file once. */
const openLocks = new WeakMap<ResolvedOptions, OpenLock>();

function openLock(opts: ResolvedOptions): OpenLock {
  if (opts.lockFile === false) return undefined;
  if (!openLocks.has(opts)) {
    const file = readLock(opts.lockFile);
    openLocks.set(opts, file && { path: opts.lockFile, file });
  }
  return openLocks.get(opts);
}

/** Column names as a reader can show them: anything that does not look like a name may be row text (a missing header row). */
const COLUMN_NAME = /^[\w .()/-]{1,64}$/;

/**
 * A user-supplied local file (`label`: how to name it) whose first record lacks a column the mapping needs: one line naming the
 * columns expected and found (names only, never a value; for credentialed data a "name" that
 * does not look like one is not shown either, since a file without a header row would make its
 * first row the names).
 */
function checkColumns(spec: BenchmarkSpec, expected: string[], records: unknown[], label: string): void {
  const first = records[0];
  if (first === undefined) throw new UserError(`${label}: the file has no rows`);
  const found = first !== null && typeof first === 'object' && !Array.isArray(first) ? Object.keys(first) : [];
  const missing = expected.filter((c) => !found.includes(c));
  if (missing.length === 0) return;
  const shown = found.filter((c) => COLUMN_NAME.test(c));
  const hidden = found.length - shown.length;
  const foundText = [shown.join(', ') || '(none)', hidden > 0 ? ` and ${hidden} that do not look like column names (is the header row missing?)` : ''].join('');
  throw new UserError(
    `${label}: expected columns ${expected.join(', ')} but found ${foundText}; rename the columns (missing: ${missing.join(', ')}), or change "fields" in ${spec.file}`,
  );
}

/**
 * Sample ids: the record's own id where the mapping names one, else `<split>-<row>` (row counted
 * from 0 within its file). A file's `idPrefix` replaces the split name, or prefixes an own id, so
 * ids stay unique when a split has several files (MTS-Dialog's two test sets both count from 0).
 */
export async function adaptFiles(spec: BenchmarkSpec, split: string, files: FetchedFile[]): Promise<Sample[]> {
  // The spec was validated against this adapter's own schema when it was read.
  const adapter = adapters[spec.adapter] as unknown as Adapter<unknown>;
  const seen = new Map<string, string>();
  const samples: Sample[] = [];
  const redact = spec.credentialed === true;
  for (const { file, display, bytes, columnCheck } of files) {
    const records = await readRecordsFromBytes(bytes, file.path, display, redact);
    if (columnCheck !== undefined) checkColumns(spec, adapter.columns(spec.fields), records, columnCheck);
    for (let row = 0; row < records.length; row++) {
      const ctx = { file: display, row, redact };
      const a = adapter.toSample(records[row], spec.fields, ctx);
      if (a === null) continue; // filtered out by the benchmark's definition; ids keep the file's row numbers
      const id = a.ownId !== undefined ? (file.idPrefix ? `${file.idPrefix}-${a.ownId}` : a.ownId) : `${file.idPrefix ?? split}-${row}`;
      const first = seen.get(id);
      if (first !== undefined) {
        throw new UserError(
          `${display} row ${row}: sample id "${id}" repeats ${first}; ids must be unique within a split (give each file an idPrefix in ${spec.file}, or map another id field)`,
        );
      }
      seen.set(id, `${display} row ${row}`);
      samples.push({
        id,
        benchmark: spec.id,
        kind: spec.kind,
        question: a.question,
        ...(a.context !== undefined && { context: a.context }),
        ...(a.options !== undefined && { options: a.options }),
        ...(a.answer !== undefined && { answer: a.answer }),
        ...(a.references !== undefined && { references: a.references }),
        ...(a.instructions !== undefined && { instructions: a.instructions }),
        metadata: { ...file.metadata, ...a.metadata },
      });
    }
  }
  return samples;
}

/** One split of one benchmark, with options already resolved. */
export async function loadSplit(spec: BenchmarkSpec, split: string, opts: ResolvedOptions): Promise<LoadedSplit> {
  if (!(split in spec.splits)) {
    throw new UserError(`benchmark ${spec.id} has no split "${split}" (splits: ${Object.keys(spec.splits).join(', ')})`);
  }
  // `datasets lock` re-locks: an old (even stale) entry must not get in its way.
  const entry = opts.ignoreLockedRevisions ? undefined : lockEntryFor(openLock(opts), spec.id, lockIdentity(spec));
  const fetched = await fetchSplit(spec, split, opts, entry);
  const samples = await adaptFiles(spec, split, fetched.files);
  const official = spec.splits[split].rows;
  if (official !== undefined && official !== samples.length) {
    opts.log(`warning: ${spec.id} ${split} has ${samples.length} rows; the official count is ${official} (a different copy or revision of the data)`);
  }
  const emptyRefs = samples.filter((s) => s.references !== undefined && s.references.every((r) => r.trim() === '')).length;
  if (emptyRefs > 0) {
    opts.log(`warning: ${spec.id} ${split} has ${emptyRefs} sample(s) with an empty reference; they score 0 for every model`);
  }
  return { spec, split, samples, provenance: fetched.provenance };
}

/** A benchmark's samples (default: its eval split), with the provenance to record in results. */
export async function loadBenchmark(
  id: string,
  options: LoadOptions = {},
  split?: string,
): Promise<{ spec: BenchmarkSpec; samples: Sample[]; provenance: DatasetProvenance }> {
  const spec = getBenchmark(id);
  const loaded = await loadSplit(spec, split ?? spec.evalSplit, resolveOptions(options));
  return { spec, samples: loaded.samples, provenance: loaded.provenance };
}

/** Which (benchmark, split) pairs a benchmark's pool draws from: its own labelled splits, or another benchmark's. */
export function poolSplits(spec: BenchmarkSpec): { benchmark: string; splits: string[] } | undefined {
  if (!spec.pool) return undefined;
  return { benchmark: spec.pool.benchmark ?? spec.id, splits: spec.pool.splits };
}

export interface PoolSamples extends PoolSamplesBase {
  provenance: DatasetProvenance;
}

/**
 * The labelled examples a Medprompt pool or few-shot prompt draws from (MMLU: dev + validation;
 * CareQA: MedMCQA train). Samples keep the id and `benchmark` of the split they come from.
 */
export async function loadPoolSamples(id: string, options: LoadOptions = {}): Promise<PoolSamples> {
  const spec = getBenchmark(id);
  const pool = poolSplits(spec);
  if (!pool) throw new UserError(`benchmark ${id} has no labelled split to draw examples from (no "pool" in ${spec.file})`);
  const source = getBenchmark(pool.benchmark);
  const opts = resolveOptions(options);
  const parts: LoadedSplit[] = [];
  for (const split of pool.splits) parts.push(await loadSplit(source, split, opts));
  return {
    benchmark: source.id,
    splits: pool.splits,
    samples: parts.flatMap((p) => p.samples),
    provenance: { ...parts[0].provenance, files: parts.flatMap((p) => p.provenance.files) },
  };
}

/** The dataset reads strategies may make, through this layer with the run's load options. */
export function sampleSource(options: LoadOptions): SampleSource {
  return {
    pool: (benchmark) => loadPoolSamples(benchmark, options),
    poolOrigin: (benchmark) => poolSplits(getBenchmark(benchmark)),
    split: async (benchmark, split) => (await loadBenchmark(benchmark, options, split)).samples,
  };
}
