/**
 * `aloe-eval medprompt import-pool --format prompt-engine`: a hand-written prompt_engine CoT
 * database (good, wrong-answer, unparsed and malformed entries) through the built CLI, then
 * the imported pool used by a knn-cot run against a fake server.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readRun, runDirsUnder } from '../src/results/read-run.js';
import { importPromptEnginePool } from '../src/strategies/pools/pool-import.js';
import { readPool, usableExamples } from '../src/strategies/pools/pool.js';
import { sha256 } from '../src/util/hash.js';
import { runCli } from './helpers/cli.js';
import { startFakeOpenAI, type FakeOpenAI } from './helpers/fake-openai.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'aloe-pool-import-'));
const database = new URL('./fixtures/prompt-engine/medqa-cot-database.json', import.meta.url).pathname;
const databaseText = readFileSync(database, 'utf8');

describe('importPromptEnginePool', () => {
  const result = importPromptEnginePool(JSON.parse(databaseText), { benchmark: 'medqa', split: 'train', model: 'DeepSeek-R1', file: database, sha256: sha256(databaseText) });
  const byId = Object.fromEntries(result.items.map((i) => [i.id, i]));

  test('keeps the first rationale that reaches the gold answer, with the option order it was written in', () => {
    expect(byId['good-shuffled']).toMatchObject({
      answer: 'C',
      order: ['A', 'C', 'B', 'D'],
      rationale: 'ST elevation in II, III and aVF marks an inferior infarction, usually from the right coronary artery.\n\nAnswer: [B]',
    });
    expect(byId['good-shuffled'].dropped).toBeUndefined();
    // the first generation answered B (wrong); the second, shown D-C-B-A, answered D = original A
    expect(byId['good-second-try']).toMatchObject({ order: ['D', 'C', 'B', 'A'], rationale: expect.stringMatching(/oral iron comes first\.\nAnswer: \[D\]$/) });
    expect(byId['good-with-broken-generation']).toMatchObject({ order: ['A', 'B', 'C', 'D'], rationale: expect.stringMatching(/^Parkinson disease/) });
    expect(byId['good-shuffled'].options).toEqual([
      { key: 'A', text: 'Left anterior descending artery' },
      { key: 'B', text: 'Left circumflex artery' },
      { key: 'C', text: 'Right coronary artery' },
      { key: 'D', text: 'Left main coronary artery' },
    ]);
  });

  test('drops wrong-answer and unparsed entries as build-pool does, and reads the answer itself rather than trusting "result"', () => {
    expect(byId['wrong-answer']).toMatchObject({ rationale: null, dropped: 'wrong', order: ['A', 'B', 'C', 'D'] });
    expect(byId.unparsed).toMatchObject({ rationale: null, dropped: 'unparsed' });
    expect(byId['no-generations']).toMatchObject({ rationale: null, dropped: 'unparsed' });
    // "result": "C" (gold), but the response says "Answer: [A]"
    expect(byId['result-disagrees']).toMatchObject({ rationale: null, dropped: 'wrong' });
    expect(result.resultDisagrees).toBe(1);
    expect(result.header.counts).toEqual({ total: 7, kept: 3, dropped: { wrong: 2, unparsed: 2, error: 0 } });
  });

  test('leaves malformed entries and generations out, saying why', () => {
    expect(result.malformed).toEqual([
      { id: 'bad-gold', why: '"correct_answer" "E" is not one of the option keys ABCD' },
      { id: 'open-ended', why: 'has no "options" object (open-ended entries cannot be multiple-choice examples)' },
      { id: 'not-an-object', why: 'is not an object' },
    ]);
    expect(result.malformedGenerations).toBe(2);
    expect(result.items.map((i) => i.id)).not.toContain('bad-gold');
  });

  test('the header says where the pool came from', () => {
    expect(result.header).toMatchObject({
      schema: 'aloe-eval/pool@1',
      benchmark: 'medqa',
      split: 'train',
      model: 'DeepSeek-R1',
      template: 'prompt-engine',
      temperature: null,
      importedFrom: { format: 'prompt-engine', file: database, sha256: sha256(databaseText) },
    });
  });
});

describe('medprompt import-pool through the CLI', () => {
  let server: FakeOpenAI;
  beforeAll(async () => {
    server = await startFakeOpenAI({ models: ['aloe-test'], reply: () => 'Reasoning.\nAnswer: A' });
  });
  afterAll(() => server.close());

  test('writes the pool where runs find it and prints the build-pool drop report and the malformed entries', async () => {
    const cache = tmp();
    const r = await runCli(['medprompt', 'import-pool', '--format', 'prompt-engine', database, '--benchmark', 'medqa', '--model', 'deepseek-ai/DeepSeek-R1', '--cache-dir', cache]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const file = join(cache, 'pools', 'medqa', 'train', 'deepseek-ai--DeepSeek-R1.jsonl');
    expect(r.stdout).toBe(`kept 3 of 7 rationales (dropped: 2 wrong answer, 2 unparsed, 0 call errors)\npool: ${file}\n`);
    expect(r.stderr).toContain('left out 3 malformed entries (bad-gold "correct_answer" "E" is not one of the option keys ABCD; open-ended has no "options" object');
    expect(r.stderr).toContain('ignored 2 generations without a response text or a valid option order');
    const pool = readPool(file);
    expect(pool.malformedLines).toEqual([]);
    // every kept rationale is usable by chain-of-thought strategies (aloe-eval reads "Answer: [X]")
    const usable = usableExamples(pool, true);
    expect(usable.examples.map((e) => e.id).sort()).toEqual(['good-second-try', 'good-shuffled', 'good-with-broken-generation']);
    expect(usable.skipped).toEqual({ noRationale: 4, rationaleDisagrees: 0, malformed: 0 });
  });

  test('bad input is one line with exit 2: unknown format, not JSON, not an object keyed by id, nothing kept', async () => {
    const dir = tmp();
    const args = (file: string, format = 'prompt-engine') => ['medprompt', 'import-pool', '--format', format, file, '--benchmark', 'medqa', '--model', 'x', '--cache-dir', dir];
    const unknown = await runCli(args(database, 'chromadb'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--format chromadb: unknown format \(known: prompt-engine\)/);
    writeFileSync(join(dir, 'broken.json'), '{"a": {"question": ');
    const broken = await runCli(args(join(dir, 'broken.json')));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json is not valid JSON/);
    writeFileSync(join(dir, 'list.json'), '[{"question": "q"}]');
    const list = await runCli(args(join(dir, 'list.json')));
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(/list\.json is not a prompt_engine database: expected one JSON object keyed by question id/);
    writeFileSync(join(dir, 'none.json'), JSON.stringify({ q: { question: 'Q?', correct_answer: 'A', options: { A: 'x', B: 'y' }, generations: [{ response: 'Answer: [B]', order: 'AB' }] } }));
    const none = await runCli(args(join(dir, 'none.json')));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/kept 0 of 1 rationales \(dropped: 1 wrong answer, 0 unparsed, 0 call errors\); no pool written/);
    for (const x of [unknown, broken, list, none]) expect(x.stderr.trim().split('\n')).toHaveLength(1);
    expect((await runCli(args(join(dir, 'missing.json')))).stderr).toMatch(/cannot read .*missing\.json: ENOENT/);
  });

  test('a knn-cot run shows the imported rationales as examples, options in the order they were written with', async () => {
    const cache = tmp();
    const poolFile = join(tmp(), 'imported.jsonl');
    const imported = await runCli(['medprompt', 'import-pool', '--format', 'prompt-engine', database, '--benchmark', 'medqa', '--model', 'DeepSeek-R1', '--out', poolFile]);
    expect(imported.code).toBe(0);
    const hub = tmp();
    const dir = join(hub, 'GBaker', 'MedQA-USMLE-4-options');
    mkdirSync(dir, { recursive: true });
    const row = { question: 'A 50-year-old man has inferior ST elevation. Which artery is occluded?', options: { A: 'Right coronary artery', B: 'Left circumflex artery', C: 'Left anterior descending artery', D: 'Left main coronary artery' }, answer_idx: 'A', answer: 'Right coronary artery', meta_info: 'step1' };
    for (const split of ['train', 'test']) writeFileSync(join(dir, `phrases_no_exclude_${split}.jsonl`), JSON.stringify(row) + '\n');
    const out = tmp();
    const r = await runCli(['run', '--benchmarks', 'medqa', '--strategy', 'knn-cot', '--pool', poolFile, '--k', '3', '--endpoint', server.url, '--data-dir', hub, '--cache-dir', cache, '--out', out, '--no-report', '--progress', 'none']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/the example pool was built by another model than "aloe-test"/);
    const [{ samples }] = runDirsUnder(out).map((d) => readRun(d));
    const messages = samples[0].attempts[0].messages!;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    const turn = messages.findIndex((m) => m.content.startsWith('ST elevation in II, III and aVF'));
    expect(messages[turn].content).toBe('ST elevation in II, III and aVF marks an inferior infarction, usually from the right coronary artery.\n\nAnswer: B');
    expect(messages[turn - 1].content).toMatch(/A\. Left anterior descending artery\nB\. Right coronary artery\nC\. Left circumflex artery\nD\. Left main coronary artery/);
  });
});
