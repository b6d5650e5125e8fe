/**
 * Issue 5: faults, kills, Ctrl-C, secrets and corrupted files never lose or mix work.
 * Each scenario is compared with a clean run of the same command.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadBenchmark } from '../src/datasets/index.js';
import type { RunFile, SampleRecord } from '../src/types/results.js';
import type { Sample } from '../src/types/sample.js';
import { hasShared, runCli, sharedHub, startCli } from './helpers/cli.js';
import { startFakeOpenAI, type FakeOpenAI } from './helpers/fake-openai.js';
import { scriptedMcqaModel } from './helpers/scripted-model.js';

const LIMIT = 40;
const tmp = () => mkdtempSync(join(tmpdir(), 'aloe-safe-'));
const args = (url: string, out: string, extra: string[] = []) => [
  'run', '--benchmarks', 'medqa', '--limit', String(LIMIT), '--data-dir', sharedHub, '--endpoint', url,
  '--out', out, '--no-report', '--progress', 'none', '--history', join(out, 'history.jsonl'), ...extra,
];

function runDirs(out: string): string[] {
  return readdirSync(out, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(out, d.name));
}
function readRunDir(dir: string): { run: RunFile; samples: SampleRecord[] } {
  const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile;
  const text = readFileSync(join(dir, 'samples.jsonl'), 'utf8');
  return { run, samples: text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as SampleRecord) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (up to 20 s) until the run under `out` has written at least `n` samples. */
async function waitForSamples(out: string, n: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const dirs = existsSync(out) ? runDirs(out) : [];
    const file = dirs.length ? join(dirs[0], 'samples.jsonl') : '';
    if (file && existsSync(file) && readFileSync(file, 'utf8').split('\n').length > n) return;
    await sleep(50);
  }
}

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]));
}

