import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadBenchmark } from '../src/datasets/index.js';
import { readRun, runDirsUnder, type LoadedRun } from '../src/results/read-run.js';
import type { Sample } from '../src/types/sample.js';
import { hasShared, runCli, sharedHub } from './helpers/cli.js';
import { startFakeOpenAI, type ChatBody, type FakeOpenAI } from './helpers/fake-openai.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'aloe-medprompt-cli-'));
const unit = (text: string) => createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;

interface Row {
  question: string;
  options: Record<string, string>;
  answer_idx: string;
  answer: string;
  meta_info: string;
}

const organs = ['liver', 'kidney', 'heart', 'lung', 'spleen', 'pancreas', 'thyroid', 'adrenal', 'brain', 'skin'];
const findings = ['fibrosis', 'infarction', 'necrosis', 'amyloidosis', 'granulomas'];

function row(i: number, organ: string, finding: string): Row {
  const options = { A: `${finding} of the ${organ}`, B: `hypertrophy of the ${organ}`, C: `atrophy of the ${organ}`, D: `cyst of the ${organ}` };
  const answer_idx = 'ABCD'[i % 4];
  // the gold option's text always names the finding, whatever its letter
  const keys = ['A', 'B', 'C', 'D'];
  const texts = [options.A, options.B, options.C, options.D];
  const gold = texts[0];
  texts.splice(0, 1);
  texts.splice(keys.indexOf(answer_idx), 0, gold);
  const shuffled = Object.fromEntries(keys.map((k, j) => [k, texts[j]]));
  return {
    question: `Case ${i}: a patient has a biopsy of the ${organ} showing changes typical of ${finding}. Which diagnosis fits best?`,
    options: shuffled,
    answer_idx,
    answer: gold,
    meta_info: 'step1',
  };
}

