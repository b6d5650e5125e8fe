/**
 * Issue 12 §1: a response that breaks after its headers (reset mid-body, a stall, a truncated
 * body) is a connection failure or a timeout that is retried — never a sample lost as "unknown".
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { endpointTarget } from '../src/endpoint/endpoint-url.js';
import { classifyError } from '../src/endpoint/errors.js';
import { openEndpoint } from '../src/endpoint/endpoint.js';
import { Transport } from '../src/endpoint/transport.js';
import { loadBenchmark } from '../src/datasets/index.js';
import type { RunFile, SampleRecord } from '../src/types/results.js';
import { hasShared, runCli, sharedHub } from './helpers/cli.js';
import { startFakeOpenAI, type FakeOpenAI } from './helpers/fake-openai.js';
import { scriptedMcqaModel } from './helpers/scripted-model.js';

type Behaviour = 'ok' | 'reset-body' | 'stall-body' | 'truncated' | 'not-json';

const completion = (text: string) =>
  JSON.stringify({
    id: 'c', object: 'chat.completion', created: 0, model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });

/** A server of our own: each chat request takes the next behaviour from the script (then "ok"). */
async function startCuttingServer(script: Behaviour[]) {
  let chats = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model', created: 0, owned_by: 'x' }] }));
      }
      const behaviour = script[chats++] ?? 'ok';
      const body = completion(`answer ${chats}`);
      if (behaviour === 'ok') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(body);
      }
      if (behaviour === 'not-json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('<html>bad gateway</html>');
      }
      if (behaviour === 'truncated') {
        // A complete HTTP response whose JSON stops half-way (no content-length to betray it).
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(body.slice(0, body.length / 2));
      }
      // Status line, headers (announcing the full length) and half the body, then reset or silence.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.write(body.slice(0, body.length / 2));
      if (behaviour === 'reset-body') setTimeout(() => res.socket?.destroy(), 10);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    url,
    chats: () => chats,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const ask = { messages: [{ role: 'user' as const, content: 'q' }], maxTokens: 8 };
const endpointAt = (url: string, maxRetries: number, timeoutMs = 5000) =>
  openEndpoint({
    urls: [url], apiKey: 'k', apiKeyEnv: 'ALOE_API_KEY', timeoutMs, concurrency: 2,
    retry: { maxRetries, initialDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 }, cacheDir: null, warn: () => {},
  });

describe('a body that breaks is classified by what broke it', () => {
  test.each<[Behaviour, string]>([
    ['reset-body', 'connection'],
    ['truncated', 'connection'],
    ['not-json', 'bad-response'],
  ])('%s → %s (retryable)', async (behaviour, kind) => {
    const server = await startCuttingServer([behaviour]);
    try {
      const transport = new Transport({ target: endpointTarget(server.url, { flag: '--endpoint', apiKey: 'k' }), timeoutMs: 5000 });
      const thrown = await transport.generate('m', ask).then(() => null, (e: unknown) => e);
      expect(thrown).not.toBeNull();
      const failure = classifyError(thrown);
      expect(failure.kind).toBe(kind);
      expect(failure.retryable).toBe(true);
    } finally {
      await server.close();
    }
  });

  test("undici's own error for a socket closed mid-body (raw SDK) is a connection failure", async () => {
    const server = await startCuttingServer(['reset-body']);
    try {
      const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
      const thrown = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'q' }] }).then(() => null, (e: unknown) => e);
      expect((thrown as Error).message).toBe('terminated');
      expect(classifyError(thrown)).toMatchObject({ kind: 'connection', retryable: true });
    } finally {
      await server.close();
    }
  });

  test('what really is unknown stays unknown and is not retried', () => {
    const failure = classifyError(new Error('something nobody expected'));
    expect(failure.kind).toBe('unknown');
    expect(failure.retryable).toBe(false);
  });
});

