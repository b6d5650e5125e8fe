import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sampleSource } from '../src/datasets/index.js';
import { exampleTurns, fewShotMessages, withAnswerLine } from '../src/strategies/mcqa/few-shot.js';
import { buildPool, cotPromptHash } from '../src/strategies/pools/pool-build.js';
import { defaultPoolPath, findPool, readPool, usableExamples, writePool, type PoolItem } from '../src/strategies/pools/pool.js';
import { createStrategy } from '../src/strategies/registry.js';
import type { StrategyContext } from '../src/strategies/strategy.js';
import type { Embed, GenerateRequest, GenerateResult } from '../src/types/endpoint.js';
import type { Sample } from '../src/types/sample.js';
import { UserError } from '../src/util/errors.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'aloe-pool-'));
const SYSTEM = 'You are a careful doctor.';

function mcqa(id: string, question: string, texts: string[], answer: string): Sample {
  return { id, benchmark: 'synthetic', kind: 'mcqa', question, options: texts.map((text, i) => ({ key: 'ABCD'[i], text })), answer, metadata: {} };
}

function reply(text: string): GenerateResult {
  return { text, finishReason: 'stop', usage: { promptTokens: 3, completionTokens: 2 }, latencyMs: 1, cached: false };
}

function context(generate: StrategyContext['generate'], options: Record<string, unknown> = {}, embed?: Embed, log: string[] = []): StrategyContext {
  return {
    generate,
    embed,
    seed: 1,
    temperature: 0,
    maxTokens: 256,
    api: 'chat',
    systemPrompt: SYSTEM,
    options,
    task: { benchmark: 'synthetic', prompt: 'mcqa-plain' },
    log: (m) => log.push(m),
  };
}

const lastUser = (req: GenerateRequest) => req.messages!.filter((m) => m.role === 'user').at(-1)!.content;
const shownLetter = (req: GenerateRequest, text: string) => new RegExp(`^([A-D])\\. ${text}$`, 'm').exec(lastUser(req))![1];

const topics = ['scurvy', 'rickets', 'beriberi', 'pellagra', 'wrist drop', 'foot drop', 'claw hand', 'winged scapula', 'absence seizure', 'status epilepticus'];
const poolSamples = topics.map((t, i) => mcqa(`train-${i}`, `Which finding is most typical of ${t} in adults?`, [`sign one of ${t}`, `sign two of ${t}`, `sign three of ${t}`, `sign four of ${t}`], 'ABCD'[i % 4]));

