import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadBenchmark } from '../src/datasets/index.js';
import type { RunFile, SampleRecord } from '../src/types/results.js';
import type { Sample } from '../src/types/sample.js';
import { hasShared, runCli, sharedHub } from './helpers/cli.js';
import { startFakeOpenAI, type FakeOpenAI } from './helpers/fake-openai.js';
import { expectedAccuracy, scriptedMcqaModel } from './helpers/scripted-model.js';

const LIMIT = 15;
const tmp = () => mkdtempSync(join(tmpdir(), 'aloe-e2e-'));

function onlyRun(out: string): { dir: string; run: RunFile; samples: SampleRecord[] } {
  const dirs = readdirSync(out, { withFileTypes: true }).filter((d) => d.isDirectory());
  expect(dirs).toHaveLength(1);
  const dir = join(out, dirs[0].name);
  const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile;
  const samples = readFileSync(join(dir, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleRecord);
  return { dir, run, samples };
}

describe.skipIf(!hasShared)('aloe-eval run against a fake OpenAI-compatible server', () => {
  let server: FakeOpenAI;
  let samples: Sample[];
  const common = () => ['--benchmarks', 'medqa,pubmedqa', '--limit', String(LIMIT), '--data-dir', sharedHub, '--no-report', '--progress', 'none'];

  beforeAll(async () => {
    samples = [];
    for (const id of ['medqa', 'pubmedqa']) samples.push(...(await loadBenchmark(id, { dataDir: sharedHub })).samples.slice(0, LIMIT));
    server = await startFakeOpenAI({ models: ['aloe-test'], reply: scriptedMcqaModel(samples, 0.6) });
  });
  afterAll(() => server.close());

  test('plain chat run: scores, usage and files match what the server did', async () => {
    const out = tmp();
    const before = server.requests.length;
    const r = await runCli(['run', ...common(), '--endpoint', server.url, '--out', out, '--no-cache']);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(r.code).toBe(0);
    const { run, samples: records, dir } = onlyRun(out);
    expect(run.status).toBe('complete');
    expect(run.provenance.servedModel).toBe('aloe-test');
    expect(run.spec.model).toBe('aloe-test');
    for (const id of ['medqa', 'pubmedqa']) {
      const mine = samples.filter((s) => s.benchmark === id);
      expect(run.results[id].n).toBe(LIMIT);
      expect(run.results[id].value).toBeCloseTo(expectedAccuracy(mine, 0.6), 10);
      expect(run.results[id].ci95[0]).toBeLessThanOrEqual(run.results[id].value);
      expect(run.results[id].ci95[1]).toBeGreaterThanOrEqual(run.results[id].value);
    }
    expect(records).toHaveLength(2 * LIMIT);
    expect(server.requests.length - before).toBe(1 + 2 * LIMIT); // GET /models + one call per sample
    const tokens = records.reduce((n, s) => n + s.usage.promptTokens + s.usage.completionTokens, 0);
    expect(run.usage.promptTokens + run.usage.completionTokens).toBe(tokens);
    expect(tokens).toBeGreaterThan(0);
    expect(records[0].attempts[0].messages?.[0].content).toMatch(/Aloe/);
    expect(readFileSync(join(dir, 'summary.csv'), 'utf8')).toMatch(/^benchmark,metric,value/);
    expect(r.stdout).toMatch(/medqa\s+accuracy/);
  });

  test('text completions: a flat prompt ending in "Answer:"', async () => {
    const out = tmp();
    const r = await runCli(['run', ...common(), '--endpoint', server.url, '--out', out, '--api', 'completions', '--no-cache']);
    expect(r.code).toBe(0);
    const { run, samples: records } = onlyRun(out);
    expect(records[0].attempts[0].prompt).toMatch(/\nAnswer:$/);
    expect(run.results.medqa.value).toBeCloseTo(expectedAccuracy(samples.filter((s) => s.benchmark === 'medqa'), 0.6), 10);
  });

  test('a second run of the same requests is served from the cache, with no model call', async () => {
    const cacheDir = tmp();
    const first = await runCli(['run', ...common(), '--endpoint', server.url, '--out', tmp(), '--cache-dir', cacheDir]);
    expect(first.code).toBe(0);
    const before = server.served;
    const out = tmp();
    const second = await runCli(['run', ...common(), '--endpoint', server.url, '--out', out, '--cache-dir', cacheDir]);
    expect(second.code).toBe(0);
    expect(server.served).toBe(before);
    expect(onlyRun(out).run.usage.cachedCalls).toBe(2 * LIMIT);
    const stats = await runCli(['cache', 'stats', '--cache-dir', cacheDir]);
    expect(stats.stdout).toMatch(new RegExp(`${2 * LIMIT} responses`));
  });
});

describe('clear one-line errors before anything is sent', () => {
  let server: FakeOpenAI;
  beforeAll(async () => {
    server = await startFakeOpenAI({ models: ['m1', 'm2'], apiKey: 'sk-right' });
  });
  afterAll(() => server.close());

  const expectOneLine = (stderr: string, pattern: RegExp) => {
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  };

  test('unreachable endpoint', async () => {
    const r = await runCli(['run', '--benchmarks', 'medqa', '--endpoint', 'http://127.0.0.1:9/v1', '--out', tmp(), '--max-retries', '0']);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /cannot reach http:\/\/127\.0\.0\.1:9\/v1.*--endpoint/);
  });

  test('refused key, several models, unserved model', async () => {
    const wrongKey = await runCli(['run', '--benchmarks', 'medqa', '--endpoint', server.url, '--out', tmp()], { OPENAI_API_KEY: 'sk-wrong' });
    expect(wrongKey.code).toBe(2);
    expectOneLine(wrongKey.stderr, /refused the API key.*OPENAI_API_KEY/);
    expect(wrongKey.stderr).not.toContain('sk-wrong');

    const several = await runCli(['run', '--benchmarks', 'medqa', '--endpoint', server.url, '--out', tmp()], { OPENAI_API_KEY: 'sk-right' });
    expect(several.code).toBe(2);
    expectOneLine(several.stderr, /serves 2 models \(m1, m2\); choose one with --model/);

    const unserved = await runCli(['run', '--benchmarks', 'medqa', '--endpoint', server.url, '--model', 'nope', '--out', tmp()], { OPENAI_API_KEY: 'sk-right' });
    expect(unserved.code).toBe(2);
    expectOneLine(unserved.stderr, /model "nope" is not served.*it serves: m1, m2/);
  });

  test('unknown benchmark, suite, strategy, bad flag value, malformed config', async () => {
    const cases: [string[], RegExp][] = [
      [['run', '--benchmarks', 'medqa,nosuch', '--model', 'baseline:random'], /nosuch/],
      [['run', '--suite', 'nosuch', '--model', 'baseline:random'], /nosuch/],
      [['run', '--benchmarks', 'medqa', '--strategy', 'magic', '--endpoint', server.url], /unknown strategy "magic"/],
      [['run', '--benchmarks', 'medqa', '--concurrency', 'lots'], /--concurrency "lots"/],
    ];
    for (const [args, pattern] of cases) {
      const r = await runCli([...args, '--out', tmp()]);
      expect(r.code, args.join(' ')).toBe(2);
      expectOneLine(r.stderr, pattern);
    }
    const dir = tmp();
    const config = join(dir, 'bad.yaml');
    (await import('node:fs')).writeFileSync(config, 'benchmarks: medqa\nconcurrencyy: 4\n');
    const r = await runCli(['run', '--config', config, '--out', tmp()]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /bad\.yaml: unknown key concurrencyy/);
  });
});
