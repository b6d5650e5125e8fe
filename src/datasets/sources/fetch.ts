/**
 * The files of one split, from wherever they come from (the Hub, a pinned URL, or a local
 * mirror), read, hashed and checked against the benchmark file's pins and the lock.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetProvenance } from '../../types/results.js';
import { UserError } from '../../util/errors.js';
import { sha256 } from '../../util/hash.js';
import type { LockEntry } from '../lock.js';
import type { ResolvedOptions } from '../options.js';
import type { BenchmarkSpec, NormalisedFile } from '../spec.js';
import { githubFile } from './github.js';
import { hubFile, resolveHubRevision } from './hub.js';
import { packagedFile } from './package.js';

export interface FetchedFile {
  file: NormalisedFile;
  /** How errors name the file: `org/name/path`, or the local path for a mirror. */
  display: string;
  bytes: Uint8Array;
  sha256: string;
  /**
   * Local files a user supplies (`--file <benchmark>=PATH`, or a credentialed benchmark's
   * `--data-dir` files): their columns are checked against the mapping before any row, and this
   * is how that error names the file.
   */
  columnCheck?: string;
}

export interface FetchedSplit {
  files: FetchedFile[];
  provenance: DatasetProvenance;
}

/** The lock entry's identity for a spec: which repo at which requested revision. */
export function lockIdentity(spec: BenchmarkSpec): { source: 'hub' | 'url'; repo: string; requested: string } {
  const src = spec.source;
  if (src.type === 'hub') return { source: 'hub', repo: src.repo, requested: src.revision };
  // A packaged file is locked by its sha256 like a URL file; it has no revision to ask for.
  return { source: 'url', repo: src.repo, requested: src.type === 'github' ? src.commit : 'package' };
}

/** Where a file sits in a `--data-dir` mirror (the layout of shared/datasets/hub). */
export function mirrorPath(dataDir: string, spec: BenchmarkSpec, path: string): string {
  const parts = path.split('/');
  if (spec.source.type === 'package') return packagedFile(path);
  if (spec.source.type === 'github') return join(dataDir, 'github', ...spec.source.repo.split('/'), spec.source.commit, ...parts);
  const rev = spec.source.revision;
  return rev === 'main'
    ? join(dataDir, ...spec.source.repo.split('/'), ...parts)
    : join(dataDir, ...spec.source.repo.split('/'), `@${encodeURIComponent(rev)}`, ...parts);
}

async function readLocal(local: string, spec: BenchmarkSpec, path: string, opts: ResolvedOptions): Promise<Uint8Array> {
  try {
    return await readFile(local);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new UserError(
      `--data-dir: ${local} not found (benchmark ${spec.id} needs ${spec.source.repo}/${path}; the mirror layout is <org>/<name>/<path>, branches under @<url-encoded revision>, GitHub files under github/<owner>/<repo>/<commit>/<path>; data dir ${opts.dataDir})`,
    );
  }
}

/** `--file <benchmark>=PATH`: that one file is the eval split; no Hub, mirror or lock involved. */
async function fetchOverride(spec: BenchmarkSpec, splitName: string, path: string): Promise<FetchedSplit> {
  if (splitName !== spec.evalSplit) {
    throw new UserError(
      `--file ${spec.id}=${path} stands for the eval split (${spec.evalSplit}) only, but split "${splitName}" of ${spec.id} was asked for (few-shot or pool examples); use --data-dir with the full layout, or a strategy that needs no examples`,
    );
  }
  const bytes = await readFile(path);
  const digest = sha256(bytes);
  return {
    files: [{ file: { path }, display: path, bytes, sha256: digest, columnCheck: `--file ${spec.id}=${path}` }],
    provenance: { source: 'local', repo: spec.source.repo, revision: 'local file (--file)', files: [{ path, sha256: digest }] },
  };
}

/** `lock`: the benchmark's lock entry to honour; none when there is no lock or it is being rewritten. */
export async function fetchSplit(spec: BenchmarkSpec, splitName: string, opts: ResolvedOptions, lock?: LockEntry): Promise<FetchedSplit> {
  const override = opts.files[spec.id];
  if (override !== undefined) return fetchOverride(spec, splitName, override);
  const split = spec.splits[splitName];
  const src = spec.source;
  let revision: string;
  let source: DatasetProvenance['source'];
  let located: { file: NormalisedFile; display: string; local: string }[];

  if (src.type === 'package') {
    // Shipped with aloe-eval: the same file with or without --data-dir, online or offline.
    source = 'package';
    revision = 'package';
    located = split.files.map((file) => ({ file, display: `aloe-eval:benchmarks/${file.path}`, local: packagedFile(file.path) }));
  } else if (opts.dataDir !== undefined) {
    source = 'local';
    revision = src.type === 'hub' ? src.revision : src.commit;
    located = split.files.map((file) => {
      const local = mirrorPath(opts.dataDir!, spec, file.path);
      return { file, display: local, local };
    });
  } else if (src.type === 'hub') {
    source = 'hub';
    revision = await resolveHubRevision(src.repo, src.revision, opts, spec.file, lock?.revision);
    located = [];
    for (const file of split.files) {
      const local = await hubFile(src.repo, revision, file.path, opts, spec.file);
      located.push({ file, display: `${src.repo}/${file.path}`, local });
    }
  } else {
    source = 'url';
    revision = src.commit;
    located = [];
    for (const file of split.files) {
      const local = await githubFile(src.repo, src.commit, file.path, opts);
      located.push({ file, display: `github:${src.repo}/${file.path}`, local });
    }
  }

  const files: FetchedFile[] = [];
  for (const { file, display, local } of located) {
    const bytes = opts.dataDir !== undefined && source === 'local' ? await readLocal(local, spec, file.path, opts) : await readFile(local);
    const digest = sha256(bytes);
    if (file.sha256 !== undefined && digest !== file.sha256) {
      // A corrupt or tampered copy in our own cache (URL sources) must not survive to the next run.
      if (source === 'url') await rm(local, { force: true });
      throw new UserError(
        `${display}: sha256 is ${digest} but ${spec.file} pins ${file.sha256}; the copy is corrupt or not the pinned file (delete it and download again, or fix the pin)`,
      );
    }
    const lockedDigest = lock?.files[file.path];
    if (lockedDigest !== undefined && digest !== lockedDigest) {
      throw new UserError(
        `${display}: sha256 is ${digest} but the lock file ${opts.lockFile} expects ${lockedDigest}; the dataset changed — run "aloe-eval datasets lock --benchmarks ${spec.id}" to accept the new version, or restore the locked file`,
      );
    }
    files.push({ file, display, bytes, sha256: digest, ...(source === 'local' && spec.credentialed && { columnCheck: display }) });
  }

  return {
    files,
    provenance: {
      source,
      repo: src.repo,
      revision,
      ...(src.type === 'hub' && src.revision !== revision && { requestedRevision: src.revision }),
      files: files.map((f) => ({ path: f.file.path, sha256: f.sha256 })),
    },
  };
}
