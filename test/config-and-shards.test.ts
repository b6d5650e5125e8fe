import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RunFile } from '../src/types/results.js';
import { hasShared, runCli, sharedHub } from './helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'aloe-cfg-'));
const onlyDir = (out: string) => join(out, readdirSync(out).filter((d) => d !== 'history.jsonl')[0]);
const readRun = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile;

describe.skipIf(!hasShared)('config files and shards', () => {
  test('a YAML config sets the run; flags override it', async () => {
    const dir = tmp();
    const config = join(dir, 'eval.yaml');
    writeFileSync(config, `benchmarks: [medqa, pubmedqa]\nlimit: 30\nmodel: "baseline:random"\nseed: 7\ndataDir: ${sharedHub}\nreport: false\nprogress: none\n`);
    const out = tmp();
    const r = await runCli(['run', '--config', config, '--limit', '12', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const run = readRun(onlyDir(out));
    expect(run.spec.benchmarks).toEqual(['medqa', 'pubmedqa']);
    expect(run.spec.seed).toBe(7);
    expect(run.spec.limit).toBe(12);
    expect(run.results.medqa.n).toBe(12);
  });

  test('--shard 1/3 … 3/3 then merge equals the unsharded run', async () => {
    const base = ['run', '--benchmarks', 'medqa,mmlu-anatomy', '--limit', '60', '--model', 'baseline:random', '--data-dir', sharedHub, '--no-report', '--progress', 'none'];
    const whole = tmp();
    expect((await runCli([...base, '--out', whole])).code).toBe(0);
    const shards: string[] = [];
    for (const i of [1, 2, 3]) {
      const out = tmp();
      const r = await runCli([...base, '--shard', `${i}/3`, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      shards.push(onlyDir(out));
    }
    const ns = shards.map((d) => readRun(d).results.medqa.n);
    expect(ns.reduce((a, b) => a + b, 0)).toBe(60);
    expect(Math.min(...ns)).toBeGreaterThan(0);
    const merged = join(tmp(), 'merged');
    const m = await runCli(['merge', ...shards, '-o', merged]);
    expect(m.code, m.stderr).toBe(0);
    expect(readRun(merged).results).toEqual(readRun(onlyDir(whole)).results);
  });
});
