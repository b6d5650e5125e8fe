import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { GenerateRequest, GenerateResult } from '../types/endpoint.js';
import { sha256, stableStringify } from '../util/hash.js';

interface CacheEntry {
  key: string;
  result: GenerateResult;
}

/**
 * Model responses on disk, content-addressed by the whole request: endpoint identity, served
 * model id, every sampling parameter and the exact messages or prompt (plus `cacheTag`, the
 * position inside an ensemble). A request that differs in any of these never hits another's entry.
 * Each entry is its own file written by rename, so processes sharing the folder never see half a file.
 */
export class ResponseCache {
  private readonly dir: string;
  hits = 0;
  corrupt = 0;

  /**
   * `privateTree`: answers to credentialed data go to `<root>/credentialed/responses/`, a tree of its
   * own whose top is (re)set to 0700 — folders shared with other runs may be readable by others.
   * Files and folders below are created under the run's 0077 umask (see runner/credentialed.ts).
   */
  constructor(
    root: string,
    private readonly warn: (line: string) => void = () => {},
    privateTree = false,
  ) {
    this.dir = responseDirs(root)[privateTree ? 1 : 0];
    if (privateTree) {
      const top = dirname(this.dir);
      mkdirSync(top, { recursive: true, mode: 0o700 });
      chmodSync(top, 0o700);
    }
  }

  static key(endpointIdentity: string, model: string, request: GenerateRequest): string {
    return sha256(stableStringify({ v: 1, endpoint: endpointIdentity, model, request }));
  }

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): GenerateResult | undefined {
    const file = this.path(key);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as CacheEntry;
      if (entry.key !== key || typeof entry.result?.text !== 'string') throw new Error('key or shape mismatch');
      this.hits++;
      return { ...entry.result, cached: true };
    } catch (err) {
      this.corrupt++;
      this.warn(`ignoring corrupted cache entry ${file} (${(err as Error).message}); it will be rewritten`);
      return undefined;
    }
  }

  put(key: string, result: GenerateResult): void {
    writeFileAtomic(this.path(key), JSON.stringify({ key, result: { ...result, cached: false } } satisfies CacheEntry));
  }
}

/** The plain response tree and the credentialed one. */
function responseDirs(root: string): [string, string] {
  return [join(root, 'responses'), join(root, 'credentialed', 'responses')];
}

export interface CacheStats {
  dir: string;
  entries: number;
  bytes: number;
}

function treeStats(dir: string): { entries: number; bytes: number } {
  let entries = 0;
  let bytes = 0;
  let shards: string[] = [];
  try {
    shards = readdirSync(dir);
  } catch {
    return { entries, bytes };
  }
  for (const shard of shards) {
    for (const name of readdirSync(join(dir, shard))) {
      if (!name.endsWith('.json')) continue;
      entries++;
      bytes += statSync(join(dir, shard, name)).size;
    }
  }
  return { entries, bytes };
}

/** Entries of both trees (plain and credentialed); `dir` names the plain one. */
export function cacheStats(root: string): CacheStats {
  const dirs = responseDirs(root);
  const [plain, credentialed] = dirs.map(treeStats);
  return { dir: dirs[0], entries: plain.entries + credentialed.entries, bytes: plain.bytes + credentialed.bytes };
}

export function clearCache(root: string): CacheStats {
  const before = cacheStats(root);
  for (const dir of responseDirs(root)) rmSync(dir, { recursive: true, force: true });
  return before;
}
