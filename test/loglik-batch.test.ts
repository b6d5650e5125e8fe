/**
 * Batched loglikelihood requests: one `/v1/completions` request with a prompt list per sample,
 * through the real openai SDK, the endpoint layer (cache, retries) and the fake server. Same
 * scripted logprobs, same acc / acc_norm as one request per prompt; cache entries shared both
 * ways; malformed batched responses retried then failed; mixed parameters sent one by one.
 */
import { mkdtempSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sameButPrompt, type Endpoint } from '../src/endpoint/endpoint.js';
import { EndpointFailure } from '../src/types/endpoint-failure.js';
import { batchUsage } from '../src/endpoint/transport.js';
import { readRun, runDirsUnder } from '../src/results/read-run.js';
import { createLoglikStrategy } from '../src/strategies/lm-eval/loglik.js';
import { echoRequest } from '../src/strategies/lm-eval/preflight.js';
import type { StrategyContext } from '../src/strategies/strategy.js';
import type { GenerateRequest, GenerateResult } from '../src/types/endpoint.js';
import type { Prediction } from '../src/types/prediction.js';
import type { Sample } from '../src/types/sample.js';
import { hasShared, runCli, sharedHub } from './helpers/cli.js';
import { choiceTable, echoReply } from './helpers/echo-logprobs.js';
import { openFakeEndpoint } from './helpers/fake-endpoint.js';
import { startFakeOpenAI, type BatchChoice, type FakeOpenAI } from './helpers/fake-openai.js';

const unit = (text: string) => createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;

/**
 * An echo server: prompt tokens, then one generated " x". Each token's logprob depends on the
 * text up to it, so every sample and choice gets its own scores, identical however it is asked.
 */
const prefixScoredReply = echoReply((_token, i, tokens) => -Math.round(unit(tokens.slice(0, i + 1).join('')) * 4000) / 1000);

const tmp = () => mkdtempSync(join(tmpdir(), 'aloe-batch-'));
function ctxFor(benchmark: string, ep: Endpoint, batched: boolean): StrategyContext {
  return {
    generate: ep.generate,
    ...(batched ? { generateBatch: ep.generateBatch } : {}),
    seed: 0,
    temperature: 0,
    maxTokens: 16,
    api: 'completions',
    systemPrompt: '',
    options: {},
    task: { benchmark, prompt: 'mcqa-plain' },
    log: () => {},
  };
}

const medqa = (i: number): Sample => ({
  id: `m${i}`,
  benchmark: 'medqa',
  kind: 'mcqa',
  question: `Which drug for patient ${i}?`,
  options: ['aspirin', 'heparin', 'warfarin', 'insulin'].map((text, k) => ({ key: 'ABCD'[k], text })),
  answer: 'B',
  metadata: {},
});

const pubmed = (i: number): Sample => ({
  id: `p${i}`,
  benchmark: 'pubmedqa',
  kind: 'mcqa',
  question: `Does exposure ${i} raise the risk?`,
  context: `We followed cohort ${i}.\nRisk went up.`,
  options: ['yes', 'no', 'maybe'].map((text, k) => ({ key: 'ABC'[k], text })),
  answer: 'A',
  metadata: {},
});

async function solveAll(samples: Sample[], ep: Endpoint, batched: boolean): Promise<Prediction[]> {
  const out: Prediction[] = [];
  for (const benchmark of ['medqa', 'pubmedqa']) {
    const mine = samples.filter((s) => s.benchmark === benchmark);
    const strategy = createLoglikStrategy();
    const ctx = ctxFor(benchmark, ep, batched);
    await strategy.prepare!(benchmark, mine, ctx);
    for (const s of mine) out.push(await strategy.solve(s, ctx));
  }
  return out;
}

/** What scoring depends on; latency, cache flags and the serving host aside. */
const scored = (p: Prediction) => ({
  answer: p.answer,
  error: p.error,
  details: p.details,
  loglikelihoods: p.attempts[0]?.loglikelihoods,
  calls: p.attempts[0]?.calls,
  usage: p.attempts[0]?.usage,
  prompt: p.attempts[0]?.prompt,
});

const completions = (fake: FakeOpenAI, from: number) => fake.requests.slice(from).filter((r) => r.path === '/v1/completions');

