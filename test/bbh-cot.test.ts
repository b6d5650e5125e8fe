/**
 * bbh-cot: lm-eval's bbh_cot_fewshot protocol. The prompts against the BBH repository's own CoT
 * prompt files, the "the answer is" extraction, and a run through the built CLI with
 * `--strategy lm-eval-gen` against a fake server that writes chains of thought.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSuites, loadBenchmark } from '../src/datasets/index.js';
import { readRun, runDirsUnder } from '../src/results/read-run.js';
import { answerExactMatchScorer, extractAnswer } from '../src/scorers/answer-exact-match.js';
import { BBH_COT } from '../src/strategies/lm-eval/bbh-cot-fewshot.js';
import { cutAtStop } from '../src/strategies/lm-eval/gen.js';
import { lmEvalPrompt } from '../src/strategies/lm-eval/prompt.js';
import { lmEvalTaskFor } from '../src/strategies/lm-eval/tasks.js';
import type { Sample } from '../src/types/sample.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/dataset-fixtures.js';
import { startFakeOpenAI, type FakeOpenAI } from './helpers/fake-openai.js';
import { buildLeaderboardMirror, hasSharedBbh, sharedBbh } from './helpers/leaderboard-mirror.js';

const ids = Object.keys(BBH_COT).map((t) => `bbh-cot-${t.replace(/_/g, '-')}`);

describe('answer extraction (lm-eval regex "(?<=the answer is )(.*)(?=.)", take_first, strip)', () => {
  it.each([
    ['… So the answer is (B).', '(B)'],
    ['So the answer is False.', 'False'],
    ['So the answer is ] ].', '] ]'],
    ['the answer is 12.\nThen the answer is 13.', '12'], // the first match
    ['So the answer is (B)', '(B'], // the last character is dropped, full stop or not
    ['So The Answer Is (B).', '[invalid]'], // case counts
    ['no conclusion', '[invalid]'],
    ['', '[invalid]'],
  ])('%j → %j', (text, answer) => {
    expect(extractAnswer(text)).toBe(answer);
  });

  it('scores 1 only on an exact, case-sensitive match of the reference; no answer is unparsed', () => {
    const sample: Sample = { id: 'x', benchmark: 'bbh-cot-navigate', kind: 'open', question: 'q', references: ['Yes'], metadata: {} };
    expect(answerExactMatchScorer.score({ text: 'So the answer is Yes.', attempts: [] }, sample)).toEqual({ value: 1, correct: true, unparsed: false });
    expect(answerExactMatchScorer.score({ text: 'So the answer is yes.', attempts: [] }, sample).value).toBe(0);
    expect(answerExactMatchScorer.score({ text: '', attempts: [] }, sample)).toEqual({ value: 0, correct: false, unparsed: true });
  });

  it('generations are cut at the first stop sequence ("</s>", "Q", "\\n\\n"), as lm-eval cuts them', () => {
    expect(cutAtStop('A then B. So the answer is B.\n\nQ: next', ['</s>', 'Q', '\n\n'])).toBe('A then B. So the answer is B.');
    expect(cutAtStop('no stop', ['</s>', 'Q', '\n\n'])).toBe('no stop');
  });
});

describe.skipIf(!hasSharedBbh)('bbh-cot prompts on the real BBH rows', () => {
  let mirror: string;
  beforeAll(() => {
    mirror = buildLeaderboardMirror();
  });
  afterAll(() => rmSync(mirror, { recursive: true, force: true }));

  it('the suite is all 27 tasks, 6,511 examples at their official counts', async () => {
    expect(getSuites()['bbh-cot']).toEqual(ids);
    let total = 0;
    for (const id of ids) {
      const { spec, samples } = await loadBenchmark(id, { dataDir: mirror, offline: true, lockFile: false, log: () => {} });
      expect(samples.length, id).toBe(spec.splits.test.rows);
      total += samples.length;
    }
    expect(total).toBe(6511);
  });

  it("each prompt is the BBH repo's CoT prompt file, then \"\\n\\nQ: {input}\\nA: Let's think step by step.\\n\" (sports_understanding: lm-eval puts a newline where the file has a space)", async () => {
    for (const id of ids) {
      const task = lmEvalTaskFor(id);
      const name = id.slice('bbh-cot-'.length).replace(/-/g, '_');
      const { samples } = await loadBenchmark(id, { dataDir: mirror, offline: true, lockFile: false, log: () => {} });
      const shots = task.fewshot.sampler === 'fixed' ? task.fewshot.shots : [];
      let file = readFileSync(join(sharedBbh, 'cot-prompts', `${name}.txt`), 'utf8').split('-----\n')[1].replace(/\n+$/, '');
      if (name === 'sports_understanding') file = file.split("A: Let's think step by step. ").join("A: Let's think step by step.\n");
      const prompt = lmEvalPrompt(samples[0], shots);
      expect(prompt.context, id).toBe(`${file}\n\nQ: ${samples[0].question}\nA: Let's think step by step.\n`);
      expect(prompt.choices).toEqual([]);
    }
  });
});

describe.skipIf(!hasSharedBbh)('aloe-eval run --benchmarks bbh-cot-… --strategy lm-eval-gen', () => {
  let mirror: string;
  let server: FakeOpenAI;
  let work: string;
  beforeAll(async () => {
    mirror = buildLeaderboardMirror();
    // Always concludes "False", then runs on past a blank line (the stop sequence must cut it).
    server = await startFakeOpenAI({ models: ['aloe-test'], reply: () => 'Let us see. So the answer is False.\n\nQ: and more' });
    work = tempDir();
  });
  afterAll(async () => {
    await server.close();
    rmSync(mirror, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('sends the CoT prompt with the stop sequences, scores exact_match of the extracted answer', async () => {
    const out = join(work, 'results');
    const base = ['run', '--benchmarks', 'bbh-cot-boolean-expressions', '--limit', '6', '--data-dir', mirror, '--offline', '--endpoint', server.url, '--out', out, '--no-cache', '--no-report', '--progress', 'none'];
    const r = await runCli([...base, '--strategy', 'lm-eval-gen'], {}, work);
    expect(r.code, r.stderr).toBe(0);
    const { run, samples } = readRun(runDirsUnder(out)[0]);
    const gold = samples.map((s) => s.references![0]);
    expect(run.results['bbh-cot-boolean-expressions'].metric).toBe('exact_match');
    expect(run.results['bbh-cot-boolean-expressions'].value).toBeCloseTo(gold.filter((g) => g === 'False').length / 6, 12);
    for (const s of samples) expect(s.text).toBe('Let us see. So the answer is False.');
    const sent = server.requests.filter((q) => q.path.endsWith('/completions')).at(-1)!.body;
    expect(sent.stop).toEqual(['</s>', 'Q', '\n\n']);
    expect(sent.max_tokens).toBe(1024);
    expect(String(sent.prompt)).toMatch(/^Evaluate the result of a random Boolean expression\.\n\nQ: not \( \( not not True \) \) is\nA: Let's think step by step\.\nRemember/);

    const refused = await runCli([...base, '--strategy', 'loglik'], {}, work);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(/^aloe-eval: benchmark "bbh-cot-boolean-expressions" is a generation task \(bbh_cot_fewshot_boolean_expressions\); --strategy loglik scores choices — use --strategy lm-eval-gen for it$/);
  });
});