describe('the endpoint retries a response cut after its headers', () => {
  test('headers and half a body, then the socket destroyed: retried, answered, counted as connection', async () => {
    const server = await startCuttingServer(['reset-body', 'reset-body']);
    try {
      const endpoint = await endpointAt(server.url, 4);
      const result = await endpoint.generate(ask);
      expect(result.text).toBe('answer 3');
      expect(endpoint.stats.failures).toEqual({ connection: 2 });
      expect(server.chats()).toBe(3);
    } finally {
      await server.close();
    }
  });

  test('with no retries left the sample fails as connection, never unknown', async () => {
    const server = await startCuttingServer(['reset-body']);
    try {
      const endpoint = await endpointAt(server.url, 0);
      const failure = await endpoint.generate(ask).then(() => null, (e: { kind: string; message: string }) => e);
      expect(failure?.kind).toBe('connection');
      expect(failure?.message).toMatch(/closed while reading the response/);
    } finally {
      await server.close();
    }
  });

  test('headers, half a body, then silence: the timeout covers the body and the retry answers', async () => {
    const server = await startCuttingServer(['stall-body']);
    try {
      const endpoint = await endpointAt(server.url, 2, 300);
      const result = await endpoint.generate(ask);
      expect(result.text).toBe('answer 2');
      expect(endpoint.stats.failures).toEqual({ timeout: 1 });
    } finally {
      await server.close();
    }
  });
});

const N = 400;
const tmp = () => mkdtempSync(join(tmpdir(), 'aloe-faultmix-'));
const runArgs = (url: string, out: string, extra: string[] = []) => [
  'run', '--benchmarks', 'medqa', '--limit', String(N), '--data-dir', sharedHub, '--endpoint', url, '--out', out,
  '--no-report', '--no-cache', '--progress', 'none', '--history', join(out, 'history.jsonl'), ...extra,
];
function readOnlyRun(out: string): { run: RunFile; samples: SampleRecord[] } {
  const [name] = readdirSync(out, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  const dir = join(out, name);
  const samples = readFileSync(join(dir, 'samples.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SampleRecord);
  return { run: JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile, samples };
}

describe.skipIf(!hasShared)('the fault mix of issue 12 on 400 real MedQA questions', () => {
  let clean: FakeOpenAI;
  let faulty: FakeOpenAI;
  let reply: ReturnType<typeof scriptedMcqaModel>;

  beforeAll(async () => {
    const samples = (await loadBenchmark('medqa', { dataDir: sharedHub })).samples.slice(0, N);
    reply = scriptedMcqaModel(samples, 0.6);
    clean = await startFakeOpenAI({ models: ['m'], reply });
    // Faults on every try (not only the first ones), as a real flaky server; the draw is a hash of
    // the try number and the request, so the same run gets the same faults each time.
    faulty = await startFakeOpenAI({
      models: ['m'], reply, faultyTries: 1000,
      faults: { '429': 0.05, '500': 0.05, 'reset-body': 0.03, hang: 0.01, garbage: 0.02 },
    });
  });
  afterAll(async () => {
    await clean?.close();
    await faulty?.close();
  });

  test('default retries: 400 of 400 scored, 0 errors, the clean results; the retried kinds are printed', async () => {
    const cleanOut = tmp();
    expect((await runCli(runArgs(clean.url, cleanOut))).code).toBe(0);
    const out = tmp();
    // Short timeout so the hangs cost half a second each; retries and backoff are the defaults.
    const r = await runCli(runArgs(faulty.url, out, ['--timeout', '0.5']));
    expect(r.stderr).toMatch(/failed tries .*connection \d+/);
    expect(r.code).toBe(0);
    const { run, samples } = readOnlyRun(out);
    expect(samples).toHaveLength(N);
    expect(samples.filter((s) => s.error)).toEqual([]);
    expect(run.results.medqa.errors).toBe(0);
    expect(run.results).toEqual(readOnlyRun(cleanOut).run.results);
  }, 120_000);
});
