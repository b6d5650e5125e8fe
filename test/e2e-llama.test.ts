/**
 * The llama.cpp end-to-end check (scripts/e2e-llama.mjs, `npm run e2e:llama`):
 * its assertions catch what they claim to (a lost sample, usage that does not add up, a sample
 * neither scored nor errored), it fails when the server cannot start, and, where a llama-server
 * binary is at hand (cached build or $ALOE_LLAMA_SERVER), it passes against the real server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRunDir, runE2E } from '../scripts/e2e-llama.mjs';
import { defaultModel, findLlamaServer, startLlamaServer } from '../scripts/llama-server.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const cli = path.join(repoRoot, 'dist', 'cli', 'main.js');
const script = path.join(repoRoot, 'scripts', 'e2e-llama.mjs');

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'aloe-e2e-llama-test-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Json = Record<string, unknown>;

function attempt(api: 'chat' | 'completions', promptTokens: number, completionTokens: number): Json {
  const sent = api === 'chat' ? { messages: [{ role: 'user', content: 'Q?' }] } : { prompt: 'Q?\nAnswer:' };
  return { ...sent, raw: 'Answer: B', extracted: 'B', usage: { promptTokens, completionTokens }, latencyMs: 5 };
}

function record(benchmark: string, id: string, fields: Json): Json {
  return { benchmark, id, kind: 'mcqa', strategy: 'plain', question: 'Q?', gold: 'A', metadata: {}, latencyMs: 5, ...fields };
}

/** A consistent synthetic run folder: medqa 2 samples (one scored, one errored), pubmedqa 1 unparsed. */
function writeRun(name: string, api: 'chat' | 'completions' = 'chat'): string {
  const samples = [
    record('medqa', 'q1', { answer: 'B', correct: false, unparsed: false, score: 0, attempts: [attempt(api, 100, 10)], usage: { calls: 1, promptTokens: 100, completionTokens: 10 } }),
    record('medqa', 'q2', { answer: null, correct: false, unparsed: false, score: 0, attempts: [], usage: { calls: 0, promptTokens: 0, completionTokens: 0 }, error: { kind: 'bad-request', message: '400 request exceeds the available context size' } }),
    record('pubmedqa', 'p1', { answer: null, correct: false, unparsed: true, score: 0, attempts: [attempt(api, 50, 5)], usage: { calls: 1, promptTokens: 50, completionTokens: 5 } }),
  ];
  const result = (n: number, errors: number, promptTokens: number, completionTokens: number) => ({
    metric: 'accuracy', value: 0, n, unparsed: 0, errors, stderr: 0, ci95: [0, 0], usage: { calls: n - errors, promptTokens, completionTokens },
  });
  const run = {
    schema: 'aloe-eval/run@1',
    runId: name,
    status: 'complete',
    spec: { benchmarks: ['medqa', 'pubmedqa'], strategy: { name: 'plain', options: {} }, model: 'tiny', api },
    usage: { calls: 2, promptTokens: 150, completionTokens: 15, cachedCalls: 0 },
    results: { medqa: result(2, 1, 100, 10), pubmedqa: result(1, 0, 50, 5) },
  };
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'run.json'), JSON.stringify(run, null, 2));
  writeFileSync(path.join(dir, 'samples.jsonl'), samples.map((s) => JSON.stringify(s)).join('\n') + '\n');
  return dir;
}

function edit(file: string, change: (text: string) => string): void {
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

const expected = { medqa: 2, pubmedqa: 1 };
const spec = { expected, strategy: 'plain', api: 'chat' };

describe('the e2e assertions (checkRunDir)', () => {
  it('pass a consistent run with scored, unparsed and errored samples', () => {
    const { failures, counts } = checkRunDir(writeRun('ok'), spec);
    expect(failures).toEqual([]);
    expect(counts).toMatchObject({ samples: 3, scored: 2, errors: 1, unparsed: 1, promptTokens: 150, completionTokens: 15 });
  });

  it('catch a lost sample', () => {
    const dir = writeRun('lost');
    edit(path.join(dir, 'samples.jsonl'), (t) => t.split('\n').slice(1).join('\n'));
    const { failures } = checkRunDir(dir, spec);
    expect(failures).toContain('samples.jsonl has 2 samples, expected 3');
    expect(failures).toContain('medqa: 1 samples in samples.jsonl, expected 2');
  });

  it('catch a sample that is neither scored nor errored', () => {
    const dir = writeRun('limbo');
    edit(path.join(dir, 'samples.jsonl'), (t) => t.replace(/,"error":\{[^}]*\}/, ''));
    expect(checkRunDir(dir, spec).failures).toContain('medqa/q2: no error and no attempt');
  });

  it('catch run.json usage that is not the sum over samples', () => {
    const dir = writeRun('usage');
    edit(path.join(dir, 'run.json'), (t) => t.replace('"promptTokens": 150', '"promptTokens": 151'));
    expect(checkRunDir(dir, spec).failures).toContain('run.json usage.promptTokens is 151, the samples sum to 150');
  });

  it('catch attempts sent through the other route than --api asked', () => {
    const dir = writeRun('route', 'completions');
    edit(path.join(dir, 'run.json'), (t) => t.replace('"api": "completions"', '"api": "chat"'));
    expect(checkRunDir(dir, spec).failures).toContain('medqa/q1: attempt 0 has no messages under --api chat');
  });

  it('catch a run that did not complete', () => {
    const dir = writeRun('interrupted');
    edit(path.join(dir, 'run.json'), (t) => t.replace('"status": "complete"', '"status": "interrupted"'));
    expect(checkRunDir(dir, spec).failures).toContain('run.json status is "interrupted", expected "complete"');
  });
});

