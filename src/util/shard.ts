/**
 * Deterministic sample sharding for CI matrices (`--shard i/n`, i is 1-based: 1/4 … 4/4).
 * A sample's shard depends only on its benchmark and id (a sha256, the same on every
 * machine, Node version and sample order), so n jobs with `--shard 1/n` … `--shard n/n`
 * cover every sample exactly once and `aloe-eval merge` can put them back together.
 */
import { sha256 } from './hash.js';
import { ExitCode, UserError } from './errors.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** 0-based bucket of a sample among `count` shards. */
export function shardBucket(sampleId: string, benchmark: string, count: number): number {
  // 48 bits of the digest: exact in a double, and uniform enough for any practical count.
  const h = Number.parseInt(sha256(`${benchmark}\u0000${sampleId}`).slice(0, 12), 16);
  return h % count;
}

/**
 * True when the sample belongs to shard `index` (1-based) of `count`.
 *
 * @example
 *   samples.filter((s) => inShard(s.id, s.benchmark, 2, 4))
 */
export function inShard(sampleId: string, benchmark: string, index: number, count: number): boolean {
  return shardBucket(sampleId, benchmark, count) === index - 1;
}

/**
 * Parses `--shard i/n` (1-based: "1/4" … "4/4").
 *
 * @example
 *   parseShard('2/4') // { index: 2, count: 4 }
 */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) {
    throw new UserError(`--shard ${JSON.stringify(text)}: expected i/n with whole numbers, 1-based (e.g. --shard 1/4 … --shard 4/4)`, ExitCode.usage);
  }
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new UserError(`--shard ${text}: the shard count must be at least 1 (e.g. --shard 1/4)`, ExitCode.usage);
  if (index < 1 || index > count) {
    throw new UserError(`--shard ${text}: the shard index is 1-based and must be between 1 and ${count} (e.g. --shard 1/${count})`, ExitCode.usage);
  }
  return { index, count };
}