describe('loglik batching through the endpoint layer and the openai SDK', () => {
  let fake: FakeOpenAI;
  const samples = [...Array.from({ length: 8 }, (_, i) => medqa(i)), ...Array.from({ length: 8 }, (_, i) => pubmed(i))];

  beforeAll(async () => {
    fake = await startFakeOpenAI({ reply: prefixScoredReply });
  });
  afterAll(() => fake.close());

  it('one request per sample instead of 1 + choices, with the same acc, acc_norm, loglikelihoods and usage', async () => {
    const ep = await openFakeEndpoint(fake);
    let from = fake.requests.length;
    const single = await solveAll(samples, ep, false);
    expect(completions(fake, from)).toHaveLength(8 * 5 + 8 * 4);

    from = fake.requests.length;
    const batched = await solveAll(samples, ep, true);
    const sent = completions(fake, from);
    expect(sent).toHaveLength(samples.length);

    expect(batched.map(scored)).toEqual(single.map(scored));
    for (const p of batched) expect(p.error).toBeUndefined();
    // the scripted logprobs make acc and acc_norm disagree on some PubMedQA samples, and vary the answer
    expect(batched.some((p) => p.answer !== p.details!.accNormAnswer)).toBe(true);
    expect(new Set(batched.map((p) => p.answer)).size).toBeGreaterThan(1);

    // the list: the context (counted by an echo request too), then context + " choice" per choice
    const context = 'Question: Which drug for patient 0?\nA. aspirin\nB. heparin\nC. warfarin\nD. insulin\nAnswer:';
    expect(sent[0].body).toMatchObject({ prompt: [context, `${context} A`, `${context} B`, `${context} C`, `${context} D`], echo: true, logprobs: 1, max_tokens: 1, temperature: 0 });
    expect(sent.at(-1)!.body.prompt).toHaveLength(4);
  });

  it('a batched call after single calls of the same requests sends nothing (and the reverse): one cache', async () => {
    const context = 'Question: Shared cache?\nAnswer:';
    const requests = [context, `${context} A`, `${context} B`, `${context} C`].map(echoRequest);

    const dirA = tmp();
    const a1 = await openFakeEndpoint(fake, { cacheDir: dirA });
    let from = fake.requests.length;
    const singles = await Promise.all(requests.map((r) => a1.generate(r)));
    expect(completions(fake, from)).toHaveLength(4);
    from = fake.requests.length;
    const a2 = await openFakeEndpoint(fake, { cacheDir: dirA });
    const fromCache = await a2.generateBatch!(requests);
    expect(completions(fake, from)).toHaveLength(0);
    expect(fromCache.every((r) => r.cached)).toBe(true);
    expect(a2.stats).toMatchObject({ calls: 4, cachedCalls: 4 });
    const strip = (r: GenerateResult) => ({ text: r.text, finishReason: r.finishReason, usage: r.usage, logprobs: r.logprobs });
    expect(fromCache.map(strip)).toEqual(singles.map(strip));

    const dirB = tmp();
    const b1 = await openFakeEndpoint(fake, { cacheDir: dirB });
    from = fake.requests.length;
    const batch = await b1.generateBatch!(requests);
    expect(completions(fake, from)).toHaveLength(1);
    // per-prompt usage read off the echoed tokens equals what the server reports for each prompt alone
    expect(batch.map(strip)).toEqual(singles.map(strip));
    from = fake.requests.length;
    const b2 = await openFakeEndpoint(fake, { cacheDir: dirB });
    const again = await Promise.all(requests.map((r) => b2.generate(r)));
    expect(completions(fake, from)).toHaveLength(0);
    expect(again.map(strip)).toEqual(singles.map(strip));

    // partly cached: only the misses go, as one shorter list, in the right places
    const dirC = tmp();
    const c1 = await openFakeEndpoint(fake, { cacheDir: dirC });
    await c1.generate(requests[1]);
    await c1.generate(requests[3]);
    from = fake.requests.length;
    const mixed = await c1.generateBatch!(requests);
    const sent = completions(fake, from);
    expect(sent.map((r) => r.body.prompt)).toEqual([[requests[0].prompt, requests[2].prompt]]);
    expect(mixed.map(strip)).toEqual(singles.map(strip));
    expect(mixed.map((r) => r.cached)).toEqual([false, true, false, true]);
  });

  it('a batched loglik run over a warm cache (filled by a batched run) sends nothing and scores the same', async () => {
    const dir = tmp();
    const first = await solveAll(samples.slice(0, 3), await openFakeEndpoint(fake, { cacheDir: dir }), true);
    const from = fake.requests.length;
    const second = await solveAll(samples.slice(0, 3), await openFakeEndpoint(fake, { cacheDir: dir }), true);
    expect(completions(fake, from)).toHaveLength(0);
    expect(second.map(scored)).toEqual(first.map(scored));
    expect(second.every((p) => p.attempts[0].cached)).toBe(true);
  });

  it('requests that differ in more than the prompt are sent one request each', async () => {
    const ep = await openFakeEndpoint(fake);
    const base: GenerateRequest = { prompt: 'Question: Mixed?\nAnswer:', maxTokens: 1, temperature: 0 };
    const from = fake.requests.length;
    const out = await ep.generateBatch!([base, { ...base, prompt: `${base.prompt} A`, maxTokens: 2 }, { ...base, echo: true, logprobs: 1 }]);
    const sent = completions(fake, from);
    expect(sent).toHaveLength(3);
    expect(sent.every((r) => typeof r.body.prompt === 'string')).toBe(true);
    expect(out.map((r) => r.text)).toEqual([' x', ' x', ' x']);

    expect(sameButPrompt([base, { ...base, prompt: 'other', cacheTag: 'ensemble-2' }])).toBe(true); // cacheTag is never sent
    expect(sameButPrompt([base, { ...base, seed: 1 }])).toBe(false);
    expect(sameButPrompt([base, { messages: [{ role: 'user', content: 'hi' }] }])).toBe(false);
    expect(sameButPrompt([base])).toBe(false);
  });
});

