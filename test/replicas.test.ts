/** Issue 9: several replicas of one model behind no load balancer. */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadBenchmark } from '../src/datasets/index.js';
import { openEndpoint } from '../src/endpoint/endpoint.js';
import { defaultRetryPolicy } from '../src/endpoint/retry.js';
import type { RunFile, SampleRecord } from '../src/types/results.js';
import { hasShared, runCli, sharedHub, startCli } from './helpers/cli.js';
import { startFakeOpenAI } from './helpers/fake-openai.js';
import { scriptedMcqaModel } from './helpers/scripted-model.js';

const LIMIT = 60;
const tmp = () => mkdtempSync(join(tmpdir(), 'aloe-replicas-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readOnlyRun(out: string): { run: RunFile; samples: SampleRecord[] } {
  const [dir] = readdirSync(out).map((d) => join(out, d));
  return {
    run: JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile,
    samples: readFileSync(join(dir, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleRecord),
  };
}

describe.skipIf(!hasShared)('--endpoint repeated: replicas', () => {
  const base = (out: string, urls: string[]) => [
    'run', '--benchmarks', 'medqa', '--limit', String(LIMIT), '--data-dir', sharedHub, '--out', out,
    '--no-report', '--no-cache', '--progress', 'none', '--concurrency', '4', ...urls.flatMap((u) => ['--endpoint', u]),
  ];

  test('the faster replica gets more of the work; every sample records who served it', async () => {
    const samples = (await loadBenchmark('medqa', { dataDir: sharedHub })).samples.slice(0, LIMIT);
    const fast = await startFakeOpenAI({ models: ['m'], reply: scriptedMcqaModel(samples, 0.5), latencyMs: 5, capacity: 4 });
    const slow = await startFakeOpenAI({ models: ['m'], reply: scriptedMcqaModel(samples, 0.5), latencyMs: 80, capacity: 4 });
    try {
      const out = tmp();
      const r = await runCli(base(out, [fast.url, slow.url]));
      expect(r.code, r.stderr).toBe(0);
      expect(fast.served + slow.served).toBe(LIMIT);
      expect(fast.served).toBeGreaterThan(2 * slow.served);
      const { run, samples: records } = readOnlyRun(out);
      expect(run.provenance.endpointHosts).toEqual([`127.0.0.1:${fast.port}`, `127.0.0.1:${slow.port}`]);
      expect(records.filter((s) => s.attempts[0].endpoint === `127.0.0.1:${slow.port}`)).toHaveLength(slow.served);
    } finally {
      await fast.close();
      await slow.close();
    }
  });

  test('killing one replica mid-run loses no sample: the others finish the run', async () => {
    const samples = (await loadBenchmark('medqa', { dataDir: sharedHub })).samples.slice(0, LIMIT);
    const servers = await Promise.all([10, 20, 30].map((latencyMs) => startFakeOpenAI({ models: ['m'], reply: scriptedMcqaModel(samples, 0.5), latencyMs, capacity: 2 })));
    try {
      const out = tmp();
      const { done } = startCli(base(out, servers.map((s) => s.url)));
      while (servers[0].served < 10) await sleep(20);
      await servers[0].kill();
      const r = await done;
      expect(r.code, r.stderr).toBe(0);
      const { run, samples: records } = readOnlyRun(out);
      expect(records).toHaveLength(LIMIT);
      expect(new Set(records.map((s) => s.id)).size).toBe(LIMIT);
      expect(records.filter((s) => s.error).map((s) => s.error)).toEqual([]);
      expect(run.results.medqa.n).toBe(LIMIT);
      expect(servers[1].served + servers[2].served).toBeGreaterThan(0);
    } finally {
      for (const s of servers) await s.close().catch(() => {});
    }
  });

  test('the preflight asks every replica at once: three /models requests are open together', async () => {
    // Each server holds its /models answer until all three requests have arrived (or 3 s passed):
    // asked one after another, the first would wait out the 3 s alone.
    let arrived = 0;
    let allThere: () => void = () => {};
    const together = new Promise<void>((resolve) => (allThere = resolve));
    const servers = await Promise.all([0, 1, 2].map(() => new Promise<Server>((resolve) => {
      const server = createServer(async (req, res) => {
        let waited = 'together';
        if (++arrived === 3) allThere();
        await Promise.race([together, new Promise((r) => setTimeout(() => r((waited = 'alone')), 3000))]);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: waited, object: 'model' }] }));
      });
      server.listen(0, '127.0.0.1', () => resolve(server));
    })));
    try {
      const urls = servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}/v1`);
      const endpoint = await openEndpoint({ urls, apiKey: '', apiKeyEnv: 'ALOE_API_KEY', timeoutMs: 10_000, concurrency: 1, retry: defaultRetryPolicy, cacheDir: null, warn: () => {} });
      expect(endpoint.servedModel).toBe('together');
    } finally {
      for (const s of servers) s.close();
    }
  });

  test('replicas serving different models are refused at preflight', async () => {
    const a = await startFakeOpenAI({ models: ['m'] });
    const b = await startFakeOpenAI({ models: ['other'] });
    try {
      const r = await runCli(base(tmp(), [a.url, b.url]));
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toMatch(new RegExp(`model "m" is not served by 127\\.0\\.0\\.1:${b.port}`));
    } finally {
      await a.close();
      await b.close();
    }
  });
});