describe('building a pool', () => {
  test('keeps only rationales that reach the gold answer and counts why the others were dropped', async () => {
    const behaviour = ['right', 'right', 'wrong', 'unparsed', 'error', 'right', 'right', 'wrong', 'right', 'right'];
    const generate = async (req: GenerateRequest) => {
      const i = poolSamples.findIndex((s) => lastUser(req).includes(s.question));
      const s = poolSamples[i];
      const gold = s.options!.find((o) => o.key === s.answer)!.text;
      const other = s.options!.find((o) => o.key !== s.answer)!.text;
      switch (behaviour[i]) {
        case 'right':
          return reply(`Step by step: the classic sign is ${gold}.\nAnswer: ${shownLetter(req, gold)}`);
        case 'wrong':
          return reply(`I think it is ${other}. Answer: ${shownLetter(req, other)}`);
        case 'unparsed':
          return reply('Hard to say.');
        default:
          throw new Error('server exploded');
      }
    };
    const { header, items, errorSamples } = await buildPool(poolSamples, context(generate), { benchmark: 'synthetic', split: 'train', model: 'aloe-8b' });
    expect(header.counts).toEqual({ total: 10, kept: 6, dropped: { unparsed: 1, wrong: 2, error: 1 } });
    expect(header).toMatchObject({ model: 'aloe-8b', benchmark: 'synthetic', split: 'train', template: 'mcqa-cot', promptHash: cotPromptHash(SYSTEM) });
    expect(errorSamples).toEqual(['train-4: server exploded']);
    items.forEach((item, i) => {
      expect(item.order).toEqual(['A', 'B', 'C', 'D']);
      if (behaviour[i] === 'right') expect(item.rationale).toMatch(/Answer: [A-D]$/);
      else expect(item).toMatchObject({ rationale: null, dropped: behaviour[i] });
    });

    const file = join(tmp(), 'pool.jsonl');
    writePool(file, header, items);
    appendFileSync(file, '{"id": "torn line"\n{"id":"x","question":"q","options":[],"answer":"A","order":[]}\n');
    const pool = readPool(file);
    expect(pool.header).toEqual(header);
    expect(pool.items).toEqual(items);
    expect(pool.malformedLines).toEqual([12, 13]);
    expect(usableExamples(pool, true)).toMatchObject({ skipped: { noRationale: 4, rationaleDisagrees: 0, malformed: 2 } });
    expect(usableExamples(pool, true).examples).toHaveLength(6);
    expect(usableExamples(pool, false).examples).toHaveLength(10);
  });

  test('an unlabelled split is refused', async () => {
    const unlabelled = { ...poolSamples[0], answer: undefined };
    await expect(buildPool([unlabelled], context(async () => reply('A')), { benchmark: 'b', split: 'test', model: 'm' })).rejects.toThrow(/not a labelled multiple-choice question/);
  });

  test('a file that is not a pool, and a missing pool, are one-line errors naming the fix', () => {
    const dir = tmp();
    const notPool = join(dir, 'x.jsonl');
    writeFileSync(notPool, '{"id": 1}\n');
    expect(() => readPool(notPool)).toThrow(/not an aloe-eval pool/);
    const err = (() => {
      try {
        findPool(dir, 'medqa', 'org/aloe-8b', 'train');
      } catch (e) {
        return e as UserError;
      }
    })()!;
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toContain('aloe-eval medprompt build-pool --benchmark medqa --from train --model "org/aloe-8b"');
    const other = defaultPoolPath(dir, 'medqa', 'train', 'gpt-4o');
    writePool(other, { schema: 'aloe-eval/pool@1' } as never, []);
    expect(() => findPool(dir, 'medqa', 'org/aloe-8b', 'train')).toThrow(new RegExp(`other models exist.*${other.replace(/[.]/g, '\\.')}`));
    const dev = defaultPoolPath(dir, 'medqa', 'dev', 'org/aloe-8b');
    writePool(dev, { schema: 'aloe-eval/pool@1' } as never, []);
    expect(findPool(dir, 'medqa', 'org/aloe-8b', 'train')).toBe(dev);
    expect(dev).toMatch(/pools\/medqa\/dev\/org--aloe-8b\.jsonl$/);
  });
});

/** A pool file whose items are solved examples with rationales (original order reversed, to check it is kept). */
function writeExamplePool(items: Sample[], model = 'aloe-8b', extra: PoolItem[] = []): string {
  const file = join(tmp(), 'pool.jsonl');
  const poolItems: PoolItem[] = items.map((s) => {
    const order = s.options!.map((o) => o.key).reverse();
    const letter = 'ABCD'[order.indexOf(s.answer!)];
    return { id: s.id, question: s.question, options: s.options!, answer: s.answer!, order, rationale: `Because of reasons about ${s.id}.\nThe answer is (${letter}).` };
  });
  const all = [...poolItems, ...extra];
  writePool(
    file,
    {
      schema: 'aloe-eval/pool@1', benchmark: 'synthetic', split: 'train', model, template: 'mcqa-cot', promptHash: cotPromptHash(SYSTEM),
      temperature: 0, maxTokens: 256, createdAt: '2025-01-01T00:00:00.000Z', aloeEvalVersion: '0.1.0',
      counts: { total: all.length, kept: all.length, dropped: { unparsed: 0, wrong: 0, error: 0 } },
    },
    all,
  );
  return file;
}