describe.skipIf(!existsSync(defaultModel))('the e2e script', () => {
  function e2e(env: Record<string, string>) {
    return spawnSync(process.execPath, [script, '--no-build'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env } });
  }

  it('exits 1 when the server cannot be started', () => {
    const r = e2e({ ALOE_LLAMA_SERVER: '/bin/false' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^e2e:llama FAILED: llama-server stopped before it was ready \(exit code 1\)/m);
  });

  it('exits 1 when ALOE_LLAMA_SERVER is not an executable', () => {
    const r = e2e({ ALOE_LLAMA_SERVER: path.join(work, 'no-such-llama-server') });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ALOE_LLAMA_SERVER=.*no-such-llama-server is not an executable file/);
  });
});

function llamaServer(): string | null {
  try {
    return findLlamaServer();
  } catch {
    return null;
  }
}
const binary = llamaServer();
const missing = !binary
  ? 'no llama-server binary (run `npm run e2e:llama` once to build and cache it, or set ALOE_LLAMA_SERVER)'
  : !existsSync(shared)
    ? `${shared} is missing`
    : !existsSync(cli)
      ? 'dist/ is not built'
      : null;

describe.skipIf(missing !== null)(`against the real llama-server${missing ? ` — skipped: ${missing}` : ''}`, () => {
  it('starts on a free port, serves the model as "tiny", and stops', async () => {
    const server = await startLlamaServer({ binary: binary! });
    const models = (await (await fetch(`${server.url}/v1/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toContain('tiny');
    await server.stop();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });

  it('a real run passes the checks, and the same run with a sample removed does not', async () => {
    const server = await startLlamaServer({ binary: binary! });
    const out = path.join(work, 'real');
    try {
      const args = [cli, 'run', '--endpoint', `${server.url}/v1`, '--model', 'tiny', '--benchmarks', 'mmlu-anatomy,pubmedqa', '--limit', '2',
        '--data-dir', path.join(shared, 'datasets', 'hub'), '--out', out, '--no-cache', '--max-tokens', '16', '--progress', 'none', '--no-report'];
      const code = await new Promise<number | null>((resolve) => spawn(process.execPath, args, { stdio: 'ignore' }).on('close', resolve));
      expect(code).toBe(0);
    } finally {
      await server.stop();
    }
    const dir = path.join(out, readdirSync(out)[0]);
    const real = { expected: { 'mmlu-anatomy': 2, pubmedqa: 2 }, strategy: 'plain', api: 'chat' };
    expect(checkRunDir(dir, real).failures).toEqual([]);

    const broken = path.join(work, 'real-lost');
    cpSync(dir, broken, { recursive: true });
    edit(path.join(broken, 'samples.jsonl'), (t) => t.split('\n').slice(1).join('\n'));
    expect(checkRunDir(broken, real).failures).toContain('samples.jsonl has 3 samples, expected 4');
  }, 300_000);

  it('the e2e matrix passes for plain through chat and completions, and loglik is refused', async () => {
    const lines: string[] = [];
    const { ok, rows } = await runE2E({ binary, benchmarks: ['mmlu-anatomy', 'pubmedqa'], strategies: ['plain'], limit: 2, log: (l: string) => lines.push(l) });
    expect(rows.filter((r: { ok: boolean | null }) => r.ok === false), lines.join('\n')).toEqual([]);
    expect(ok).toBe(true);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['plain via chat', 'plain via completions', 'loglik refused at preflight']));
  }, 600_000);
});

