/** Issue 8: `run … --baseline DIR --fail-on regression` runs, then compares, in one step. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadBenchmark } from '../src/datasets/index.js';
import { hasShared, runCli, sharedHub } from './helpers/cli.js';
import { startFakeOpenAI } from './helpers/fake-openai.js';
import { scriptedMcqaModel } from './helpers/scripted-model.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'aloe-baseline-'));
const runDir = (out: string) => join(out, readdirSync(out).filter((d) => d !== 'history.jsonl')[0]);

describe.skipIf(!hasShared)('run --baseline', () => {
  test('a model that got worse fails the run with exit 3; the same model passes', async () => {
    const samples = (await loadBenchmark('medmcqa', { dataDir: sharedHub })).samples.slice(0, 300);
    const good = await startFakeOpenAI({ models: ['m'], reply: scriptedMcqaModel(samples, 0.8) });
    const worse = await startFakeOpenAI({ models: ['m'], reply: scriptedMcqaModel(samples, 0.5) });
    const args = ['run', '--benchmarks', 'medmcqa', '--limit', '300', '--data-dir', sharedHub, '--no-report', '--no-cache', '--progress', 'none'];
    try {
      const baseOut = tmp();
      expect((await runCli([...args, '--endpoint', good.url, '--out', baseOut])).code).toBe(0);
      const baseline = runDir(baseOut);

      const same = await runCli([...args, '--endpoint', good.url, '--out', tmp(), '--baseline', baseline, '--fail-on', 'regression']);
      expect(same.code, same.stderr).toBe(0);
      expect(same.stdout).toMatch(/medmcqa .*unchanged/i);

      const regressed = await runCli([...args, '--endpoint', worse.url, '--out', tmp(), '--baseline', baseline, '--fail-on', 'regression']);
      expect(regressed.code).toBe(3);
      expect(regressed.stdout).toMatch(/medmcqa .*REGRESSED/);
    } finally {
      await good.close();
      await worse.close();
    }
  });
});
