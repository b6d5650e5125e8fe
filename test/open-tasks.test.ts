/** Issue 4: open-ended benchmarks generate text and are scored by ROUGE end to end. */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadBenchmark } from '../src/datasets/index.js';
import { scoreRougeMulti } from '../src/scorers/rouge-scorer.js';
import type { RunFile, SampleRecord } from '../src/types/results.js';
import { hasShared, runCli, sharedHub } from './helpers/cli.js';
import { startFakeOpenAI, type ChatBody } from './helpers/fake-openai.js';

describe.skipIf(!hasShared)('open tasks', () => {
  test('aci-bench with 2-shot prompts: every sample scored by ROUGE against its note', async () => {
    const test1 = (await loadBenchmark('aci-bench', { dataDir: sharedHub })).samples.slice(0, 6);
    const train = (await loadBenchmark('aci-bench', { dataDir: sharedHub }, 'train')).samples;
    // the "model" copies the first 60 words of its reference note, so ROUGE is known to be high but not 1
    const reply = (body: ChatBody) => {
      const user = body.messages!.at(-1)!.content;
      const hit = test1.find((s) => user.includes(s.question.slice(0, 200)));
      return hit ? hit.references![0].split(/\s+/).slice(0, 60).join(' ') : 'no idea';
    };
    const server = await startFakeOpenAI({ models: ['m'], reply });
    try {
      const out = mkdtempSync(join(tmpdir(), 'aloe-open-'));
      const r = await runCli(['run', '--benchmarks', 'aci-bench', '--limit', '6', '--fewshot', '2', '--data-dir', sharedHub, '--endpoint', server.url, '--out', out, '--no-report', '--no-cache', '--progress', 'none']);
      expect(r.code, r.stderr).toBe(0);
      const dir = join(out, readdirSync(out)[0]);
      const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile;
      const records = readFileSync(join(dir, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleRecord);
      expect(run.results['aci-bench'].metric).toBe('rouge1');
      expect(records).toHaveLength(6);
      for (const rec of records) {
        const expected = scoreRougeMulti(rec.text!, rec.references!).stemmed.rouge1.fmeasure;
        expect(rec.score).toBe(expected);
        expect(rec.score).toBeGreaterThan(0.1);
        expect(rec.scores?.rougeLsum).toBeGreaterThan(0);
        // two train examples as user/assistant turns, then the dialogue
        const messages = rec.attempts[0].messages!;
        expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
        expect(messages[2].content).toBe(train[0].references![0]);
      }
      const mean = records.reduce((n, x) => n + x.score, 0) / records.length;
      expect(run.results['aci-bench'].value).toBeCloseTo(mean, 12);
      expect(Object.keys(run.results['aci-bench'].metrics ?? {})).toEqual(expect.arrayContaining(['rouge2', 'rougeL', 'rougeLsum']));
    } finally {
      await server.close();
    }
  });
});
