/**
 * Issue 2 and 9 targets: the whole pipeline (prompt, request, parse, score, write) against
 * fake servers in separate processes.
 *   1. zero latency, concurrency 64: samples/s (target ≥ 1,000 on 2 cores)
 *   2. fixed latency L, server capacity S: wall time vs N·L/S (target within 5%)
 *   3. three replicas vs one: wall time vs one third (target within 10%)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEndpoint } from '../src/endpoint/endpoint.js';
import { defaultRetryPolicy } from '../src/endpoint/retry.js';
import { executeRun } from '../src/runner/execute-run.js';
import { RUN_SCHEMA, type RunFile } from '../src/types/results.js';
import type { Sample } from '../src/types/sample.js';
import { createPlainStrategy } from '../src/strategies/plain.js';

function samples(n: number): Sample[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `q${i}`, benchmark: 'bench', kind: 'mcqa' as const,
    question: `Synthetic question number ${i}: which option is right?`,
    options: ['A', 'B', 'C', 'D'].map((key) => ({ key, text: `option ${key} of ${i}` })),
    answer: 'B', metadata: {},
  }));
}

async function startServer(latencyMs: number, capacity: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fake-server.ts'), String(latencyMs), String(capacity)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => child.stdout!.once('data', (d) => resolve(String(d).trim())));
  return { url, child };
}

async function timeRun(urls: string[], n: number, concurrency: number): Promise<number> {
  const endpoint = await openEndpoint({
    urls, apiKey: 'EMPTY', apiKeyEnv: 'OPENAI_API_KEY', timeoutMs: 60_000, concurrency,
    retry: defaultRetryPolicy, cacheDir: null, warn: () => {},
  });
  const dir = mkdtempSync(join(tmpdir(), 'aloe-bench-'));
  const run: RunFile = {
    schema: RUN_SCHEMA, runId: 'bench', status: 'running',
    spec: { benchmarks: ['bench'], strategy: { name: 'plain', options: {} }, model: 'bench', temperature: 0, maxTokens: 16, seed: 1, concurrency, timeoutS: 60, api: 'chat' },
    provenance: { aloeEvalVersion: 'bench', servedModel: 'bench', endpointHosts: [], datasets: {}, prompts: {}, startedAt: '', node: process.version },
    usage: { calls: 0, promptTokens: 0, completionTokens: 0, cachedCalls: 0 }, results: {},
  };
  const started = performance.now();
  const { run: done } = await executeRun({
    dir, run, tasks: [{ id: 'bench', metric: 'accuracy', groups: [], prompt: 'mcqa-plain', samples: samples(n) }],
    createStrategy: createPlainStrategy,
    context: { generate: endpoint.generate, seed: 1, temperature: 0, maxTokens: 16, api: 'chat', systemPrompt: 'You are a bench.', options: {}, log: () => {} },
    concurrency: concurrency * urls.length, budget: {}, suites: {}, done: new Map(), reporters: [], stopSignal: { stopped: false },
  });
  const seconds = (performance.now() - started) / 1000;
  if (done.results.bench.n !== n || done.results.bench.value !== 1) throw new Error('bench run lost or misscored samples');
  return seconds;
}

const fmt = (x: number) => x.toFixed(2);

// 1. throughput
{
  const { url, child } = await startServer(0, 0);
  await timeRun([url], 500, 64); // warm-up
  const n = 5000;
  const s = await timeRun([url], n, 64);
  console.log(`pipeline, zero-latency server, concurrency 64: ${n} samples in ${fmt(s)} s = ${Math.round(n / s)} samples/s (target ≥ 1000)`);
  child.kill('SIGTERM');
}

// 2. fixed latency L, capacity S, at the default concurrency (16 per endpoint)
{
  const L = 50, S = 8, n = 1000;
  const { url, child } = await startServer(L, S);
  const s = await timeRun([url], n, 16); // the default --concurrency
  const ideal = (n * L) / S / 1000;
  console.log(`fixed latency ${L} ms, server capacity ${S}: ${n} samples in ${fmt(s)} s vs N·L/S = ${fmt(ideal)} s (+${fmt(100 * (s / ideal - 1))}%, target ≤ 5%)`);
  child.kill('SIGTERM');
}

// 3. three replicas
{
  const L = 50, S = 4, n = 300;
  const servers = await Promise.all([0, 1, 2].map(() => startServer(L, S)));
  const one = await timeRun([servers[0].url], n, 16);
  const three = await timeRun(servers.map((x) => x.url), n, 16);
  console.log(`replicas (latency ${L} ms, capacity ${S} each): one ${fmt(one)} s, three ${fmt(three)} s = ${fmt(three / (one / 3))}× one third (target ≤ 1.10)`);
  for (const x of servers) x.child.kill('SIGTERM');
}