describe.skipIf(!hasShared)('never lose work', () => {
  let samples: Sample[];
  let clean: FakeOpenAI;
  let reference: RunFile['results'];

  beforeAll(async () => {
    samples = (await loadBenchmark('medqa', { dataDir: sharedHub })).samples.slice(0, LIMIT);
    clean = await startFakeOpenAI({ models: ['m'], reply: scriptedMcqaModel(samples, 0.6) });
    const out = tmp();
    const r = await runCli(args(clean.url, out, ['--no-cache']));
    expect(r.code).toBe(0);
    reference = readRunDir(runDirs(out)[0]).run.results;
  });
  afterAll(() => clean.close());

  test('a faulty server (429, 500, resets, hangs, garbage, empty choices, cut replies) gives the clean results', async () => {
    const faulty = await startFakeOpenAI({
      models: ['m'],
      reply: scriptedMcqaModel(samples, 0.6),
      faults: { '429': 0.1, '500': 0.1, reset: 0.08, hang: 0.05, garbage: 0.08, empty: 0.08, length: 0.05 },
      faultyTries: 2,
    });
    try {
      const out = tmp();
      const r = await runCli(args(faulty.url, out, ['--no-cache', '--timeout', '1', '--max-retries', '4']));
      expect(r.code).toBe(0);
      const { run, samples: records } = readRunDir(runDirs(out)[0]);
      expect(run.results).toEqual(reference);
      expect(new Set(records.map((s) => s.id)).size).toBe(LIMIT);
      expect(records).toHaveLength(LIMIT);
      expect(records.every((s) => !s.error)).toBe(true);
    } finally {
      await faulty.close();
    }
  });

  test('killed with SIGKILL at random moments, then resumed: the same results, nothing asked twice that was finished', async () => {
    const slow = await startFakeOpenAI({ models: ['m'], reply: scriptedMcqaModel(samples, 0.6), latencyMs: 100, capacity: 4 });
    let midRun = 0;
    try {
      for (let trial = 0; trial < 10; trial++) {
        const out = tmp();
        const cmd = args(slow.url, out, ['--no-cache', '--concurrency', '4']);
        const { child, done } = startCli(cmd);
        if (trial < 2) {
          await sleep(100 + Math.floor(Math.random() * 300)); // early: maybe before the run folder exists
        } else {
          await waitForSamples(out, 1); // mid-run: after the first sample, at a random moment
          await sleep(Math.floor(Math.random() * 700));
        }
        child.kill('SIGKILL');
        await done;
        await sleep(150); // requests the dead client left in flight finish on the server first
        const first = runDirs(out).length ? readRunDir(runDirs(out)[0]) : undefined;
        if (first?.run.status === 'complete') continue; // finished before the kill: nothing to resume
        if (first) midRun++;
        const before = first?.samples.length ?? 0;
        const servedBefore = slow.served;
        const resumed = await runCli(cmd);
        expect(resumed.code, resumed.stderr).toBe(0);
        expect(runDirs(out)).toHaveLength(1);
        const { run, samples: records } = readRunDir(runDirs(out)[0]);
        expect(run.results).toEqual(reference);
        expect(records).toHaveLength(LIMIT);
        expect(new Set(records.map((s) => s.id)).size).toBe(LIMIT);
        // only the samples that were not finished are asked again
        expect(slow.served - servedBefore).toBe(LIMIT - Math.min(before, LIMIT));
      }
      expect(midRun).toBeGreaterThanOrEqual(5);
    } finally {
      await slow.close();
    }
  }, 120_000);

  test('a torn last line is dropped and that sample asked again', async () => {
    const out = tmp();
    const cmd = args(clean.url, out, ['--no-cache']);
    expect((await runCli(cmd)).code).toBe(0);
    const dir = runDirs(out)[0];
    const file = join(dir, 'samples.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    writeFileSync(file, lines.slice(0, 10).join('\n') + '\n' + lines[10].slice(0, 25));
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile;
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...run, status: 'interrupted' }));
    const r = await runCli(cmd);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/dropped 1 torn or corrupted line/);
    expect(readRunDir(dir).run.results).toEqual(reference);
  });

  test('first Ctrl-C writes partial results and exits 130; the same command then finishes the run', async () => {
    const slow = await startFakeOpenAI({ models: ['m'], reply: scriptedMcqaModel(samples, 0.6), latencyMs: 60, capacity: 2 });
    try {
      const out = tmp();
      const cmd = args(slow.url, out, ['--no-cache', '--concurrency', '2']);
      const { child, done } = startCli(cmd);
      await waitForSamples(out, 3); // a few samples written, then Ctrl-C once
      child.kill('SIGINT');
      const stopped = await done;
      expect(stopped.code).toBe(130);
      expect(stopped.stderr).toMatch(/resume with the same command or --resume/);
      const partial = readRunDir(runDirs(out)[0]);
      expect(partial.run.status).toBe('interrupted');
      expect(partial.samples.length).toBeGreaterThan(0);
      expect(partial.samples.length).toBeLessThan(LIMIT);
      expect(partial.run.results.medqa.n).toBe(partial.samples.length);
      // `--resume DIR` alone takes the run's own settings; only machine-local ones are given
      const dir = runDirs(out)[0];
      const resumed = await runCli(['run', '--resume', dir, '--endpoint', slow.url, '--data-dir', sharedHub, '--no-cache', '--no-report', '--progress', 'none', '--out', out]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(runDirs(out)).toEqual([dir]);
      expect(readRunDir(dir).run.results).toEqual(reference);
    } finally {
      await slow.close();
    }
  }, 60_000);

  test('resuming against a server that now serves another model is refused', async () => {
    const out = tmp();
    const other = await startFakeOpenAI({ models: ['m'], reply: scriptedMcqaModel(samples, 0.6) });
    const renamed = await startFakeOpenAI({ models: ['m2'], reply: scriptedMcqaModel(samples, 0.6) });
    try {
      expect((await runCli(args(other.url, out, ['--no-cache']))).code).toBe(0);
      const dir = runDirs(out)[0];
      const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile;
      writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...run, status: 'interrupted' }));
      const r = await runCli(args(renamed.url, out, ['--no-cache', '--resume', dir]));
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toMatch(/run against model "m" but the server now serves "m2"/);
    } finally {
      await other.close();
      await renamed.close();
    }
  });

  test('too many failing samples fail the run (exit 1) with a summary of error kinds; finished samples are kept', async () => {
    const broken = await startFakeOpenAI({ models: ['m'], reply: scriptedMcqaModel(samples, 0.6), faults: { '500': 1 }, faultyTries: 1000 });
    try {
      const out = tmp();
      const r = await runCli(args(broken.url, out, ['--no-cache', '--max-retries', '1', '--max-errors', '3', '--concurrency', '1']));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/run failed: 4 samples failed \(more than --max-errors 3\).*server: 4/);
      const { run, samples: records } = readRunDir(runDirs(out)[0]);
      expect(run.status).toBe('failed');
      expect(records.every((s) => s.error?.kind === 'server')).toBe(true);
      // what was sent is kept with the error
      expect(records.every((s) => s.attempts.length === 1 && s.attempts[0].messages?.length === 2 && s.attempts[0].error === s.error?.message)).toBe(true);
    } finally {
      await broken.close();
    }
  });

  test('the API key never appears in any file written or anything printed', async () => {
    const canary = 'sk-canary-7f3e9a1b5c';
    const leaky = await startFakeOpenAI({
      models: ['m'], apiKey: canary, reply: scriptedMcqaModel(samples, 0.6),
      faults: { '500': 0.3, '429': 0.2 }, faultyTries: 1, errorBodyExtra: ` (you sent Bearer ${canary})`,
    });
    try {
      const out = tmp();
      const cacheDir = tmp();
      const env = { ALOE_TEST_KEY: canary };
      const ok = await runCli([...args(leaky.url, out, ['--api-key-env', 'ALOE_TEST_KEY', '--cache-dir', cacheDir, '--max-retries', '0'])], env);
      // a server that refuses the key and echoes what it was sent
      const strict = await startFakeOpenAI({ models: ['m'], apiKey: 'sk-another', errorBodyExtra: ` (you sent Bearer ${canary})` });
      const wrong = await runCli(args(strict.url, tmp(), ['--cache-dir', cacheDir]), { OPENAI_API_KEY: canary });
      await strict.close();
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(/refused the API key .*Bearer \*\*\*/);
      expect(leaky.requests.some((q) => q.authorization === `Bearer ${canary}`)).toBe(true);
      const printed = ok.stdout + ok.stderr + wrong.stdout + wrong.stderr;
      expect(printed).not.toContain(canary);
      for (const file of [...filesUnder(out), ...filesUnder(cacheDir)]) {
        expect(readFileSync(file, 'utf8'), file).not.toContain(canary);
      }
      // errors (500 with the key echoed in the body) were recorded, redacted
      const records = readRunDir(runDirs(out)[0]).samples;
      expect(records.some((s) => s.error?.message.includes('***'))).toBe(true);
    } finally {
      await leaky.close();
    }
  });

  test('a corrupted cache entry is reported with its path, ignored and rewritten — never a wrong score', async () => {
    const cacheDir = tmp();
    expect((await runCli(args(clean.url, tmp(), ['--cache-dir', cacheDir]))).code).toBe(0);
    const entries = filesUnder(join(cacheDir, 'responses'));
    writeFileSync(entries[0], '{"key": "garbage", "result": {"text": "Answer: D"}}');
    writeFileSync(entries[1], 'not json at all');
    const out = tmp();
    const r = await runCli(args(clean.url, out, ['--cache-dir', cacheDir]));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`ignoring corrupted cache entry ${entries[0]}`);
    expect(r.stderr).toContain(`ignoring corrupted cache entry ${entries[1]}`);
    expect(readRunDir(runDirs(out)[0]).run.results).toEqual(reference);
    expect(JSON.parse(readFileSync(entries[1], 'utf8')).key).toMatch(/^[0-9a-f]{64}$/);
  });

  test('an unwritable results folder fails before any request is sent', async () => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits: use a path below a regular file instead
      const file = join(tmp(), 'a-file');
      writeFileSync(file, '');
      const before = clean.requests.length;
      const r = await runCli(args(clean.url, join(file, 'results')));
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toMatch(/cannot write results to .*a-file\/results.*fix --out/);
      expect(clean.requests.length).toBe(before);
      return;
    }
    const dir = tmp();
    mkdirSync(join(dir, 'ro'));
    chmodSync(join(dir, 'ro'), 0o500);
    const r = await runCli(args(clean.url, join(dir, 'ro')));
    expect(r.code).toBe(2);
    expect(statSync(join(dir, 'ro')).isDirectory()).toBe(true);
  });
});
