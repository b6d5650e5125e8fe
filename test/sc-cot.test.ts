/**
 * sc-cot against a fake server whose answers vary with temperature: greedy (T = 0) it always
 * names the first option; sampled, each call's answer is drawn from its seed. The votes, the
 * stop rules, the per-call seeds and the response-cache keys are checked against what the
 * server actually answered.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cacheStats } from '../src/endpoint/response-cache.js';
import { readRun, runDirsUnder } from '../src/results/read-run.js';
import { pluralityVote } from '../src/strategies/ensemble/vote.js';
import { createStrategy } from '../src/strategies/registry.js';
import type { StrategyContext } from '../src/strategies/strategy.js';
import type { Sample } from '../src/types/sample.js';
import { hash32 } from '../src/util/rng.js';
import { runCli } from './helpers/cli.js';
import { openFakeEndpoint } from './helpers/fake-endpoint.js';
import { startFakeOpenAI, type ChatBody, type FakeOpenAI } from './helpers/fake-openai.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'aloe-sc-cot-'));
const unit = (text: string) => createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
const GOLD_TEXT = 'the right one';

function mcqa(id: string): Sample {
  const texts = ['a wrong one', 'another wrong one', GOLD_TEXT, 'a third wrong one'];
  return { id, benchmark: 'synthetic', kind: 'mcqa', question: `Question ${id}: which is right?`, options: texts.map((text, i) => ({ key: 'ABCD'[i], text })), answer: 'C', metadata: {} };
}

/**
 * Greedy: always "A". Sampled: the shown gold letter with probability 0.6, otherwise one of the
 * others, drawn from the request's seed and temperature (every seed its own draw).
 */
function temperatureModel(body: ChatBody): string {
  const user = body.messages!.filter((m) => m.role === 'user').at(-1)!.content;
  const shown = [...user.matchAll(/^([A-D])\. (.*)$/gm)].map((m) => ({ letter: m[1], text: m[2] }));
  if (!body.temperature) return `Thinking greedily.\nAnswer: ${shown[0].letter}`;
  const r = unit(`${body.seed}\u0000${body.temperature}\u0000${user}`);
  const gold = shown.find((o) => o.text === GOLD_TEXT)!.letter;
  const others = shown.filter((o) => o.letter !== gold).map((o) => o.letter);
  const letter = r < 0.6 ? gold : others[Math.floor(((r - 0.6) / 0.4) * others.length)];
  return `Sampling at ${body.temperature}.\nAnswer: ${letter}`;
}

function context(fake: Awaited<ReturnType<typeof openFakeEndpoint>>, options: Record<string, unknown>): StrategyContext {
  return {
    generate: fake.generate,
    seed: 11,
    temperature: 0,
    maxTokens: 256,
    api: 'chat',
    systemPrompt: 'You are a careful doctor.',
    options,
    task: { benchmark: 'synthetic', prompt: 'mcqa-plain' },
    log: () => {},
  };
}

