import { describe, expect, it } from 'vitest';
import { UserError } from '../src/util/errors.js';
import { inShard, parseShard, shardBucket } from '../src/util/shard.js';

describe('parseShard', () => {
  it('reads 1-based i/n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    expect(parseShard('4/4')).toEqual({ index: 4, count: 4 });
  });

  it.each([
    ['0/4', /1-based and must be between 1 and 4/],
    ['5/4', /between 1 and 4/],
    ['1/0', /count must be at least 1/],
    ['2', /expected i\/n/],
    ['a/b', /expected i\/n/],
    ['1.5/4', /expected i\/n/],
    ['-1/4', /expected i\/n/],
  ])('refuses %s with a usage error', (text, pattern) => {
    try {
      parseShard(text);
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).exitCode).toBe(2);
      expect((err as UserError).message).toMatch(pattern);
    }
  });
});

describe('inShard', () => {
  const ids = Array.from({ length: 8000 }, (_, i) => `test-${i}`);

  it('puts every sample in exactly one shard', () => {
    for (const count of [1, 2, 3, 7]) {
      for (const id of ids.slice(0, 500)) {
        const owners = Array.from({ length: count }, (_, i) => i + 1).filter((i) => inShard(id, 'medqa', i, count));
        expect(owners).toHaveLength(1);
      }
    }
  });

  it('splits evenly', () => {
    const sizes = [0, 0, 0, 0];
    for (const id of ids) sizes[shardBucket(id, 'medmcqa', 4)]++;
    // Expected 2000 each; a binomial sd is ~39, so ±200 is > 5 sd.
    for (const size of sizes) expect(Math.abs(size - 2000)).toBeLessThan(200);
  });

  it('is pinned: the same split on every machine and version (sha256 of "benchmark\\0id")', () => {
    // Changing these breaks merging shards run by different aloe-eval versions.
    expect(['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7'].map((id) => shardBucket(id, 'medqa', 4))).toEqual(PINNED);
  });

  it('depends on the benchmark as well as the id', () => {
    const a = ids.slice(0, 200).map((id) => shardBucket(id, 'medqa', 4));
    const b = ids.slice(0, 200).map((id) => shardBucket(id, 'pubmedqa', 4));
    expect(a).not.toEqual(b);
  });
});

const PINNED = [1,1,0,2,2,2,3,3];