describe('malformed or refused batched responses', () => {
  let mangle: ((choices: BatchChoice[]) => unknown[]) | undefined;
  let truncate = false;
  let fake: FakeOpenAI;
  let refusing: FakeOpenAI;

  beforeAll(async () => {
    fake = await startFakeOpenAI({
      reply: (body) => {
        const out = prefixScoredReply(body);
        // the last choice's logprobs lose two tokens (usage still counts them)
        if (!truncate || typeof out === 'string' || !String(body.prompt).endsWith(' D')) return out;
        const lp = out.logprobs as { tokens: string[]; token_logprobs: (number | null)[] };
        return { ...out, logprobs: { ...lp, tokens: lp.tokens.slice(2), token_logprobs: lp.token_logprobs.slice(2) } };
      },
      batchChoices: (choices) => (mangle ? mangle(choices) : choices),
    });
    refusing = await startFakeOpenAI({ reply: prefixScoredReply, refusePromptLists: true });
  });
  afterAll(async () => {
    await fake.close();
    await refusing.close();
  });
  beforeEach(() => {
    mangle = undefined;
    truncate = false;
  });

  const requests = ['Question: Bad?\nAnswer:', 'Question: Bad?\nAnswer: A', 'Question: Bad?\nAnswer: B'].map(echoRequest);

  it('a different number of choices is retried, then fails as "bad-response" (the runner records it for the sample)', async () => {
    mangle = (choices) => choices.slice(1);
    const ep = await openFakeEndpoint(fake, { maxRetries: 2 });
    const from = fake.requests.length;
    const err = await ep.generateBatch!(requests).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointFailure);
    expect((err as EndpointFailure).kind).toBe('bad-response');
    expect((err as EndpointFailure).message).toBe('batched response has 2 choices for 3 prompts');
    expect(completions(fake, from)).toHaveLength(3); // first try + 2 retries
    expect(ep.stats.failures['bad-response']).toBe(3);

    // through the strategy the failure is thrown to the runner, which records it per sample
    const strategy = createLoglikStrategy();
    const ctx = ctxFor('medqa', ep, true);
    await strategy.prepare!('medqa', [medqa(0)], ctx);
    await expect(strategy.solve(medqa(0), ctx)).rejects.toMatchObject({ kind: 'bad-response' });
  });

  it('a missing or duplicate index is a "bad-response"; shuffled indexes are put back in order', async () => {
    const ep = await openFakeEndpoint(fake);
    mangle = (choices) => choices.map((c) => ({ ...c, index: 0 }));
    await expect(ep.generateBatch!(requests)).rejects.toThrow(/missing or duplicate choice index \(0\) for 3 prompts/);
    mangle = (choices) => choices.map(({ index: _i, ...c }) => c);
    await expect(ep.generateBatch!(requests)).rejects.toThrow(/missing or duplicate choice index/);

    mangle = (choices) => [...choices].reverse();
    const reversed = await ep.generateBatch!(requests);
    mangle = undefined;
    const ordered = await Promise.all(requests.map((r) => ep.generate(r)));
    expect(reversed.map((r) => r.logprobs)).toEqual(ordered.map((r) => r.logprobs));
    expect(reversed.map((r) => r.usage)).toEqual(ordered.map((r) => r.usage));
  });

  it('echoed logprobs that do not add up to usage: each prompt is asked alone, and loglik reports the same error as unbatched', async () => {
    truncate = true;
    const warnings: string[] = [];
    const ep = await openFakeEndpoint(fake, { warn: (l) => warnings.push(l) });
    const run = async (batched: boolean) => {
      const strategy = createLoglikStrategy();
      const ctx = ctxFor('medqa', ep, batched);
      await strategy.prepare!('medqa', [medqa(1)], ctx);
      return strategy.solve(medqa(1), ctx);
    };
    let from = fake.requests.length;
    const single = await run(false);
    expect(completions(fake, from)).toHaveLength(5);
    from = fake.requests.length;
    const batched = await run(true);
    expect(completions(fake, from)).toHaveLength(1 + 5); // the list, then each prompt alone
    expect(batched.error).toEqual(single.error);
    expect(batched.error).toMatchObject({ kind: 'bad-logprobs', message: expect.stringMatching(/^choice "D": logprobs cover/) });
    expect(batched.answer).toBeNull();
    expect(warnings).toEqual([expect.stringMatching(/batched echo response did not give each prompt's token count/)]);
  });

  it('a server that refuses prompt lists (400): answered one by one, then batching is off for that endpoint', async () => {
    const warnings: string[] = [];
    const ep = await openFakeEndpoint(refusing, { warn: (l) => warnings.push(l) });
    let from = refusing.requests.length;
    const first = await ep.generateBatch!(requests);
    const sent = completions(refusing, from);
    expect(sent.map((r) => Array.isArray(r.body.prompt))).toEqual([true, false, false, false]);
    expect(first.map((r) => r.usage.promptTokens)).toEqual([3, 4, 4]);
    expect(warnings).toEqual([expect.stringMatching(/refused a list of prompts in one request \(400 .*\); sending one prompt per request from now on/)]);
    from = refusing.requests.length;
    await ep.generateBatch!(requests);
    expect(completions(refusing, from).map((r) => Array.isArray(r.body.prompt))).toEqual([false, false, false]);
  });
});

describe('per-prompt usage of a batched response (usage is only the sum)', () => {
  const echo = { echo: true, maxTokens: 1 };
  it('echo: prompt tokens = echoed tokens − generated ones, exact when finish reasons and totals pin them', () => {
    // prompts of 5 and 7 tokens, one generated token each, both cut at max_tokens
    expect(batchUsage([{ finishReason: 'length', tokens: 6 }, { finishReason: 'length', tokens: 8 }], { promptTokens: 12, completionTokens: 2 }, echo)).toEqual([
      { promptTokens: 5, completionTokens: 1 },
      { promptTokens: 7, completionTokens: 1 },
    ]);
    // both stopped early (end of text) after one token each: Σtokens − P = 2 = max_tokens × 2
    expect(batchUsage([{ finishReason: 'stop', tokens: 6 }, { finishReason: 'stop', tokens: 8 }], { promptTokens: 12, completionTokens: 2 }, echo)).toEqual([
      { promptTokens: 5, completionTokens: 1 },
      { promptTokens: 7, completionTokens: 1 },
    ]);
    // a server that leaves the end-of-text token out of logprobs: one stopped choice, zero generated tokens listed
    expect(batchUsage([{ finishReason: 'length', tokens: 6 }, { finishReason: 'stop', tokens: 7 }], { promptTokens: 12, completionTokens: 2 }, echo)).toEqual([
      { promptTokens: 5, completionTokens: 1 },
      { promptTokens: 7, completionTokens: 1 },
    ]);
    // max_tokens 0: the logprobs are the prompt
    expect(batchUsage([{ finishReason: 'length', tokens: 5 }, { finishReason: 'length', tokens: 7 }], { promptTokens: 12, completionTokens: 0 }, { echo: true, maxTokens: 0 })).toEqual([
      { promptTokens: 5, completionTokens: 0 },
      { promptTokens: 7, completionTokens: 0 },
    ]);
  });

  it('echo: null (ask one by one) when the counts cannot be pinned down', () => {
    const two = (a: number | undefined, b: number | undefined, fa = 'stop', fb = 'stop') => [{ finishReason: fa, tokens: a }, { finishReason: fb, tokens: b }];
    expect(batchUsage(two(6, undefined), { promptTokens: 12, completionTokens: 2 }, echo)).toBeNull(); // a choice without logprobs
    expect(batchUsage(two(6, 6, 'length', 'length'), { promptTokens: 12, completionTokens: 2 }, echo)).toBeNull(); // 2 tokens short of usage
    expect(batchUsage(two(6, 7), { promptTokens: 12, completionTokens: 2 }, echo)).toBeNull(); // which one generated?
    expect(batchUsage(two(6, 8), { promptTokens: 0, completionTokens: 0 }, echo)).toBeNull(); // no usage at all
  });

  it('without echo the totals are split evenly (an estimate per prompt, exact in sum)', () => {
    const three = [{ finishReason: 'stop', tokens: undefined }, { finishReason: 'stop', tokens: undefined }, { finishReason: 'stop', tokens: undefined }];
    expect(batchUsage(three, { promptTokens: 10, completionTokens: 5 }, { echo: false, maxTokens: 8 })).toEqual([
      { promptTokens: 4, completionTokens: 2 },
      { promptTokens: 3, completionTokens: 2 },
      { promptTokens: 3, completionTokens: 1 },
    ]);
  });
});

describe.skipIf(!hasShared)('aloe-eval run --strategy loglik batches each sample into one request', () => {
  let server: FakeOpenAI;
  let mangle = false;
  // acc picks "yes", acc_norm (÷ length) picks "maybe"
  const table: Record<string, number> = { yes: -1.0, no: -1.2, maybe: -1.5, heart: -0.5 };

  beforeAll(async () => {
    server = await startFakeOpenAI({
      models: ['aloe-test'],
      reply: echoReply(choiceTable(table, -0.3)),
      batchChoices: (choices) => (mangle ? choices.slice(1) : choices),
    });
  });
  afterAll(() => server.close());

  const run = (out: string, extra: string[] = []) =>
    runCli(['run', '--benchmarks', 'pubmedqa', '--strategy', 'loglik', '--limit', '5', '--data-dir', sharedHub, '--endpoint', server.url, '--out', out, '--no-cache', '--no-report', '--progress', 'none', ...extra]);
  const records = (out: string) => readRun(runDirsUnder(out)[0]);

  it('GET /models, the two preflight probes, then one prompt list per sample', async () => {
    mangle = false;
    const out = tmp();
    const from = server.requests.length;
    const r = await run(out);
    expect(r.code).toBe(0);
    const sent = server.requests.slice(from);
    expect(sent).toHaveLength(1 + 2 + 5);
    expect(sent.slice(3).every((q) => Array.isArray(q.body.prompt) && q.body.prompt.length === 4)).toBe(true);
    const { run: runFile, samples } = records(out);
    expect(runFile.usage.calls).toBe(5 * 4); // prompts scored, not HTTP requests
    for (const rec of samples) {
      expect(rec.error).toBeUndefined();
      expect(rec.answer).toBe('A');
      expect(rec.details?.accNormAnswer).toBe('C');
      expect(rec.attempts[0].loglikelihoods).toEqual([-1.0, -1.2, -1.5]);
    }
  });

  it('a batched response with the wrong number of choices: retried, then a per-sample "bad-response" error', async () => {
    mangle = true;
    const out = tmp();
    const from = server.requests.length;
    await run(out, ['--max-retries', '1']);
    mangle = false;
    expect(server.requests.length - from).toBe(1 + 2 + 5 * 2);
    const { samples } = records(out);
    expect(samples).toHaveLength(5);
    for (const rec of samples) {
      expect(rec.answer).toBeNull();
      expect(rec.error).toEqual({ kind: 'bad-response', message: 'batched response has 3 choices for 4 prompts' });
    }
  });
});
