/**
 * URL sources: raw GitHub files at a pinned commit, cached under
 * `<cacheDir>/files/github/<owner>/<repo>/<commit>/<path>`. Where the benchmark file pins a
 * sha256 it is checked on every read, cached or not.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../../util/errors.js';
import type { ResolvedOptions } from '../options.js';

export function githubCachePath(cacheDir: string, repo: string, commit: string, path: string): string {
  return join(cacheDir, 'files', 'github', ...repo.split('/'), commit, ...path.split('/'));
}

export function githubUrl(opts: ResolvedOptions, repo: string, commit: string, path: string): string {
  return `${opts.githubRawUrl}/${repo}/${commit}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** Local path of a raw GitHub file; downloads it (atomically) when not cached. */
export async function githubFile(repo: string, commit: string, path: string, opts: ResolvedOptions): Promise<string> {
  const local = githubCachePath(opts.cacheDir, repo, commit, path);
  if (existsSync(local)) return local;
  const url = githubUrl(opts, repo, commit, path);
  if (opts.offline) {
    throw new UserError(`${repo}/${path} (${commit.slice(0, 12)}) is not in the cache (${opts.cacheDir}) and offline mode (HF_HUB_OFFLINE) forbids downloading ${url}; run "aloe-eval datasets download" online first, or use --data-dir`);
  }
  opts.log(`downloading ${url}`);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new UserError(`cannot reach ${url} (${cause}); check the network (or ALOE_GITHUB_RAW_URL), or use --data-dir`);
  }
  if (!response.ok) {
    throw new UserError(`${url}: HTTP ${response.status}; check the repo, commit and path in benchmarks/*.yaml`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  await mkdir(dirname(local), { recursive: true });
  const tmp = `${local}.incomplete-${process.pid}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, local);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return local;
}
