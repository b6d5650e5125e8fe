/**
 * Hugging Face Hub files through `@huggingface/hub`, into the cache layout shared with Python
 * (`<cache>/datasets--org--name/{refs,blobs,snapshots}`).
 *
 * A branch is resolved to its commit first and the commit written to `refs/<branch>` (as Python
 * does), so later runs find both the commit and the files on disk and make no request at all.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../../util/errors.js';
import type { ResolvedOptions } from '../options.js';

const COMMIT = /^[0-9a-f]{40}$/;

/** A full commit sha (40 hex digits), as opposed to a branch or tag name. */
export function isCommit(revision: string): boolean {
  return COMMIT.test(revision);
}

export function hubRepoFolder(cacheDir: string, repo: string): string {
  return join(cacheDir, `datasets--${repo.split('/').join('--')}`);
}

/** The cache file holding the commit a branch or tag was resolved to (`refs/<revision>`). */
export function hubRefPath(cacheDir: string, repo: string, revision: string): string {
  return join(hubRepoFolder(cacheDir, repo), 'refs', revision);
}

/** The cached copy of `path` at `commit` (`snapshots/<commit>/<path>`). */
export function hubSnapshotPath(cacheDir: string, repo: string, commit: string, path: string): string {
  return join(hubRepoFolder(cacheDir, repo), 'snapshots', commit, path);
}

function offlineError(what: string, opts: ResolvedOptions): UserError {
  return new UserError(
    `${what} is not in the Hugging Face cache (${opts.hubCacheDir}) and offline mode (HF_HUB_OFFLINE) forbids downloading; run "aloe-eval datasets download" online first, or use --data-dir`,
  );
}

/** The page where access to a gated dataset is requested (on the public Hub, whatever HF_ENDPOINT says). */
export function accessPage(repo: string): string {
  return `https://huggingface.co/datasets/${repo}`;
}

/**
 * 401/403 for a repo: one line saying which repo, that it is gated, where to ask for access, and
 * the two ways in. The Hub says "restricted" for gated repos; a 401 without that word can also be
 * a private or misspelt repo, which the line then says too. No token is ever echoed.
 */
function accessError(repo: string, status: number, hubMessage: string, opts: ResolvedOptions): UserError {
  // The library appends ". URL: …" (whose query asks for the `gated` field): test the Hub's own words only.
  const gated = /restricted|\bgated\b/i.test(hubMessage.split('. URL:')[0]);
  const what = gated ? 'is gated' : 'is gated or private (or the repo id is misspelt)';
  const token = opts.token === undefined
    ? 'no HF_TOKEN was set'
    : 'the HF_TOKEN sent has no access to it (is access granted to that account, and the token a read token?)';
  return new UserError(
    `${repo} ${what}: the Hub refused access (HTTP ${status}) and ${token}; request access at ${accessPage(repo)}, then either set HF_TOKEN to a read token of the account granted access, or use local files with --data-dir DIR (or --file <benchmark>=PATH)`,
  );
}

/** One line for any failure talking to the Hub. */
function hubError(err: unknown, what: string, opts: ResolvedOptions, specFile: string, repo: string): UserError {
  if (err instanceof UserError) return err;
  const e = err as Error & { statusCode?: number; cause?: { code?: string; message?: string } };
  if (typeof e.statusCode === 'number') {
    if (e.statusCode === 401 || e.statusCode === 403) return accessError(repo, e.statusCode, e.message, opts);
    if (e.statusCode === 404) return new UserError(`${what}: not found on ${opts.hubUrl} (HTTP 404); check the repo id, revision and file paths in ${specFile}`);
    return new UserError(`${what}: the Hub answered HTTP ${e.statusCode} (${e.message.split('. URL:')[0]}); try again later`);
  }
  if (/cannot get path info/.test(e.message)) {
    return new UserError(`${what}: no such file in the repo at that revision; check the file paths in ${specFile}`);
  }
  if (e.name === 'TypeError' && /fetch failed/.test(e.message)) {
    const cause = e.cause?.code ?? e.cause?.message ?? 'network error';
    return new UserError(`cannot reach ${opts.hubUrl} (${cause}) for ${what}; check the network or HF_ENDPOINT, or work offline (HF_HUB_OFFLINE=1 with a filled cache, or --data-dir)`);
  }
  return new UserError(`${what}: download failed (${e.message}); try again, or use --data-dir`);
}

