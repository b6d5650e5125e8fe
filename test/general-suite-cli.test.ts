/**
 * `aloe-eval run --suite general --strategy loglik`, the built CLI as users run it: data from a
 * fake Hub on 127.0.0.1 (real BBH and MMLU-Pro rows from ../shared, synthetic GPQA and MuSR), a
 * fake completions server that returns echo logprobs, then `aloe-eval report --markdown`.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchmark } from '../src/datasets/index.js';
import { readRun, runDirsUnder } from '../src/results/read-run.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/dataset-fixtures.js';
import { choiceTable, echoReply } from './helpers/echo-logprobs.js';
import { startFakeHub, type FakeHub } from './helpers/fake-hub.js';
import { startFakeOpenAI, type FakeOpenAI } from './helpers/fake-openai.js';
import { buildLeaderboardMirror, hasSharedBbh, hasSharedMmluPro } from './helpers/leaderboard-mirror.js';

const LIMIT = 3;

describe.skipIf(!hasSharedBbh || !hasSharedMmluPro)('aloe-eval run --suite general --strategy loglik', () => {
  let mirror: string;
  let hub: FakeHub;
  let server: FakeOpenAI;
  let work: string;
  // The choice's logprob (every other choice −9): the first of each pair wins acc and, per character, acc_norm.
  const table: Record<string, number> = { '(A)': -1, '(B)': -1.2, A: -1, B: -1.2, False: -1, True: -1.2, Yes: -1, No: -1.2 };

  beforeAll(async () => {
    mirror = buildLeaderboardMirror();
    hub = await startFakeHub(mirror);
    server = await startFakeOpenAI({ models: ['aloe-test'], reply: echoReply(choiceTable(table, -0.3)) });
    work = tempDir();
  });
  afterAll(async () => {
    await server.close();
    await hub.close();
    rmSync(mirror, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('every benchmark is scored; run.json keeps raw acc / acc_norm and the normalised leaderboard scores side by side; the report shows both', async () => {
    const env = { HF_ENDPOINT: hub.url, HF_HUB_CACHE: join(work, 'hf'), ALOE_CACHE_DIR: join(work, 'aloe'), ALOE_GITHUB_RAW_URL: `${hub.url}/github` };
    const out = join(work, 'results');
    const r = await runCli(
      ['run', '--suite', 'general', '--strategy', 'loglik', '--limit', String(LIMIT), '--endpoint', server.url, '--out', out, '--no-cache', '--no-report', '--progress', 'none'],
      env,
      work,
    );
    expect(r.stderr).not.toMatch(/internal error|Error:/);
    expect(r.code, r.stderr).toBe(0);
    const { run, samples } = readRun(runDirsUnder(out)[0]);
    expect(Object.keys(run.results)).toHaveLength(33);
    expect(samples.filter((s) => s.error)).toEqual([]);

    // GPQA: "(A)" always wins both picks (all choices are 3 characters), so acc_norm is the share of gold "A".
    const gpqaGold = (await loadBenchmark('gpqa-main', { dataDir: mirror, offline: true, lockFile: false, log: () => {} })).samples.slice(0, LIMIT).map((s) => s.answer);
    const gpqaRaw = gpqaGold.filter((g) => g === 'A').length / LIMIT;
    expect(run.results['gpqa-main'].metrics?.acc_norm.value).toBeCloseTo(gpqaRaw, 12);

    // boolean_expressions: "False" (−1/5) beats "True" (−1.2/4) per character too; acc_norm = share of gold "False".
    const boolRecs = samples.filter((s) => s.benchmark === 'bbh-boolean-expressions');
    expect(boolRecs.every((s) => s.details?.accNormAnswer === 'A')).toBe(true);
    expect(boolRecs[0].attempts[0].prompt).toMatch(/^Evaluate the result of a random Boolean expression\.Q: not \( \( not not True \) \) is\nA: False\n\n/);

    const lb = run.leaderboard!;
    expect(Object.keys(lb.benchmarks).sort()).toEqual(['bbh', 'gpqa', 'ifeval', 'math-hard', 'mmlu-pro', 'musr']);
    expect(lb.complete).toBe(true);
    const bool = lb.benchmarks.bbh.subtasks!['bbh-boolean-expressions'];
    const boolRaw = boolRecs.filter((s) => s.gold === 'A').length / LIMIT;
    expect(bool.raw).toBeCloseTo(boolRaw, 12);
    expect(bool.normalised).toBeCloseTo(Math.max(0, (boolRaw - 0.5) / 0.5) * 100, 10);
    const gpqaPooled = (['gpqa-main', 'gpqa-diamond', 'gpqa-extended'] as const).map((id) => run.results[id].metrics!.acc_norm.value * run.results[id].n);
    expect(lb.benchmarks.gpqa.raw).toBeCloseTo(gpqaPooled.reduce((a, b) => a + b, 0) / (LIMIT * 2 + 2), 12); // diamond has 2 rows
    expect(lb.benchmarks['mmlu-pro'].raw).toBe(run.results['mmlu-pro'].value);
    expect(r.stdout).toMatch(/leaderboard average\s+normalised\s+\d+\.\d\s+\(all six\)/);

    const md = await runCli(['report', runDirsUnder(out)[0], '--no-html', '--markdown', '-'], env, work);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('leaderboard (normalised)');
    expect(md.stdout).toContain('BBH (normalised)');
    expect(md.stdout).toContain('BBH (raw)');
  });

  it('two shards merged give the same leaderboard scores as the unsharded run', async () => {
    const env = { HF_ENDPOINT: hub.url, HF_HUB_CACHE: join(work, 'hf'), ALOE_CACHE_DIR: join(work, 'aloe'), ALOE_GITHUB_RAW_URL: `${hub.url}/github` };
    const base = ['run', '--benchmarks', 'gpqa,musr,bbh-navigate,bbh-snarks', '--strategy', 'loglik', '--limit', String(LIMIT), '--endpoint', server.url, '--no-cache', '--no-report', '--progress', 'none'];
    const whole = join(work, 'whole');
    expect((await runCli([...base, '--out', whole], env, work)).code).toBe(0);
    const shards: string[] = [];
    for (const i of [1, 2]) {
      const out = join(work, `shard-${i}`);
      const r = await runCli([...base, '--shard', `${i}/2`, '--out', out], env, work);
      expect(r.code, r.stderr).toBe(0);
      shards.push(runDirsUnder(out)[0]);
    }
    const merged = join(work, 'merged');
    const m = await runCli(['merge', ...shards, '--out', merged], env, work);
    expect(m.code, m.stderr).toBe(0);
    const expected = readRun(runDirsUnder(whole)[0]).run.leaderboard;
    expect(expected?.benchmarks.gpqa).toBeDefined();
    expect(readRun(merged).run.leaderboard).toEqual(expected);
  });

  it('lm-eval-gen (a server without prompt logprobs): the answer read from the text; the leaderboard falls back to accuracy', async () => {
    const gen = await startFakeOpenAI({ models: ['aloe-test'], reply: () => ' (B) is right' });
    try {
      const out = join(work, 'gen');
      const r = await runCli(
        ['run', '--benchmarks', 'gpqa-main', '--strategy', 'lm-eval-gen', '--data-dir', mirror, '--offline', '--endpoint', gen.url, '--out', out, '--no-cache', '--no-report', '--progress', 'none'],
        {},
        work,
      );
      expect(r.code, r.stderr).toBe(0);
      const { run, samples } = readRun(runDirsUnder(out)[0]);
      expect(samples.every((s) => s.answer === 'B')).toBe(true);
      const raw = samples.filter((s) => s.gold === 'B').length / samples.length;
      expect(run.results['gpqa-main'].value).toBeCloseTo(raw, 12);
      expect(run.leaderboard!.benchmarks.gpqa).toMatchObject({ metric: 'accuracy', complete: false });
      expect(run.leaderboard!.benchmarks.gpqa.normalised).toBeCloseTo(Math.max(0, (raw - 0.25) / 0.75) * 100, 10);
    } finally {
      await gen.close();
    }
  });
});
