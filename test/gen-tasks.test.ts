/**
 * Issue 16 (IFEval, MATH Lvl 5): generation benchmarks of kind `gen`, run end to end through the
 * built CLI against a fake OpenAI-compatible server, data read from Hub-layout folders.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchmark } from '../src/datasets/index.js';
import { genRequest } from '../src/strategies/lm-eval/gen-task.js';
import type { RunFile, SampleRecord } from '../src/types/results.js';
import { runCli, sharedDir } from './helpers/cli.js';
import { buildFixtureMirror, fakeHubLoadOptions, tempDir } from './helpers/dataset-fixtures.js';
import { startFakeHub } from './helpers/fake-hub.js';
import { startFakeOpenAI, type ChatBody } from './helpers/fake-openai.js';

let mirror: string;
beforeAll(() => {
  mirror = buildFixtureMirror();
});
afterAll(() => rmSync(mirror, { recursive: true, force: true }));

describe('math-hard data (synthetic rows in the MATH-lighteval layout, through the fake Hub)', () => {
  it('keeps the level-5 rows, with the last \\boxed{} of the solution as the gold answer', async () => {
    const hub = await startFakeHub(mirror);
    const work = tempDir();
    const lines: string[] = [];
    try {
      const { samples, provenance } = await loadBenchmark('math-hard', { ...fakeHubLoadOptions(hub, work), log: (l) => lines.push(l) });
      expect(samples.map((s) => [s.id, s.kind, s.references, s.metadata.subject])).toEqual([
        ['test-0', 'gen', ['50'], 'Prealgebra'],
        ['test-2', 'gen', ['7'], 'Algebra'],
        ['test-3', 'gen', ['6'], 'Counting & Probability'],
      ]);
      expect(provenance.repo).toBe('DigitalLearningGmbH/MATH-lighteval');
      expect(samples.every((s) => s.context === undefined && !s.question.includes('boxed'))).toBe(true); // the solution never reaches a prompt
      expect(lines.join('\n')).toContain('the official count is 1324');
    } finally {
      await hub.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
});

const realIfeval = join(sharedDir, 'datasets', 'ifeval', 'input_data.jsonl');
describe.skipIf(!existsSync(realIfeval))('ifeval data (the real 541 prompts laid out as google/IFEval)', () => {
  it('loads 541 samples with their instructions, ids from "key"', async () => {
    const dir = tempDir();
    try {
      mkdirSync(join(dir, 'google', 'IFEval'), { recursive: true });
      copyFileSync(realIfeval, join(dir, 'google', 'IFEval', 'ifeval_input_data.jsonl'));
      const { samples } = await loadBenchmark('ifeval', { dataDir: dir, offline: true, lockFile: false, log: () => {} });
      expect(samples).toHaveLength(541);
      expect(samples[0].id).toBe('1000');
      expect(samples[0].instructions?.map((i) => i.id)).toEqual(['punctuation:no_comma', 'detectable_format:number_highlighted_sections', 'length_constraints:number_words']);
      expect(samples.reduce((n, s) => n + (s.metadata.instructions as number), 0)).toBe(samples.flatMap((s) => s.instructions!).length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the minerva prompt, both API shapes', () => {
  const sample = { id: 'x', benchmark: 'math-hard', kind: 'gen' as const, question: 'What is $1+1$?', metadata: {} };
  it('chat: the 4 fixed examples as user/assistant turns, no system prompt', () => {
    const r = genRequest(sample, { api: 'chat', task: { benchmark: 'math-hard', prompt: 'gen/minerva-math' } });
    if (!('messages' in r)) throw new Error('expected messages');
    expect(r.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(r.messages[0].content).toBe('Problem:\nFind the domain of the expression  $\\frac{\\sqrt{x-2}}{\\sqrt{5-x}}$.}\n\nSolution:');
    expect(r.messages[1].content.endsWith('Final Answer: The final answer is $[2,5)$. I hope it is correct.')).toBe(true);
    expect(r.messages[8].content).toBe('Problem:\nWhat is $1+1$?\n\nSolution:');
  });
  it('completions: lm-eval\'s text, target after one space, examples separated by a blank line', () => {
    const r = genRequest(sample, { api: 'completions', task: { benchmark: 'math-hard', prompt: 'gen/minerva-math' } });
    if (!('prompt' in r)) throw new Error('expected a prompt');
    expect(r.prompt.startsWith('Problem:\nFind the domain')).toBe(true);
    expect(r.prompt).toContain('\n\nSolution: The expressions inside each square root');
    expect(r.prompt).toContain('I hope it is correct.\n\nProblem:\nIf $\\det');
    expect(r.prompt.endsWith('I hope it is correct.\n\nProblem:\nWhat is $1+1$?\n\nSolution:')).toBe(true);
  });
});

/** The fake model: answers that follow (or not) each synthetic prompt's instructions, and MATH final answers. */
function reply(body: ChatBody): string {
  const user = body.messages!.at(-1)!.content;
  if (user.includes('lighthouse')) return '"The keeper wakes early and climbs the stairs"';
  if (user.includes('copper')) return 'Here you go:\n* metal wire\n* metal pots\n* coins';
  if (user.includes('rain')) return 'Rain Poem:\nsoft rain on the roof\nthe street is wet and calm'; // lower case only without the first line
  if (user.includes('7 \\cdot 8')) return 'Multiply first.\nFinal Answer: The final answer is $50$. I hope it is correct.';
  if (user.includes('x^2 = 49')) return 'So\nFinal Answer: The final answer is $x = 7$. I hope it is correct.';
  if (user.includes('3 books')) return 'Final Answer: The final answer is 5. I hope it is correct.';
  return '';
}

