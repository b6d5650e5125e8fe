/**
 * The core loop (runner/execute-run.ts) in process, with a strategy of the test's own: when a
 * sample's answer comes in, the next sample is asked before the answered one is written.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { executeRun } from '../src/runner/execute-run.js';
import type { Strategy } from '../src/strategies/strategy.js';
import { RUN_SCHEMA, type RunFile } from '../src/types/results.js';
import type { Sample } from '../src/types/sample.js';
import { tempDir } from './helpers/dataset-fixtures.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const samples: Sample[] = ['q1', 'q2', 'q3'].map((id) => ({
  id,
  benchmark: 'synthetic',
  kind: 'mcqa',
  question: `question ${id}`,
  options: [{ key: 'A', text: 'yes' }, { key: 'B', text: 'no' }],
  answer: 'A',
  metadata: {},
}));

function runFile(): RunFile {
  return {
    schema: RUN_SCHEMA,
    runId: 'r',
    status: 'running',
    spec: { benchmarks: ['synthetic'], strategy: { name: 'probe', options: {} }, model: 'm', temperature: 0, maxTokens: 16, seed: 1234, concurrency: 1, timeoutS: 60, api: 'chat' },
    provenance: { aloeEvalVersion: 'test', servedModel: 'm', endpointHosts: [], datasets: {}, prompts: {}, startedAt: new Date(0).toISOString(), node: process.version },
    usage: { calls: 0, promptTokens: 0, completionTokens: 0, cachedCalls: 0 },
    results: {},
  };
}

describe('executeRun', () => {
  it('one slot: each next sample is asked before the answered one is written, and every sample is written', async () => {
    const dir = tempDir('aloe-execute-');
    dirs.push(dir);
    const file = join(dir, 'samples.jsonl');
    writeFileSync(file, '');
    const linesWhenAsked: number[] = [];
    const strategy: Strategy = {
      name: 'probe',
      kinds: ['mcqa'],
      async solve() {
        linesWhenAsked.push(readFileSync(file, 'utf8').split('\n').filter(Boolean).length);
        return { answer: 'A', attempts: [] };
      },
    };
    const { run } = await executeRun({
      dir,
      run: runFile(),
      tasks: [{ id: 'synthetic', metric: 'accuracy', groups: [], prompt: '', samples }],
      createStrategy: () => strategy,
      context: { generate: async () => ({ text: '', usage: { promptTokens: 0, completionTokens: 0 }, latencyMs: 0 }), seed: 1234, temperature: 0, maxTokens: 16, api: 'chat', systemPrompt: '', options: {}, log: () => {} },
      concurrency: 1,
      budget: {},
      suites: {},
      done: new Map(),
      reporters: [],
      stopSignal: { stopped: false },
    });
    // Written first, the previous answer would be on disk when the next question is asked: 0, 1, 2.
    expect(linesWhenAsked).toEqual([0, 0, 0]);
    expect(readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['q1', 'q2', 'q3']);
    expect(run.status).toBe('complete');
    expect(run.results.synthetic).toMatchObject({ value: 1, n: 3 });
  });
});