describe('few-shot prompts', () => {
  test('an example is a user turn with its options in its own order and an assistant turn ending "Answer: X"', () => {
    const s = poolSamples[1]; // gold B; shown reversed: D C B A → gold is shown as C
    const [user, assistant] = exampleTurns({ ...s, answer: s.answer!, options: s.options!, order: ['D', 'C', 'B', 'A'], rationale: 'It is sign two.\nanswer: c' }, 'cot');
    expect(user.role).toBe('user');
    expect(user.content).toMatch(/^A\. sign four of rickets\nB\. sign three of rickets\nC\. sign two of rickets\nD\. sign one of rickets$/m);
    expect(user.content).toMatch(/Think step by step/);
    expect(assistant).toEqual({ role: 'assistant', content: 'It is sign two.\nAnswer: C' });
    expect(withAnswerLine('So it is (C).', 'C')).toBe('So it is (C).\n\nAnswer: C');
    expect(exampleTurns({ ...s, answer: s.answer!, options: s.options!, order: ['A', 'B', 'C', 'D'] }, 'direct')[1].content).toBe('Answer: B');
  });

  test('knn-cot: examples as turns, the most similar last, then the test question with the chain-of-thought instruction', async () => {
    const pool = writeExamplePool(poolSamples);
    const test = mcqa('test-1', 'In adults, which finding is most typical of wrist drop after a humerus fracture?', ['a', 'b', 'c', 'd'], 'A');
    const seen: GenerateRequest[] = [];
    const strategy = createStrategy('knn-cot');
    const ctx = context(async (req) => (seen.push(req), reply('Answer: A')), { pool, k: 3 });
    await strategy.prepare!('synthetic', [test], ctx);
    const p = await strategy.solve(test, ctx);
    const m = seen[0].messages!;
    expect(m.map((x) => x.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(m[5].content).toContain('of wrist drop in adults'); // nearest (BM25) example right before the question
    expect(m[6].content).toMatch(/\n\nAnswer: [A-D]$/);
    expect(m[7].content).toContain(test.question);
    expect(p.details).toMatchObject({ retriever: 'bm25', leakExcluded: 0 });
    expect((p.details!.examples as string[]).at(-1)).toBe('train-4');
    expect(p.answer).toBe('A');
  });

  test('--api completions: the same turns flattened into one prompt, recorded as sent', async () => {
    const pool = writeExamplePool(poolSamples);
    const test = mcqa('test-2', 'Which finding is most typical of claw hand in children?', ['w', 'x', 'y', 'z'], 'C');
    const seen: GenerateRequest[] = [];
    const strategy = createStrategy('medprompt');
    const ctx = { ...context(async (req) => (seen.push(req), reply(' Let me think.\nAnswer: C')), { pool, k: 2, ensembleStop: 'never', ensembleSize: 3 }), api: 'completions' as const };
    await strategy.prepare!('synthetic', [test], ctx);
    const p = await strategy.solve(test, ctx);
    expect(seen).toHaveLength(3);
    for (const [i, req] of seen.entries()) {
      expect(req.messages).toBeUndefined();
      expect(req.prompt!.startsWith(SYSTEM)).toBe(true);
      expect(req.prompt).toMatch(/Answer: [A-D]\n\n/); // an example's answer line, then the next turn
      expect(req.prompt).toMatch(/"Answer: X"\.\n$/); // ends with the instruction: the model reasons next
      expect(p.attempts[i].prompt).toBe(req.prompt);
      expect(p.attempts[i].extracted).toBe(p.attempts[i].permutation![2]);
    }
  });
});

describe('the leak guard holds in every example-based strategy', () => {
  const question =
    'A 30-year-old woman with ptosis and diplopia that worsen in the evening develops respiratory failure after an infection. Which finding is most typical of myasthenic crisis in adults?';
  const test1 = mcqa('test-9', question, ['w', 'x', 'y', 'z'], 'B');
  const copies = [
    { ...test1, id: 'copy-exact' },
    { ...test1, id: 'copy-case', question: question.toUpperCase().replace('myasthenic crisis', 'myasthenic-crisis') },
    { ...test1, id: 'copy-near', question: question.replace('30-year-old', '32-year-old') },
  ];
  const poolWithLeaks = () => writeExamplePool([...poolSamples, ...copies]);
  const { embed } = (() => {
    const embed: Embed = async (texts) =>
      texts.map((t) => {
        const v = new Float32Array(64).fill(0.01);
        for (const w of t.toLowerCase().split(/\W+/).filter(Boolean)) v[[...w].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 64] += 1;
        return v;
      });
    return { embed };
  })();

  test.each([
    ['knn', {}, undefined],
    ['knn-cot', {}, embed],
    ['medprompt', { ensembleStop: 'never' }, embed],
    ['fewshot', { k: 12 }, undefined],
    ['fewshot-cot', { k: 12 }, undefined],
  ] as const)('%s never shows the test question or a near copy, and counts what it left out', async (name, options, withEmbed) => {
    const seen: GenerateRequest[] = [];
    const ctx = context(async (req) => (seen.push(req), reply('Answer: B')), { pool: poolWithLeaks(), k: 4, embeddingsModel: 'toy', cacheDir: tmp(), ...options }, withEmbed);
    const strategy = createStrategy(name);
    await strategy.prepare!('synthetic', [test1], ctx);
    const p = await strategy.solve(test1, ctx);
    for (const req of seen) {
      const examples = req.messages!.slice(0, -1).map((x) => x.content.toLowerCase()).join('\n');
      expect(examples).not.toContain('myasthenic');
    }
    expect(p.details!.examples).not.toContain('copy-exact');
    expect(p.details!.examples).not.toContain('copy-case');
    expect(p.details!.examples).not.toContain('copy-near');
    expect(p.details!.leakExcluded).toBe(3);
    expect((p.details!.examples as string[]).length).toBe(name.startsWith('fewshot') ? 10 : 4);
  });
});

describe('pool provenance and fallbacks', () => {
  test('a pool built by another model is used with a warning that shows its provenance', async () => {
    const pool = writeExamplePool(poolSamples, 'gpt-4o');
    const log: string[] = [];
    const strategy = createStrategy('knn-cot');
    await strategy.prepare!('synthetic', [poolSamples[0]], context(async () => reply('A'), { pool, servedModel: 'aloe-8b' }, undefined, log));
    expect(log.join('\n')).toMatch(/warning: the example pool was built by another model than "aloe-8b": .*pool\.jsonl: synthetic\/train, model "gpt-4o", prompt [0-9a-f]{12}, built 2025-01-01/);
  });

  test('without a pool, chain-of-thought strategies stop with the build-pool command', async () => {
    const cacheDir = tmp();
    const err = await createStrategy('medprompt')
      .prepare!('medqa', [poolSamples[0]], context(async () => reply('A'), { cacheDir, servedModel: 'aloe-8b' }))
      .catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/build it with: aloe-eval medprompt build-pool --benchmark medqa --from train --model "aloe-8b"/);
  });

  test('without a pool, direct-answer few-shot draws from the labelled split', async () => {
    const fixtures = resolve(__dirname, 'fixtures', 'datasets', 'hub');
    const log: string[] = [];
    const test1 = mcqa('t', 'Which vitamin is low in a sailor with bleeding gums?', ['A1', 'B1', 'C1', 'D1'], 'A');
    const seen: GenerateRequest[] = [];
    const ctx = { ...context(async (req) => (seen.push(req), reply('Answer: A')), { cacheDir: tmp(), servedModel: 'aloe-8b', k: 2 }, undefined, log), data: sampleSource({ dataDir: fixtures, offline: true }) };
    const strategy = createStrategy('knn');
    await strategy.prepare!('medqa', [test1], ctx);
    await strategy.solve(test1, ctx);
    expect(log.join('\n')).toMatch(/no example pool built; using the 2 labelled items of medqa train/);
    expect(seen[0].messages!.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(seen[0].messages![3].content).toContain('scurvy'); // most similar last
    expect(seen[0].messages![4].content).toBe('Answer: C');
  });
});
