/**
 * OpenMedQA from the real prompt_engine file (../shared/datasets/openmedqa), downloaded through
 * the GitHub source route of a fake raw-GitHub server and checked against its sha256 pin.
 */
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBenchmark, loadBenchmark } from '../src/datasets/index.js';
import { scorerFor } from '../src/scorers/registry.js';
import { readRun, runDirsUnder } from '../src/results/read-run.js';
import { runCli, sharedDir } from './helpers/cli.js';
import { fakeHubLoadOptions, tempDir } from './helpers/dataset-fixtures.js';
import { startFakeHub, type FakeHub } from './helpers/fake-hub.js';
import { startFakeOpenAI } from './helpers/fake-openai.js';

const realFile = join(sharedDir, 'datasets', 'openmedqa', 'openmedqa_test.prompt_engine.json');
const COMMIT = '21e68bdd4976243e499dcab0f37bff9a2b3745b5';
const PATH = 'prompt_engine/datasets/openmedqa/openmedqa_test.json';

/** A raw-GitHub mirror folder holding `file` where prompt_engine keeps OpenMedQA. */
function mirrorWith(file: string | null, text?: string): string {
  const root = tempDir('aloe-openmedqa-');
  const dir = join(root, 'github', 'HPAI-BSC', 'prompt_engine', COMMIT, 'prompt_engine', 'datasets', 'openmedqa');
  mkdirSync(dir, { recursive: true });
  if (file) symlinkSync(file, join(dir, 'openmedqa_test.json'));
  else writeFileSync(join(dir, 'openmedqa_test.json'), text!);
  return root;
}

describe('openmedqa benchmark spec', () => {
  it('is an open task scored by ROUGE, pinned to a prompt_engine commit and the file sha256', () => {
    const spec = getBenchmark('openmedqa');
    expect(spec.kind).toBe('open');
    expect(spec.metric).toBe('rouge');
    expect(spec.source).toEqual({ type: 'github', repo: 'HPAI-BSC/prompt_engine', commit: COMMIT });
    expect(spec.splits.test.files).toEqual([expect.objectContaining({ path: PATH, sha256: '4208ec10f8ecaea7d038de917bc9c0fd667f6318d83944abe73b9c6027cd90a3' })]);
    expect(spec.splits.test.rows).toBe(1272);
  });

  it('refuses a file that does not match the pinned sha256, naming the file', async () => {
    const root = mirrorWith(null, JSON.stringify({ 'u-1': { id: 'medqa_4opt_test_0', question: 'Q?', correct_answer: 'A' } }));
    const hub = await startFakeHub(root);
    const work = tempDir();
    try {
      await expect(loadBenchmark('openmedqa', fakeHubLoadOptions(hub, work))).rejects.toThrow(/openmedqa_test\.json.*sha256/);
    } finally {
      await hub.close();
      rmSync(root, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!existsSync(realFile))('openmedqa from the real prompt_engine file', () => {
  let root: string;
  let work: string;
  let hub: FakeHub;

  beforeAll(async () => {
    root = mirrorWith(realFile);
    hub = await startFakeHub(root);
    work = tempDir();
  });
  afterAll(async () => {
    await hub?.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('loads its 1,272 rows with MedQA test ids, questions and gold answers, in file order', async () => {
    const { samples, provenance } = await loadBenchmark('openmedqa', fakeHubLoadOptions(hub, work));
    expect(samples).toHaveLength(1272);
    expect(provenance).toMatchObject({ repo: 'HPAI-BSC/prompt_engine', revision: COMMIT });
    expect(new Set(samples.map((s) => s.id)).size).toBe(1272);
    expect(samples[0].id).toBe('medqa_4opt_test_0');
    expect(samples[0].kind).toBe('open');
    expect(samples[0].question).toMatch(/^A junior orthopaedic surgery resident is completing a carpal tunnel repair/);
    expect(samples[0].references).toEqual(['Tell the attending that he cannot fail to disclose this mistake']);
    expect(samples[5].references).toEqual(['Reassurance and continuous monitoring']);
    // MedQA test row 454 has no rewrite: 0…1272 less one.
    const numbers = new Set(samples.map((s) => Number(s.id.split('_').pop())));
    expect([...Array(1273).keys()].filter((n) => !numbers.has(n))).toEqual([454]);
    expect(samples.every((s) => s.question.length > 0 && s.references![0].length > 0)).toBe(true);
  });

  it('scores ROUGE-1 against the gold answer: the gold text scores 1, a partial answer its unigram F1', async () => {
    const { samples } = await loadBenchmark('openmedqa', fakeHubLoadOptions(hub, work));
    const rouge = await scorerFor('rouge');
    const sample = samples[5]; // "Reassurance and continuous monitoring"
    expect(rouge.score({ text: 'Reassurance and continuous monitoring', attempts: [] }, sample).value).toBe(1);
    // 2 of 4 reference unigrams in a 2-word answer: P = 1, R = 0.5, F = 2/3.
    expect(rouge.score({ text: 'continuous monitoring', attempts: [] }, sample).value).toBeCloseTo(2 / 3, 10);
    expect(rouge.score({ text: '', attempts: [] }, sample).value).toBe(0);
  });

  it('with --judge-endpoint, the correctness verdicts are scores.judge_correctness and their mean is in run.json, beside ROUGE', async () => {
    const { samples } = await loadBenchmark('openmedqa', fakeHubLoadOptions(hub, work));
    const first = samples.slice(0, 6);
    const model = await startFakeOpenAI({ models: ['aloe'], reply: () => 'Reassurance and continuous monitoring' });
    // The judge says "equivalent" when the gold answer has an even number of characters, and
    // answers garbage for the sixth question: a judge error that scores 0.
    const judge = await startFakeOpenAI({
      models: ['judge'],
      reply: (body) => {
        const prompt = String(body.messages?.at(-1)?.content ?? '');
        const gold = /GOLD ANSWER: "([\s\S]*?)"\n/.exec(prompt)![1];
        if (gold === first[5].references![0]) return 'I cannot decide.';
        return `#reason: compared.\n#score: ${gold.length % 2 === 0 ? 1 : 0}`;
      },
    });
    const out = join(work, 'judged');
    try {
      const r = await runCli(['run', '--benchmarks', 'openmedqa', '--limit', '6', '--data-dir', root, '--endpoint', model.url, '--judge-endpoint', judge.url, '--out', out, '--no-cache', '--no-report', '--progress', 'none']);
      expect(r.code, r.stderr).toBe(0);
      const { run, samples: records } = readRun(runDirsUnder(out)[0]);
      const expected = first.map((s, i) => (i < 5 && s.references![0].length % 2 === 0 ? 1 : 0));
      // samples.jsonl is in completion order: read it back in question order.
      const byId = new Map(records.map((rec) => [rec.id, rec]));
      expect(first.map((s) => byId.get(s.id)?.scores?.judge_correctness)).toEqual(expected);
      expect(byId.get(first[5].id)?.judge?.verdict).toBeNull();
      const result = run.results.openmedqa;
      expect(result.metric).toBe('rouge1');
      expect(result.metrics?.judge_correctness.value).toBeCloseTo(expected.reduce((a, b) => a + b, 0) / 6, 12);
      expect(result.metrics?.judge_correctness.ci95).toHaveLength(2);
    } finally {
      await model.close();
      await judge.close();
    }
  });
});