describe('aloe-eval run --benchmarks ifeval,math-hard (built CLI, fake server)', () => {
  it('asks greedily with the benchmarks\' limits and records the leaderboard metrics', async () => {
    const server = await startFakeOpenAI({ models: ['m'], reply });
    const out = tempDir('aloe-gen-');
    try {
      const r = await runCli(['run', '--benchmarks', 'ifeval,math-hard', '--data-dir', mirror, '--endpoint', server.url, '--out', out, '--no-report', '--no-cache', '--progress', 'none']);
      expect(r.code, r.stderr).toBe(0);
      const dir = join(out, readdirSync(out)[0]);
      const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile;
      const records = readFileSync(join(dir, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleRecord);

      const ifeval = run.results.ifeval;
      expect([ifeval.metric, ifeval.value, ifeval.n]).toEqual(['prompt_level_strict_acc', 2 / 3, 3]);
      expect(ifeval.metrics!.prompt_level_loose_acc.value).toBe(1);
      expect(ifeval.metrics!.inst_level_strict_acc.value).toBeCloseTo(4 / 5, 12); // 2 + 2 + 0 of 5 instructions
      expect(ifeval.metrics!.inst_level_loose_acc.value).toBeCloseTo(1, 12);
      const math = run.results['math-hard'];
      expect([math.metric, math.value, math.n]).toEqual(['exact_match', 2 / 3, 3]);
      expect(math.groups?.subject.Algebra.value).toBe(1);

      const ifevalRec = records.find((x) => x.benchmark === 'ifeval' && x.id === '7003')!;
      expect(ifevalRec.text).toBe(reply({ model: 'm', messages: [{ role: 'user', content: 'rain' }] }));
      expect(ifevalRec.attempts[0].messages).toEqual([{ role: 'user', content: expect.stringContaining('two-line poem about rain') }]);
      const requests = server.requests.map((q) => q.body as ChatBody).filter((b) => b.messages);
      const ifevalReq = requests.find((b) => b.messages!.at(-1)!.content.includes('rain'))!;
      const mathReq = requests.find((b) => b.messages!.at(-1)!.content.includes('3 books'))!;
      expect([ifevalReq.temperature, ifevalReq.max_tokens, ifevalReq.messages!.length]).toEqual([0, 1280, 1]);
      expect([mathReq.temperature, mathReq.max_tokens, mathReq.stop, mathReq.messages!.length]).toEqual([0, 1024, ['Problem:'], 9]);
    } finally {
      await server.close();
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('--strategy lm-eval-gen asks them the same way (the lm-eval strategies hand gen samples over)', async () => {
    const server = await startFakeOpenAI({ models: ['m'], reply });
    const out = tempDir('aloe-gen-');
    try {
      const r = await runCli(['run', '--benchmarks', 'math-hard', '--strategy', 'lm-eval-gen', '--data-dir', mirror, '--endpoint', server.url, '--out', out, '--no-report', '--no-cache', '--progress', 'none']);
      expect(r.code, r.stderr).toBe(0);
      const dir = join(out, readdirSync(out)[0]);
      const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile;
      expect([run.results['math-hard'].metric, run.results['math-hard'].value]).toEqual(['exact_match', 2 / 3]);
      const records = readFileSync(join(dir, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleRecord);
      expect(records.map((x) => x.details?.lmEvalTask)).toEqual(['leaderboard_math_hard', 'leaderboard_math_hard', 'leaderboard_math_hard']);
      expect(server.requests.filter((q) => q.body.messages).every((q) => q.body.messages!.length === 9 && q.body.temperature === 0)).toBe(true);
    } finally {
      await server.close();
      rmSync(out, { recursive: true, force: true });
    }
  });
});
