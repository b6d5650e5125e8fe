/**
 * The judge is generic: an open benchmark can say `judge: correctness` (OpenMedQA, issue #18) and
 * is scored by the same client and parser. Real HTTP to a fake judge through the endpoint layer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { judgeAnswer } from '../src/scorers/judge/judge.js';
import type { Endpoint } from '../src/endpoint/endpoint.js';
import type { Sample } from '../src/types/sample.js';
import { openFakeEndpoint } from './helpers/fake-endpoint.js';
import { startFakeOpenAI, type ChatBody, type FakeOpenAI } from './helpers/fake-openai.js';

const sample: Sample = {
  id: 'q1', benchmark: 'openmedqa', kind: 'open', question: 'First-line drug for anaphylaxis?', references: ['Intramuscular adrenaline (epinephrine)'], metadata: {},
};

let fake: FakeOpenAI;
let endpoint: Endpoint;
beforeAll(async () => {
  // Says 1 when the answer mentions adrenaline/epinephrine, garbage when it mentions "{{question}}", else 0.
  fake = await startFakeOpenAI({
    models: ['judge'],
    reply: (body: ChatBody) => {
      const prompt = body.messages!.at(-1)!.content;
      const answer = /MODEL ANSWER: "([\s\S]*?)"\n/.exec(prompt)![1];
      if (answer.includes('{{question}}')) return 'not sure';
      return /adrenaline|epinephrine/i.test(answer) ? '#reason: same drug and route.\n#score: 1' : '{"score": 0}';
    },
  });
  endpoint = await openFakeEndpoint(fake);
});
afterAll(async () => fake?.close());

describe('judge: correctness rubric', () => {
  test('fills question, gold answer and model answer, and reads 1 / 0 from the reply', async () => {
    const right = await judgeAnswer(endpoint.generate, 'judge', 'correctness', sample, 'IM epinephrine 0.5 mg');
    expect(right).toMatchObject({ rubric: 'correctness', model: 'judge', verdict: 1 });
    expect(right.prompt).toContain('GOLD ANSWER: "Intramuscular adrenaline (epinephrine)"');
    expect(right.prompt).toContain('QUESTION: "First-line drug for anaphylaxis?"');
    const wrong = await judgeAnswer(endpoint.generate, 'judge', 'correctness', sample, 'Oral antihistamines');
    expect(wrong.verdict).toBe(0);
    expect(fake.requests.at(-1)!.body.temperature).toBe(0);
  });

  test('a reply without a verdict is a judge error, and an answer quoting a placeholder is not expanded', async () => {
    const r = await judgeAnswer(endpoint.generate, 'judge', 'correctness', sample, 'see {{question}}');
    expect(r.verdict).toBeNull();
    expect(r.raw).toBe('not sure');
    expect(r.error).toMatch(/^unparsable: no score 0–1/);
    expect(r.prompt).toContain('MODEL ANSWER: "see {{question}}"');
  });

  test('a judge that fails is a recorded judge error, not a thrown one', async () => {
    await fake.kill();
    const r = await judgeAnswer(endpoint.generate, 'judge', 'correctness', sample, 'IM epinephrine');
    expect(r.verdict).toBeNull();
    expect(r.error).toMatch(/^judge call failed: /);
  });
});
