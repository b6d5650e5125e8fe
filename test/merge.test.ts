/** Shards of one run merged back together equal the unsharded run. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../src/compare/compare-runs.js';
import { mergeRuns } from '../src/compare/merge.js';
import { sortSamples } from '../src/results/aggregate.js';
import { readRun } from '../src/results/read-run.js';
import type { RunFile, SampleRecord } from '../src/types/results.js';
import { rngFor, shuffled } from '../src/util/rng.js';
import { inShard } from '../src/util/shard.js';
import { cliSync, requireBuiltCli, runFile, sample, writeRunDir } from './compare-fixtures.js';

const suites = { all: ['medqa', 'aci'], mcqa: ['medqa'] };
const metrics = { aci: 'rouge1' };

function samples(): SampleRecord[] {
  const rng = rngFor(1, 'merge-fixture');
  const out: SampleRecord[] = [];
  for (let i = 0; i < 300; i++) {
    const metadata: SampleRecord['metadata'] = { subject: ['Anatomy', 'Pharmacology', 'Surgery'][i % 3] };
    if (i === 17 || i === 200) metadata.category = 'rare'; // a field only a shard or two will see
    const error = i % 97 === 5 ? 'timeout' : undefined;
    out.push(sample('medqa', `medqa-${i}`, { score: !error && rng() < 0.7 ? 1 : 0, unparsed: i % 50 === 3, error, metadata, scores: { acc_norm: rng() < 0.6 ? 1 : 0 }, usage: { calls: 1 + (i % 3), promptTokens: 100 + i } }));
  }
  for (let i = 0; i < 40; i++) {
    out.push(sample('aci', `D2N${String(i).padStart(3, '0')}`, { score: rng(), scores: { rouge1: rng(), rouge2: rng(), rougeL: rng() } }, 'open'));
  }
  return out;
}

let dir: string;
const at = (name: string) => path.join(dir, name);
const all = samples();
// The unsharded run writes samples in completion order, not sorted.
const unshardedSamples = shuffled(all, rngFor(2, 'completion-order'));
const unsharded = runFile(unshardedSamples, { runId: 'full', metrics, suites });

function shard(index: number, count: number, init: Partial<Parameters<typeof runFile>[1]> = {}): { run: RunFile; samples: SampleRecord[] } {
  const own = shuffled(all.filter((s) => inShard(s.id, s.benchmark, index, count)), rngFor(index, 'shard-order'));
  return { run: runFile(own, { runId: `n-${index}-of-${count}`, metrics, suites, shard: { index, count }, ...init }), samples: own };
}

const merge = (...args: string[]) => cliSync('merge', ...args);

function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(path.join(tmpdir(), 'aloe-merge-'));
  writeRunDir(at('full'), unsharded, unshardedSamples);
  for (const i of [1, 2, 3]) {
    const s = shard(i, 3);
    writeRunDir(at(`s${i}`), s.run, s.samples);
  }
  const seed8 = shard(3, 3, { seed: 8 });
  writeRunDir(at('s3-seed8'), seed8.run, seed8.samples);
  const partial = shard(2, 3, { status: 'interrupted' });
  writeRunDir(at('s2-partial'), partial.run, partial.samples.slice(0, 10));
  const s3 = shard(3, 3);
  const stolen = all.find((s) => inShard(s.id, s.benchmark, 1, 3))!;
  writeRunDir(at('s3-overlap'), s3.run, [...s3.samples, stolen]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('aloe-eval merge', () => {
  it('3 shards merge into the unsharded run: same results (byte-identical), suites, spec and samples', () => {
    const r = merge(at('s2'), at('s3'), at('s1'), '-o', at('merged'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^merged 3 shards, 340 samples → /);
    const merged = JSON.parse(readFileSync(at('merged/run.json'), 'utf8')) as RunFile;
    expect(JSON.stringify(merged.results)).toBe(JSON.stringify(unsharded.results));
    expect(merged.results.medqa.groups!.category).toHaveProperty('rare'); // seen by only some shards
    expect(merged.suites).toEqual(unsharded.suites);
    expect(merged.spec).toEqual(unsharded.spec);
    expect(merged.usage).toEqual(unsharded.usage);
    expect(merged.status).toBe('complete');
    expect(merged.runId).toBe('merged');
    const expectedLines = sortSamples(unshardedSamples).map((s) => JSON.stringify(s) + '\n').join('');
    expect(readFileSync(at('merged/samples.jsonl'), 'utf8')).toBe(expectedLines);
  });

  it('the merged run compares as identical to the unsharded one', () => {
    const c = compareRuns(readRun(at('full')), readRun(at('merged')));
    expect(c.benchmarks.map((b) => [b.benchmark, b.diff, b.p, b.verdict])).toEqual([
      ['medqa', 0, 1, 'unchanged'],
      ['aci', 0, 1, 'unchanged'],
    ]);
  });

  it('gives the same run whatever order the shards come in', () => {
    const shards = [1, 2, 3].map((i) => readRun(at(`s${i}`)));
    const a = mergeRuns(shards, 'x');
    const b = mergeRuns([shards[2], shards[0], shards[1]], 'x');
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('refuses a missing shard (exit 4)', () => {
    const r = merge(at('s1'), at('s3'), '-o', at('m-missing'));
    expect(r.status).toBe(4);
    expectOneLine(r.stderr, /missing shard\(s\) 2\/3 .*pass all 3 shard dirs/);
    expect(existsSync(at('m-missing'))).toBe(false);
  });

  it('refuses the same shard twice', () => {
    const r = merge(at('s1'), at('s1'), at('s2'), '-o', at('m-dup'));
    expect(r.status).toBe(4);
    expectOneLine(r.stderr, /are both shard 1\/3/);
  });

  it('refuses shards of different specs, naming the field', () => {
    const r = merge(at('s1'), at('s2'), at('s3-seed8'), '-o', at('m-seed'));
    expect(r.status).toBe(4);
    expectOneLine(r.stderr, /s3-seed8: seed differs from .*s1 \(8 vs 7\)/);
  });

  it('refuses a partial shard', () => {
    const r = merge(at('s1'), at('s2-partial'), at('s3'), '-o', at('m-partial'));
    expect(r.status).toBe(4);
    expectOneLine(r.stderr, /s2-partial: run status is "interrupted", not complete — resume that shard/);
  });

  it('refuses overlapping shards', () => {
    const r = merge(at('s1'), at('s2'), at('s3-overlap'), '-o', at('m-overlap'));
    expect(r.status).toBe(4);
    expectOneLine(r.stderr, /medqa\/medqa-\d+ is in both .* shards overlap/);
  });

  it('refuses a run that is not a shard', () => {
    const r = merge(at('full'), at('s1'), '-o', at('m-full'));
    expect(r.status).toBe(4);
    expectOneLine(r.stderr, /full: not a shard run/);
  });

  it('refuses to write into a non-empty folder (exit 2)', () => {
    mkdirSync(at('busy'));
    writeFileSync(at('busy/keep.txt'), 'x');
    const r = merge(at('s1'), at('s2'), at('s3'), '-o', at('busy'));
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /busy: folder exists and is not empty/);
  });
});
