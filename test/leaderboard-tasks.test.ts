/**
 * The Open LLM Leaderboard tasks: benchmark files and adapters on the real BBH and MMLU-Pro rows
 * (official counts) and on synthetic GPQA and MuSR rows in their Hub formats, and the prompts
 * `aloe-eval prompts` prints for them, byte for byte as lm-eval's leaderboard YAMLs build them.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSuites, loadBenchmark } from '../src/datasets/index.js';
import { gpqaPreprocess } from '../src/datasets/adapters/gpqa.js';
import { parsePythonStringList } from '../src/datasets/adapters/musr.js';
import { LEADERBOARD } from '../src/results/leaderboard.js';
import { parseGenerated } from '../src/strategies/lm-eval/gen.js';
import { LEADERBOARD_BBH } from '../src/strategies/lm-eval/leaderboard-bbh.js';
import { lmEvalPrompt } from '../src/strategies/lm-eval/prompt.js';
import { choicesFor, lmEvalTaskFor } from '../src/strategies/lm-eval/tasks.js';
import type { Sample } from '../src/types/sample.js';
import { runCli } from './helpers/cli.js';
import { buildLeaderboardMirror, hasSharedBbh, hasSharedMmluPro, musrFixture, sharedBbh } from './helpers/leaderboard-mirror.js';
import { sharedParquet } from './helpers/shared-hub.js';

let mirror: string;
beforeAll(() => {
  mirror = buildLeaderboardMirror();
});
afterAll(() => rmSync(mirror, { recursive: true, force: true }));

const load = (id: string, split?: string) => loadBenchmark(id, { dataDir: mirror, offline: true, lockFile: false, log: () => {} }, split);
const bbhIds = Object.keys(LEADERBOARD_BBH).map((t) => `bbh-${t.replace(/_/g, '-')}`);
const jsonLines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; prompt: string; choices?: string[] });
const prompts = (args: string[]) => runCli(['prompts', ...args, '--data-dir', mirror, '--offline']);

describe('suites', () => {
  it('general holds IFEval, the 24 BBH tasks, MATH Lvl 5, the three GPQA subsets, the three MuSR domains and MMLU-Pro', () => {
    const suites = getSuites();
    expect(suites.general).toEqual(['ifeval', ...bbhIds, 'math-hard', 'gpqa-main', 'gpqa-diamond', 'gpqa-extended', 'musr-murder-mysteries', 'musr-object-placements', 'musr-team-allocation', 'mmlu-pro']);
    expect(suites.bbh).toEqual(bbhIds);
  });

  it("the normalisation's BBH baselines are 1 / the number of choices each task scores", () => {
    const bbh = LEADERBOARD.find((e) => e.id === 'bbh')!;
    expect(bbh.members.map((m) => m.id)).toEqual(bbhIds);
    for (const m of bbh.members) expect(m.baseline).toBeCloseTo(1 / (lmEvalTaskFor(m.id).choices as string[]).length, 15);
  });
});

describe.skipIf(!hasSharedBbh)('BBH (real rows of ../shared/datasets/bbh)', () => {
  it('the 24 multiple-choice tasks load with their official counts (5,761 examples); three real targets are no choice and keep no gold', async () => {
    let total = 0;
    const noGold: string[] = [];
    for (const id of bbhIds) {
      const { spec, samples } = await load(id);
      expect(samples.length, id).toBe(spec.splits.test.rows);
      total += samples.length;
      for (const s of samples) if (s.answer === undefined) noGold.push(`${id}: ${String(s.metadata.target)}`);
    }
    expect(total).toBe(5761);
    // lm-eval keeps these documents and scores them wrong (gold index -100).
    expect(noGold.sort()).toEqual(['bbh-movie-recommendation: Monsters, Inc', 'bbh-ruin-names: dearth, wind, & fire', 'bbh-ruin-names: rita, sue and bob poo']);
  });

  it("each task's three fixed shots are the first three questions and answers of the BBH repo's CoT prompt file", () => {
    for (const [task, def] of Object.entries(LEADERBOARD_BBH)) {
      const body = readFileSync(join(sharedBbh, 'cot-prompts', `${task}.txt`), 'utf8').split('-----\n')[1];
      const blocks = body.split('\n\nQ: ').slice(1).map((b) => b.split(/\nA: Let's think step by step\.[\n ]/));
      expect(blocks.map(([q]) => q), task).toEqual(def.shots.map((s) => s.input));
      expect(blocks.map(([, a]) => /the answer is (.*?)\.?\s*$/.exec(a)![1]), task).toEqual(def.shots.map((s) => s.target));
    }
  });

  it('prompts: description glued to the shots, "Q: …\\nA: target" shots, the choices after a space (leaderboard_bbh_boolean_expressions)', async () => {
    const r = await prompts(['--benchmark', 'bbh-boolean-expressions', '--strategy', 'loglik', '--limit', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = (JSON.parse(readFileSync(join(sharedBbh, 'boolean_expressions.json'), 'utf8')) as { examples: { input: string }[] }).examples;
    const shots =
      'Evaluate the result of a random Boolean expression.' +
      'Q: not ( ( not not True ) ) is\nA: False\n\nQ: True and False and not True and True is\nA: False\n\nQ: not not ( not ( False ) ) is\nA: True\n\n';
    expect(jsonLines(r.stdout)).toEqual([0, 1].map((i) => ({ id: `test-${i}`, prompt: `${shots}Q: ${rows[i].input}\nA:`, choices: [' False', ' True'] })));
  });

  it('--fewshot overrides the task\'s three shots', async () => {
    const r = await prompts(['--benchmark', 'bbh-date-understanding', '--strategy', 'loglik', '--limit', '1', '--fewshot', '0']);
    expect(r.code).toBe(0);
    const [line] = jsonLines(r.stdout);
    expect(line.prompt).toMatch(/^Infer the date from context\.Q: .*\nA:$/s);
    expect(line.choices).toEqual(['(A)', '(B)', '(C)', '(D)', '(E)', '(F)'].map((c) => ` ${c}`));
  });
});

describe.skipIf(!hasSharedMmluPro)('MMLU-Pro (real parquet of ../shared/datasets/mmlu-pro)', () => {
  it('test 12,032 and validation 70 rows; options up to 10, gold from the letter `answer` as lm-eval reads it', async () => {
    const test = await load('mmlu-pro');
    const validation = await load('mmlu-pro', 'validation');
    expect(test.samples).toHaveLength(12032);
    expect(validation.samples).toHaveLength(70);
    const rows = await sharedParquet('../mmlu-pro/test-00000-of-00001.parquet');
    expect(test.samples.filter((s, i) => s.answer !== rows[i].answer)).toEqual([]);
    // The one row whose answer_index disagrees with its letter: the letter wins (lm-eval's doc_to_target).
    const odd = test.samples.filter((s, i) => s.answer !== String.fromCharCode(65 + Number(rows[i].answer_index)));
    expect(odd.map((s) => [s.id, s.answer])).toEqual([['3983', 'C']]);
    expect(Math.max(...test.samples.map((s) => s.options!.length))).toBe(10);
  });

  it('prompts: the first five validation questions with their letters, then the question, options "L. text\\n", "Answer:"', async () => {
    const r = await prompts(['--benchmark', 'mmlu-pro', '--strategy', 'loglik', '--limit', '1']);
    expect(r.code).toBe(0);
    const val = await sharedParquet('../mmlu-pro/validation-00000-of-00001.parquet');
    const test = await sharedParquet('../mmlu-pro/test-00000-of-00001.parquet');
    const text = (q: Record<string, unknown>) =>
      `${q.question as string}\n${(q.options as string[]).map((o, i) => `${String.fromCharCode(65 + i)}. ${o}\n`).join('')}Answer:`;
    const shots = val.slice(0, 5).map((q) => `${text(q)} ${q.answer as string}\n\n`).join('');
    const [line] = jsonLines(r.stdout);
    expect(line.prompt).toBe(shots + text(test[0]));
    expect(line.choices).toEqual((test[0].options as string[]).map((_, i) => ` ${String.fromCharCode(65 + i)}`));
  });
});

describe('GPQA (synthetic rows in the Idavidrein/gpqa CSV format)', () => {
  it("preprocess as lm-eval's gpqa/utils.py: strip, \" [title]\" → \". \", [..] removed, double spaces once", () => {
    expect(gpqaPreprocess(' 9 J ')).toBe('9 J');
    expect(gpqaPreprocess('The mitochondrion [1]')).toBe('The mitochondrion ');
    expect(gpqaPreprocess('The nucleus [title] Cell biology')).toBe('The nucleus. Cell biology');
    expect(gpqaPreprocess('a    b')).toBe('a  b'); // Python's replace("  ", " ") is one pass
    expect(gpqaPreprocess('')).toBe(' '); // a None cell
  });

  it('the three subsets load; options are the cleaned answers in a fixed per-record order, gold where the correct one landed', async () => {
    const counts: Record<string, number> = {};
    for (const id of ['gpqa-main', 'gpqa-diamond', 'gpqa-extended']) counts[id] = (await load(id)).samples.length;
    expect(counts).toEqual({ 'gpqa-main': 4, 'gpqa-diamond': 2, 'gpqa-extended': 3 });
    const { samples } = await load('gpqa-main');
    const again = await load('gpqa-main');
    expect(again.samples).toEqual(samples);
    const first = samples[0];
    expect(first.id).toBe('recSynthMain001');
    expect(first.options!.map((o) => o.text).sort()).toEqual(['18 J', '3 J', '6 J', '9 J']);
    expect(first.options!.find((o) => o.key === first.answer)!.text).toBe('9 J');
    expect(first.metadata).toEqual({ domain: 'Physics', subdomain: 'Classical Mechanics' });
    // Not always last: the order differs between records.
    expect(new Set(samples.map((s) => s.answer)).size).toBeGreaterThan(1);
  });

  it('prompts: "What is the correct answer to this question:{Question}\\nChoices:\\n(A) …\\nAnswer: ", 0-shot, choices " (A)"…', async () => {
    const r = await prompts(['--benchmark', 'gpqa-main', '--strategy', 'loglik', '--limit', '2']);
    expect(r.stderr).toMatch(/^aloe-eval: warning: gpqa-main train has 4 rows; the official count is 448 .*\n$/);
    expect(r.code).toBe(0);
    const { samples } = await load('gpqa-main');
    const [, second] = jsonLines(r.stdout);
    const o = samples[1].options!.map((x) => x.text);
    expect(second).toEqual({
      id: 'recSynthMain002',
      prompt: `What is the correct answer to this question:Which organelle makes ATP,\nin most eukaryotic cells?\nChoices:\n(A) ${o[0]}\n(B) ${o[1]}\n(C) ${o[2]}\n(D) ${o[3]}\nAnswer: `,
      choices: [' (A)', ' (B)', ' (C)', ' (D)'],
    });
  });
});

describe('MuSR (synthetic rows in the TAUR-Lab/MuSR parquet format)', () => {
  it('choices are read as ast.literal_eval reads a Python list', () => {
    expect(parsePythonStringList("['Mia', 'Ivan']")).toEqual(['Mia', 'Ivan']);
    expect(parsePythonStringList(`["O'Neil", 'Bea', 'it\\'s', 'a\\nb', '\\x41\\u00e9']`)).toEqual(["O'Neil", 'Bea', "it's", 'a\nb', 'Aé']);
    expect(parsePythonStringList("['a', 'b',]")).toEqual(['a', 'b']);
    expect(parsePythonStringList('Mia, Ivan')).toBeNull();
    expect(parsePythonStringList("['a' 'b']")).toBeNull();
  });

  it('prompts: narrative, question, "i - choice" lines, "Answer:", the choice texts after a space', async () => {
    const r = await prompts(['--benchmark', 'musr-murder-mysteries', '--strategy', 'loglik', '--limit', '2']);
    expect(r.stderr).toMatch(/^aloe-eval: warning: musr-murder-mysteries murder_mysteries has 3 rows; the official count is 250 .*\n$/);
    expect(r.code).toBe(0);
    const rows = musrFixture('murder_mysteries').rows;
    expect(jsonLines(r.stdout)[1]).toEqual({
      id: 'murder_mysteries-1',
      prompt: `${rows[1].narrative as string}\n\nWho is the most likely murderer?\n\n1 - O'Neil\n2 - Bea\n\nAnswer:`,
      choices: [" O'Neil", ' Bea'],
    });
  });

  it('the three domains load; gold is the option whose text is answer_choice', async () => {
    for (const [id, domain] of [['musr-murder-mysteries', 'murder_mysteries'], ['musr-object-placements', 'object_placements'], ['musr-team-allocation', 'team_allocation']] as const) {
      const { samples } = await load(id);
      const rows = musrFixture(domain).rows;
      expect(samples).toHaveLength(rows.length);
      samples.forEach((s, i) => expect(s.options!.find((o) => o.key === s.answer)!.text).toBe(rows[i].answer_choice));
    }
  });
});

describe('lm-eval-gen reads leaderboard choices from generated text', () => {
  it('bracketed letters, words and multi-word choices', () => {
    const bracket = ['(A)', '(B)', '(C)', '(D)'];
    expect(parseGenerated(' (B) because', bracket)).toBe(1);
    expect(parseGenerated(' C.', bracket)).toBe(2);
    expect(parseGenerated(' Because', bracket)).toBe(-1);
    expect(parseGenerated(' True', ['False', 'True'])).toBe(1);
    expect(parseGenerated(' true.', ['False', 'True'])).toBe(1);
    expect(parseGenerated(' Truest', ['False', 'True'])).toBe(-1);
    expect(parseGenerated(' 12 objects', ['1', '2', '12'])).toBe(2);
    expect(parseGenerated(' Cooking: Bob, Cleaning: Ann', ['Cooking: Ann, Cleaning: Bob', 'Cooking: Bob, Cleaning: Ann'])).toBe(1);
    // Unchanged for the medical tasks.
    expect(parseGenerated(' B', ['A', 'B', 'C', 'D'])).toBe(1);
    expect(parseGenerated(' Maybe.', ['yes', 'no', 'maybe'])).toBe(2);
  });
});

describe('task table', () => {
  it('a sample whose options are not the task\'s choices is a per-sample format error, not a wrong prompt', () => {
    const s: Sample = { id: 'x', benchmark: 'bbh-navigate', kind: 'mcqa', question: 'q', options: [{ key: 'A', text: 'No' }, { key: 'B', text: 'Yes' }], answer: 'A', metadata: {} };
    expect(() => lmEvalPrompt(s)).toThrow(/leaderboard_bbh_navigate scores the choices Yes \/ No/);
    expect(choicesFor(lmEvalTaskFor('mmlu-pro'), { ...s, benchmark: 'mmlu-pro' })).toEqual(['A', 'B']);
  });
});