/** A synthetic MedQA mirror: 40 training questions, 8 test questions, one training row a near copy of test 0. */
function writeMirror(): { hub: string; test: Row[]; train: Row[] } {
  const hub = tmp();
  const dir = join(hub, 'GBaker', 'MedQA-USMLE-4-options');
  mkdirSync(dir, { recursive: true });
  const train = Array.from({ length: 40 }, (_, i) => row(i, organs[i % 10], findings[Math.floor(i / 10) % 5]));
  const test = Array.from({ length: 8 }, (_, i) => row(100 + i, organs[(i * 3) % 10], findings[(i + 2) % 5]));
  train[7] = { ...test[0], question: test[0].question.replace('Case 100:', 'Case 100 :').toUpperCase() };
  writeFileSync(join(dir, 'phrases_no_exclude_train.jsonl'), train.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(dir, 'phrases_no_exclude_test.jsonl'), test.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return { hub, test, train };
}

/** Knows the gold answer for 70% of (question, display) pairs, else answers the first option shown. */
function model(rows: Row[]) {
  return (body: ChatBody): string => {
    const user = body.messages!.filter((m) => m.role === 'user').at(-1)!.content;
    const r = rows.find((x) => user.includes(x.question));
    if (!r) return 'No idea.';
    const shown = [...user.matchAll(/^([A-D])\. (.*)$/gm)].map((m) => ({ letter: m[1], text: m[2] }));
    const gold = shown.find((o) => o.text === r.answer)!.letter;
    // (always right on the upper-cased copy, so that it enters the pool and the leak guard has work)
    const knows = unit(user) < 0.7 || r.question === r.question.toUpperCase();
    return `The biopsy points to ${r.answer}.\nAnswer: ${knows ? gold : 'A'}`;
  };
}

/** The runs written under `out`, by strategy name. */
function runDirs(out: string): Record<string, LoadedRun> {
  return Object.fromEntries(runDirsUnder(out).map((dir) => readRun(dir)).map((r) => [r.run.spec.strategy.name, r]));
}

describe('medprompt end to end: build-pool, then run, through the CLI and a fake server', () => {
  let server: FakeOpenAI;
  let mirror: ReturnType<typeof writeMirror>;
  let cache: string;
  const endpointFlags = () => ['--endpoint', server.url, '--data-dir', mirror.hub, '--cache-dir', cache];

  beforeAll(async () => {
    mirror = writeMirror();
    cache = tmp();
    server = await startFakeOpenAI({ models: ['aloe-test'], reply: model([...mirror.train, ...mirror.test]), embeddingDim: 48 });
  });
  afterAll(() => server.close());

  test('build-pool keeps the correct rationales, reports the drops and files the pool by benchmark, split and model', async () => {
    const r = await runCli(['medprompt', 'build-pool', '--benchmark', 'medqa', '--from', 'train', ...endpointFlags()]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const file = join(cache, 'pools', 'medqa', 'train', 'aloe-test.jsonl');
    expect(r.stdout).toContain(`pool: ${file}`);
    const [header, ...items] = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const kept = items.filter((i: { rationale: string | null }) => i.rationale !== null).length;
    expect(header).toMatchObject({ schema: 'aloe-eval/pool@1', benchmark: 'medqa', split: 'train', model: 'aloe-test', counts: { total: 40, kept } });
    expect(header.counts.dropped.wrong).toBe(40 - kept);
    expect(r.stdout).toMatch(new RegExp(`kept ${kept} of 40 rationales \\(dropped: ${40 - kept} wrong answer, 0 unparsed, 0 call errors\\)`));
    expect(kept).toBeGreaterThan(20);
  });

  test('run --strategy medprompt,cot: every call with its order, the vote, the examples; the leak guard holds; a re-run embeds nothing', async () => {
    const out = tmp();
    const flags = ['run', '--benchmarks', 'medqa', '--strategy', 'medprompt,cot', ...endpointFlags(), '--out', out, '--no-report', '--progress', 'none'];
    const withEmbeddings = [...flags, '--embeddings-endpoint', server.url, '--embeddings-model', 'fake-embed', '--ensemble-stop', 'never', '--k', '3'];
    const r = await runCli(withEmbeddings);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    if (process.env.SHOW_STDERR) console.log(r.stderr, r.stdout);
    expect(r.stderr).toMatch(/medprompt: embeddings:fake-embed examples from a pool of \d+; the leak guard left out 1 near-copies of 1 test questions/);
    const runs = runDirs(out);
    const { run, samples } = runs.medprompt;
    expect(samples).toHaveLength(8);
    for (const s of samples) {
      expect(s.attempts).toHaveLength(5);
      const votes: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
      for (const a of s.attempts) {
        expect([...a.permutation!].sort()).toEqual(['A', 'B', 'C', 'D']);
        // 3 examples as user/assistant turns, then the question with its options in the recorded order
        expect(a.messages!.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
        const shown = [...a.messages!.at(-1)!.content.matchAll(/^([A-D])\. (.*)$/gm)].map((m) => s.options!.find((o) => o.text === m[2])!.key);
        expect(shown).toEqual(a.permutation);
        const letter = /Answer: ([A-D])/.exec(a.raw)![1];
        expect(a.extracted).toBe(a.permutation!['ABCD'.indexOf(letter)]);
        votes[a.extracted!]++;
      }
      expect(s.votes).toEqual(votes);
      expect(s.details).toMatchObject({ callsUsed: 5, stopReason: 'complete', retriever: 'embeddings:fake-embed' });
      expect(s.usage.calls).toBe(5);
    }
    // test question 0 has an upper-cased copy in the training split: never shown
    const first = samples.find((s) => s.question === mirror.test[0].question)!;
    expect(first.details!.leakExcluded).toBe(1);
    expect(JSON.stringify(first.attempts[0].messages!.slice(0, -1)).toLowerCase()).not.toContain('case 100');
    expect(run.usage.calls).toBe(40);
    expect(run.results.medqa.usage.calls).toBe(40);
    expect(runs.cot.samples.every((s) => s.attempts.length === 1)).toBe(true);

    const embedRequests = () => server.requests.filter((q) => q.path === '/v1/embeddings').length;
    const before = embedRequests();
    const served = server.served;
    const again = await runCli([...withEmbeddings.map((f) => (f === out ? tmp() : f))]);
    expect(again.code).toBe(0);
    expect(embedRequests()).toBe(before);
    expect(server.served).toBe(served);
  });

  test('without an embeddings endpoint BM25 retrieves; the adaptive rule saves calls', async () => {
    const out = tmp();
    const r = await runCli(['run', '--benchmarks', 'medqa', '--strategy', 'medprompt', ...endpointFlags(), '--out', out, '--no-report', '--progress', 'none', '--ensemble-stop', 'agree2']);
    expect(r.code).toBe(0);
    const { samples } = runDirs(out).medprompt;
    expect(samples.every((s) => s.details!.retriever === 'bm25')).toBe(true);
    expect(samples.reduce((n, s) => n + s.attempts.length, 0)).toBeLessThan(40);
    for (const s of samples) expect(s.details!.callsUsed).toBe(s.attempts.length);
  });

  test('an embeddings endpoint that cannot be reached is a one-line error naming the flag', async () => {
    const r = await runCli([
      'run', '--benchmarks', 'medqa', '--strategy', 'knn-cot', ...endpointFlags(), '--out', tmp(), '--no-report', '--progress', 'none',
      // a model never embedded before, so the cache cannot answer
      '--embeddings-endpoint', 'http://127.0.0.1:9/v1', '--embeddings-model', 'never-seen', '--max-retries', '0',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^aloe-eval: the embeddings endpoint failed for model "never-seen": .*check --embeddings-endpoint/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('a missing pool is a one-line error with the build-pool command', async () => {
    const r = await runCli(['run', '--benchmarks', 'medqa', '--strategy', 'knn-cot', '--endpoint', server.url, '--data-dir', mirror.hub, '--cache-dir', tmp(), '--out', tmp(), '--no-report', '--progress', 'none']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^aloe-eval: no example pool for medqa built by model "aloe-test".*aloe-eval medprompt build-pool --benchmark medqa --from train --model "aloe-test"/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.skipIf(!hasShared)('medprompt on real MedMCQA rows (../shared)', () => {
  let server: FakeOpenAI;
  let known: Sample[];

  beforeAll(async () => {
    const train = (await loadBenchmark('medmcqa', { dataDir: sharedHub, offline: true }, 'train')).samples.slice(0, 60);
    const validation = (await loadBenchmark('medmcqa', { dataDir: sharedHub, offline: true })).samples.slice(0, 12);
    known = [...train, ...validation];
    // right on 70 % of (question, display) pairs, else the first option shown
    server = await startFakeOpenAI({
      models: ['aloe-test'],
      reply: (body) => {
        const user = body.messages!.filter((m) => m.role === 'user').at(-1)!.content;
        const s = known.find((x) => user.includes(x.question.trim()));
        if (!s) return 'No idea.';
        const gold = s.options!.find((o) => o.key === s.answer)!.text.trim();
        const letter = [...user.matchAll(/^([A-D])\. (.*)$/gm)].find((m) => m[2].trim() === gold)?.[1] ?? 'A';
        return `Reasoning about it.\nAnswer: ${unit(user) < 0.7 ? letter : 'A'}`;
      },
    });
  });
  afterAll(() => server.close());

  test('build-pool on 60 training questions, then medprompt on 12 validation questions', async () => {
    const cache = tmp();
    const flags = ['--endpoint', server.url, '--data-dir', sharedHub, '--cache-dir', cache, '--offline'];
    const built = await runCli(['medprompt', 'build-pool', '--benchmark', 'medmcqa', '--limit', '60', ...flags]);
    expect(built.stderr).not.toMatch(/internal error/);
    expect(built.code).toBe(0);
    const file = join(cache, 'pools', 'medmcqa', 'train', 'aloe-test.jsonl');
    const [header, ...items] = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(header.counts.total).toBe(60);
    expect(items.map((i: { id: string }) => i.id)).toEqual(known.slice(0, 60).map((s) => s.id));

    const out = tmp();
    const r = await runCli(['run', '--benchmarks', 'medmcqa', '--limit', '12', '--strategy', 'medprompt', ...flags.filter((f) => f !== '--offline'), '--out', out, '--no-report', '--progress', 'none']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const { samples } = runDirs(out).medprompt;
    expect(samples).toHaveLength(12);
    const kept = new Set(items.filter((i: { rationale: string | null }) => i.rationale).map((i: { id: string }) => i.id));
    for (const s of samples) {
      expect(s.details!.examples).toHaveLength(5);
      for (const id of s.details!.examples as string[]) expect(kept.has(id)).toBe(true);
      expect(s.attempts.length).toBe(s.details!.callsUsed);
      expect(s.attempts[0].messages).toHaveLength(12); // system + 5 × (user, assistant) + question
    }
  });
});