/**
 * The commit a revision stands for: itself when it is a commit; else the locked commit; else the
 * one cached in `refs/<revision>` (unless `refresh`); else asked of the Hub and cached.
 * Resolved once per operation, so all splits of one load agree even if the branch moves.
 */
export function resolveHubRevision(repo: string, revision: string, opts: ResolvedOptions, specFile: string, locked?: string | null): Promise<string> {
  if (COMMIT.test(revision)) return Promise.resolve(revision);
  if (locked) return Promise.resolve(locked);
  const key = `${repo}@${revision}`;
  let p = opts.resolved.get(key);
  if (!p) {
    p = resolveUncached(repo, revision, opts, specFile);
    opts.resolved.set(key, p);
  }
  return p;
}

async function resolveUncached(repo: string, revision: string, opts: ResolvedOptions, specFile: string): Promise<string> {
  const refPath = hubRefPath(opts.hubCacheDir, repo, revision);
  const what = `${repo}@${revision}`;
  if (!opts.refresh || opts.offline) {
    try {
      const cached = (await readFile(refPath, 'utf8')).trim();
      if (COMMIT.test(cached)) return cached;
    } catch {
      // not cached yet
    }
  }
  if (opts.offline) throw offlineError(what, opts);
  const { datasetInfo } = await import('@huggingface/hub');
  let sha: string | undefined;
  try {
    const info = await datasetInfo({ name: repo, revision, hubUrl: opts.hubUrl, accessToken: opts.token, additionalFields: ['sha'] });
    sha = info.sha;
  } catch (err) {
    throw hubError(err, what, opts, specFile, repo);
  }
  if (typeof sha !== 'string' || !COMMIT.test(sha)) throw new UserError(`${what}: the Hub did not return a commit sha for this revision; check ${opts.hubUrl}`);
  await mkdir(dirname(refPath), { recursive: true });
  await writeFile(refPath, sha);
  opts.log(`resolved ${what} → ${sha}`);
  return sha;
}

/**
 * `@huggingface/hub` announces each download with console.debug (stdout), which must stay clean
 * for results. While a download is in flight console.debug drops the calls made from inside that
 * download's own async calls (AsyncLocalStorage); anyone else's console.debug still prints.
 */
const inDownload = new AsyncLocalStorage<true>();
let inFlight = 0;
let savedDebug: typeof console.debug = console.debug;
async function withoutDebugOutput<T>(fn: () => Promise<T>): Promise<T> {
  if (inFlight++ === 0) {
    savedDebug = console.debug;
    console.debug = (...args: unknown[]) => {
      if (!inDownload.getStore()) savedDebug.apply(console, args);
    };
  }
  try {
    return await inDownload.run(true, fn);
  } finally {
    if (--inFlight === 0) console.debug = savedDebug;
  }
}

/** Downloads in progress in this process, by snapshot path: two loads of one file share one download. */
const downloading = new Map<string, Promise<string>>();

/** Local path of `path` at `commit`, downloading into the cache when missing. */
export async function hubFile(repo: string, commit: string, path: string, opts: ResolvedOptions, specFile: string): Promise<string> {
  const pointer = hubSnapshotPath(opts.hubCacheDir, repo, commit, path);
  if (existsSync(pointer)) return pointer;
  let pending = downloading.get(pointer);
  if (!pending) {
    pending = download(repo, commit, path, opts, specFile).finally(() => downloading.delete(pointer));
    downloading.set(pointer, pending);
  }
  return pending;
}

async function download(repo: string, commit: string, path: string, opts: ResolvedOptions, specFile: string): Promise<string> {
  const what = `${repo}/${path}@${commit.slice(0, 12)}`;
  if (opts.offline) throw offlineError(what, opts);
  opts.log(`downloading ${repo}/${path} (${commit.slice(0, 12)})`);
  const { downloadFileToCacheDir } = await import('@huggingface/hub');
  try {
    return await withoutDebugOutput(() =>
      downloadFileToCacheDir({
        repo: { type: 'dataset', name: repo },
        path,
        revision: commit,
        hubUrl: opts.hubUrl,
        accessToken: opts.token,
        cacheDir: opts.hubCacheDir,
      }),
    );
  } catch (err) {
    throw hubError(err, what, opts, specFile, repo);
  }
}