describe('sc-cot: N samples of one prompt, the ensemble vote', () => {
  let server: FakeOpenAI;
  beforeAll(async () => {
    server = await startFakeOpenAI({ models: ['m'], reply: temperatureModel });
  });
  afterAll(() => server.close());

  test('sends one prompt N times at the sc temperature with a distinct reproducible seed each; the vote is the servers answers counted', async () => {
    const endpoint = await openFakeEndpoint(server);
    const strategy = createStrategy('sc-cot');
    const before = server.requests.length;
    const samples = Array.from({ length: 12 }, (_, i) => mcqa(`q${i}`));
    for (const sample of samples) {
      const p = await strategy.solve(sample, context(endpoint, { ensembleSize: 5, ensembleStop: 'never' }));
      expect(p.attempts).toHaveLength(5);
      // the same messages every call, options in their original order (no permutation recorded)
      for (const a of p.attempts) {
        expect(a.messages).toEqual(p.attempts[0].messages);
        expect(a.permutation).toBeUndefined();
        expect(a.messages!.at(-1)!.content).toMatch(/A\. a wrong one\nB\. another wrong one\nC\. the right one\nD\. a third wrong one/);
      }
      const answers = p.attempts.map((a) => /Answer: ([A-D])/.exec(a.raw)![1]);
      expect(p.attempts.map((a) => a.extracted)).toEqual(answers);
      const vote = pluralityVote(answers, ['A', 'B', 'C', 'D']);
      expect(p.votes).toEqual(vote.votes);
      expect(p.answer).toBe(vote.answer);
      expect(p.details).toMatchObject({ temperature: 0.6, ensembleSize: 5, ensembleStop: 'never', callsUsed: 5, stopReason: 'complete', tieBroken: vote.tie, unparsedCalls: 0 });
    }
    const sent = server.requests.slice(before).map((r) => r.body);
    expect(sent).toHaveLength(60);
    expect(new Set(sent.map((b) => b.temperature))).toEqual(new Set([0.6]));
    // seed of call i of question q: hash32(run seed, "sc-cot", q, i) — all distinct
    const expectedSeeds = samples.flatMap((s) => [0, 1, 2, 3, 4].map((i) => hash32(`11\u0000sc-cot\u0000${s.id}\u0000${i}`)));
    expect(new Set(sent.map((b) => b.seed))).toEqual(new Set(expectedSeeds));
    expect(new Set(expectedSeeds).size).toBe(60);
  });

  test('sampled votes beat the greedy answer, and --sc-temperature 0 only repeats the greedy answer', async () => {
    const endpoint = await openFakeEndpoint(server);
    const strategy = createStrategy('sc-cot');
    const samples = Array.from({ length: 40 }, (_, i) => mcqa(`v${i}`));
    let right = 0;
    for (const s of samples) if ((await strategy.solve(s, context(endpoint, { ensembleStop: 'never' }))).answer === 'C') right++;
    // each call is right with p = 0.6 against three scattered wrong answers: the vote is right far more often
    expect(right / samples.length).toBeGreaterThan(0.6);
    const greedy = await strategy.solve(samples[0], context(endpoint, { scTemperature: 0 }));
    expect(greedy.answer).toBe('A');
    expect(greedy.details).toMatchObject({ temperature: 0, callsUsed: 2, stopReason: 'agree2' });
  });

  test('the --ensemble-stop rules of the ensemble: agree2 stops at two agreeing calls, decided once the rest cannot change the winner', async () => {
    const endpoint = await openFakeEndpoint(server);
    const strategy = createStrategy('sc-cot');
    let agree = 0;
    for (let i = 0; i < 20; i++) {
      const s = mcqa(`s${i}`);
      const p = await strategy.solve(s, context(endpoint, { ensembleStop: 'agree2' }));
      const first = p.attempts.slice(0, 2).map((a) => a.extracted);
      if (first[0] === first[1]) {
        agree++;
        expect(p.details).toMatchObject({ callsUsed: 2, stopReason: 'agree2' });
      } else expect(p.attempts.length).toBeGreaterThan(2);
      const decided = await strategy.solve(s, context(endpoint, { ensembleStop: 'decided', ensembleSize: 5 }));
      // decided never changes the answer the full vote gives
      const full = await strategy.solve(s, context(endpoint, { ensembleStop: 'never', ensembleSize: 5 }));
      expect(decided.answer).toBe(full.answer);
      expect(decided.attempts.map((a) => a.raw)).toEqual(full.attempts.slice(0, decided.attempts.length).map((a) => a.raw));
    }
    expect(agree).toBeGreaterThan(0);
    expect(agree).toBeLessThan(20);
  });

  test('each of the N identical prompts has its own response-cache entry; a second pass is served from the cache', async () => {
    const cacheDir = tmp();
    const endpoint = await openFakeEndpoint(server, { cacheDir });
    const strategy = createStrategy('sc-cot');
    const sample = mcqa('cached');
    const first = await strategy.solve(sample, context(endpoint, { ensembleStop: 'never' }));
    expect(cacheStats(cacheDir).entries).toBe(5);
    const served = server.served;
    const again = await strategy.solve(sample, context(endpoint, { ensembleStop: 'never' }));
    expect(server.served).toBe(served);
    expect(again.attempts.every((a) => a.cached)).toBe(true);
    expect(again.attempts.map((a) => a.raw)).toEqual(first.attempts.map((a) => a.raw));
  });

  test('a bad --sc-temperature is a one-line error naming the flag', async () => {
    const endpoint = await openFakeEndpoint(server);
    await expect(createStrategy('sc-cot').solve(mcqa('bad'), context(endpoint, { scTemperature: 'hot' }))).rejects.toThrow('--sc-temperature must be a number from 0 to 2, got "hot"');
  });
});

describe('sc-cot and ensemble in one --strategy list, through the CLI', () => {
  let server: FakeOpenAI;
  beforeAll(async () => {
    server = await startFakeOpenAI({ models: ['m'], reply: temperatureModel });
  });
  afterAll(() => server.close());

  test('both runs make the same number of calls per question; sc-cot records its temperature in run.json', async () => {
    const hub = tmp();
    const dir = join(hub, 'GBaker', 'MedQA-USMLE-4-options');
    mkdirSync(dir, { recursive: true });
    const rows = Array.from({ length: 6 }, (_, i) => ({
      question: `Case ${i}: which is right?`,
      options: { A: 'a wrong one', B: GOLD_TEXT, C: 'another wrong one', D: 'a third wrong one' },
      answer_idx: 'B',
      answer: GOLD_TEXT,
      meta_info: 'step1',
    }));
    for (const split of ['train', 'test']) writeFileSync(join(dir, `phrases_no_exclude_${split}.jsonl`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const out = tmp();
    const r = await runCli([
      'run', '--benchmarks', 'medqa', '--strategy', 'ensemble,sc-cot', '--endpoint', server.url, '--data-dir', hub, '--cache-dir', tmp(),
      '--out', out, '--no-report', '--progress', 'none', '--ensemble-stop', 'never', '--ensemble-size', '3', '--sc-temperature', '0.8',
    ]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const runs = Object.fromEntries(runDirsUnder(out).map((d) => readRun(d)).map((x) => [x.run.spec.strategy.name, x]));
    expect(Object.keys(runs).sort()).toEqual(['ensemble', 'sc-cot']);
    expect(runs['sc-cot'].run.spec.strategy.options).toMatchObject({ ensembleSize: 3, ensembleStop: 'never', scTemperature: 0.8 });
    for (const name of ['ensemble', 'sc-cot']) {
      expect(runs[name].samples).toHaveLength(6);
      expect(runs[name].samples.every((s) => s.attempts.length === 3)).toBe(true);
    }
    // ensemble calls go out at --temperature (0, greedy) in shuffled orders; sc-cot's at 0.8 in the original order
    expect(runs['sc-cot'].samples.every((s) => s.attempts.every((a) => a.permutation === undefined))).toBe(true);
    expect(runs.ensemble.samples.every((s) => s.attempts.every((a) => a.permutation?.length === 4))).toBe(true);
    const temps = new Set(server.requests.filter((q) => q.path === '/v1/chat/completions').map((q) => q.body.temperature));
    expect(temps).toEqual(new Set([0, 0.8]));
    expect(readdirSync(out).length).toBeGreaterThan(0);
  });
});
