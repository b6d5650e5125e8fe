/**
 * `aloe-eval.lock.json`: the commit each benchmark's revision resolved to and the sha256 of every
 * file read, so later runs (a nightly job) score exactly the same questions. Like a package lock:
 * `aloe-eval datasets lock` writes it, loads honour it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../util/atomic-write.js';
import * as z from 'zod';
import { UserError } from '../util/errors.js';

export const LOCK_SCHEMA = 'aloe-eval/lock@1';

const LockEntry = z.strictObject({
  source: z.enum(['hub', 'url']),
  repo: z.string(),
  /** The revision the benchmark file asks for (`main`, a branch, or a commit). */
  requested: z.string(),
  /** The commit it resolved to; null when locked from a local mirror, where no commit is known. */
  revision: z.string().regex(/^[0-9a-f]{40}$/).nullable(),
  /** Path in the repo → sha256. */
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type LockEntry = z.output<typeof LockEntry>;

const LockFile = z.strictObject({
  schema: z.literal(LOCK_SCHEMA),
  benchmarks: z.record(z.string(), LockEntry),
});
export type LockFile = z.output<typeof LockFile>;

/** Reads a lock file; undefined when it does not exist. */
export function readLock(path: string): LockFile | undefined {
  if (!existsSync(path)) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UserError(`${path}: not valid JSON (${(err as Error).message}); fix it or recreate it with "aloe-eval datasets lock"`);
  }
  const parsed = LockFile.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`${path}: key "${issue.path.join('.') || '(top level)'}": ${issue.message}; recreate it with "aloe-eval datasets lock"`);
  }
  return parsed.data;
}

/** Writes the lock with sorted keys (stable diffs), atomically. */
export function writeLock(path: string, lock: LockFile): void {
  const sorted: LockFile = {
    schema: LOCK_SCHEMA,
    benchmarks: Object.fromEntries(
      Object.keys(lock.benchmarks)
        .sort()
        .map((id) => {
          const e = lock.benchmarks[id];
          const files = Object.fromEntries(Object.keys(e.files).sort().map((p) => [p, e.files[p]]));
          return [id, { ...e, files }];
        }),
    ),
  };
  writeFileAtomic(path, `${JSON.stringify(sorted, null, 2)}\n`);
}

/**
 * The lock entry to honour for a benchmark, if any. An entry for a different repo or revision
 * than the benchmark file asks for is stale: an error with the fix.
 */
export function lockEntryFor(
  lock: { path: string; file: LockFile } | undefined,
  benchmark: string,
  want: { source: 'hub' | 'url'; repo: string; requested: string },
): LockEntry | undefined {
  const entry = lock?.file.benchmarks[benchmark];
  if (!lock || !entry) return undefined;
  if (entry.source !== want.source || entry.repo !== want.repo || entry.requested !== want.requested) {
    throw new UserError(
      `${lock.path}: the entry for ${benchmark} is ${entry.repo}@${entry.requested} but benchmarks/${benchmark}.yaml asks for ${want.repo}@${want.requested}; run "aloe-eval datasets lock --benchmarks ${benchmark}" to update the lock`,
    );
  }
  return entry;
}
