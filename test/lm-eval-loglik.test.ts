/**
 * Loglikelihood scoring: a scripted "server" that tokenizes prompts into words and returns echo
 * logprobs gives the expected acc and acc_norm picks; malformed logprobs, refused prompts and
 * servers that ignore echo give per-sample errors or a refused run, never a guessed score.
 * The last block goes through real HTTP: the lead's fake OpenAI server, the endpoint layer and
 * the official openai SDK.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchmark, sampleSource } from '../src/datasets/index.js';
import { EndpointFailure } from '../src/types/endpoint-failure.js';
import { createLmEvalGenStrategy, parseGenerated } from '../src/strategies/lm-eval/gen.js';
import { createLoglikStrategy } from '../src/strategies/lm-eval/loglik.js';
import { pickChoices } from '../src/strategies/lm-eval/loglikelihood.js';
import type { StrategyContext } from '../src/strategies/strategy.js';
import type { Generate, GenerateRequest, GenerateResult } from '../src/types/endpoint.js';
import type { Sample } from '../src/types/sample.js';
import { UserError } from '../src/util/errors.js';
import { hasShared } from './helpers/cli.js';
import { choiceTable, echoLogprobs, echoReply, words } from './helpers/echo-logprobs.js';
import { openFakeEndpoint } from './helpers/fake-endpoint.js';
import { startFakeOpenAI, type FakeOpenAI } from './helpers/fake-openai.js';
import { sharedLoadOptions } from './helpers/shared-hub.js';

/** Logprob of the last prompt token by its text (the choice), -0.25 for every other token. */
type Table = Record<string, number>;

/** A Generate that answers like a word-tokenizing completions server with echo. */
function wordServer(table: Table, tamper?: (req: GenerateRequest, res: GenerateResult) => GenerateResult): Generate & { requests: GenerateRequest[] } {
  const requests: GenerateRequest[] = [];
  const generate = async (req: GenerateRequest): Promise<GenerateResult> => {
    requests.push(req);
    const prompt = req.prompt ?? '';
    const res: GenerateResult = {
      text: req.echo ? `${prompt} x` : ' x',
      finishReason: 'length',
      usage: { promptTokens: words(prompt).length, completionTokens: 1 },
      latencyMs: 1,
      cached: false,
      ...(req.echo && req.logprobs ? { logprobs: echoLogprobs(prompt, choiceTable(table, -0.25)) } : {}),
    };
    return tamper ? tamper(req, res) : res;
  };
  return Object.assign(generate, { requests });
}

function ctxFor(benchmark: string, generate: Generate, options: Record<string, unknown> = {}): StrategyContext {
  return {
    generate,
    seed: 0,
    temperature: 0,
    maxTokens: 16,
    api: 'completions',
    systemPrompt: '',
    options,
    task: { benchmark, prompt: 'mcqa-plain' },
    log: () => {},
  };
}

const pubmed: Sample = {
  id: 'p1',
  benchmark: 'pubmedqa',
  kind: 'mcqa',
  question: 'Does X cause Y?',
  context: 'We studied X.\nY went up.',
  options: [
    { key: 'A', text: 'yes' },
    { key: 'B', text: 'no' },
    { key: 'C', text: 'maybe' },
  ],
  answer: 'C',
  metadata: {},
};

const medqa: Sample = {
  id: 'm1',
  benchmark: 'medqa',
  kind: 'mcqa',
  question: 'Which drug?',
  options: ['aspirin', 'heparin', 'warfarin', 'insulin'].map((text, i) => ({ key: 'ABCD'[i], text })),
  answer: 'B',
  metadata: {},
};

async function solve(sample: Sample, generate: Generate) {
  const strategy = createLoglikStrategy();
  const ctx = ctxFor(sample.benchmark, generate);
  await strategy.prepare!(sample.benchmark, [sample], ctx);
  return strategy.solve(sample, ctx);
}

describe('loglik scoring', () => {
  it('sends the context once to count its tokens and each " choice" once with echo, logprobs 1, max_tokens 1', async () => {
    const server = wordServer({ A: -1, B: -2, C: -3, D: -4 });
    await solve(medqa, server);
    const context = 'Question: Which drug?\nA. aspirin\nB. heparin\nC. warfarin\nD. insulin\nAnswer:';
    expect(server.requests.map((r) => r.prompt)).toEqual([context, `${context} A`, `${context} B`, `${context} C`, `${context} D`]);
    expect(server.requests[0]).toMatchObject({ maxTokens: 1, temperature: 0 });
    expect(server.requests[0].echo).toBeUndefined();
    for (const r of server.requests.slice(1)) expect(r).toMatchObject({ echo: true, logprobs: 1, maxTokens: 1, temperature: 0 });
  });

  it('acc picks the largest loglikelihood; with one-letter choices acc_norm agrees', async () => {
    const p = await solve(medqa, wordServer({ A: -3.1, B: -0.7, C: -1.2, D: -2.5 }));
    expect(p.error).toBeUndefined();
    expect(p.answer).toBe('B');
    expect(p.details!.accNormAnswer).toBe('B');
    expect(p.attempts[0].loglikelihoods).toEqual([-3.1, -0.7, -1.2, -2.5]);
    expect(p.details!.lmEvalTask).toBe('medqa_4options');
    expect(p.details!.continuationTokens).toEqual([1, 1, 1, 1]);
  });

  it('pubmedqa: acc and acc_norm differ when dividing by the choice length changes the winner', async () => {
    // yes -2.0/3 = -0.667, no -1.5/2 = -0.75, maybe -2.6/5 = -0.52: acc → no, acc_norm → maybe
    const p = await solve(pubmed, wordServer({ yes: -2.0, no: -1.5, maybe: -2.6 }));
    expect(p.answer).toBe('B');
    expect(p.details!.accNormAnswer).toBe('C');
    expect(p.attempts[0].prompt).toBe('Abstract: We studied X.\nY went up.\nQuestion: Does X cause Y?\nAnswer:');
  });

  it('acc_norm divides by the choice length without the leading space (lm-eval), which can change the pick', () => {
    // /len("yes")=3 and /len("no")=2: -0.5 vs -0.55 → yes; with the space (/4, /3): -0.375 vs -0.367 → no
    expect(pickChoices([-1.5, -1.1, -9], ['yes', 'no', 'maybe']).accNorm).toBe(0);
  });

  it('ties go to the first choice, as np.argmax', () => {
    expect(pickChoices([-1, -1, -2, -1], ['A', 'B', 'C', 'D'])).toEqual({ acc: 0, accNorm: 0 });
  });

  it('--fewshot uses the planned examples in the context', async () => {
    const dev: Sample = { ...medqa, id: 'train-0', question: 'Shot?', answer: 'D' };
    const strategy = createLoglikStrategy(async (_benchmark, split) => (split === 'train' ? [dev] : [medqa]));
    const server = wordServer({ A: -1, B: -2, C: -3, D: -4 });
    const ctx = ctxFor('medqa', server, { fewshot: 1 });
    await strategy.prepare!('medqa', [medqa], ctx);
    const p = await strategy.solve(medqa, ctx);
    expect(p.details!.fewshotIds).toEqual(['train-0']);
    expect(server.requests[0].prompt).toBe(
      'Question: Shot?\nA. aspirin\nB. heparin\nC. warfarin\nD. insulin\nAnswer: D\n\nQuestion: Which drug?\nA. aspirin\nB. heparin\nC. warfarin\nD. insulin\nAnswer:',
    );
  });

  it.skipIf(!hasShared)('--fewshot reads the dev split through the datasets layer (ctx.data), as the runner passes it', async () => {
    const loadOptions = sharedLoadOptions();
    const { samples } = await loadBenchmark('mmlu-anatomy', loadOptions);
    const dev = (await loadBenchmark('mmlu-anatomy', loadOptions, 'dev')).samples;
    const strategy = createLoglikStrategy();
    const server = wordServer({ A: -1, B: -2, C: -3, D: -4 });
    const ctx = { ...ctxFor('mmlu-anatomy', server, { fewshot: 2, benchmarks: ['mmlu-anatomy'] }), data: sampleSource(loadOptions) };
    await strategy.preflight!(ctx);
    server.requests.length = 0; // drop the preflight's probe requests
    await strategy.prepare!('mmlu-anatomy', samples.slice(10, 11), ctx);
    const p = await strategy.solve(samples[10], ctx);
    expect(p.details!.fewshotIds).toEqual(['dev-0', 'dev-1']);
    const first = server.requests[0].prompt!;
    expect(first.startsWith('The following are multiple choice questions (with answers) about anatomy.\n\n' + dev[0].question.trim() + '\nA. ')).toBe(true);
    expect(first.split('\n\n')).toHaveLength(4);
  });
});

describe('loglik bad input: a per-sample error, never a guessed score', () => {
  const table = { A: -1, B: -2, C: -3, D: -4 };

  it('logprobs for a different number of tokens than the prompt has', async () => {
    const server = wordServer(table, (req, res) =>
      req.echo ? { ...res, logprobs: { ...res.logprobs!, tokens: res.logprobs!.tokens.slice(2), tokenLogprobs: res.logprobs!.tokenLogprobs.slice(2) } } : res,
    );
    const p = await solve(medqa, server);
    expect(p.answer).toBeNull();
    expect(p.error).toEqual({ kind: 'bad-logprobs', message: expect.stringMatching(/choice "A": logprobs cover 12 tokens, expected the 13 prompt tokens \+ 1 generated/) });
    expect(p.details).toBeUndefined();
  });

  it('a null logprob on a continuation token', async () => {
    const server = wordServer(table, (req, res) => {
      if (!req.echo || !req.prompt!.endsWith(' C')) return res;
      const lps = [...res.logprobs!.tokenLogprobs];
      lps[lps.length - 2] = null;
      return { ...res, logprobs: { ...res.logprobs!, tokenLogprobs: lps } };
    });
    const p = await solve(medqa, server);
    expect(p.error?.kind).toBe('bad-logprobs');
    expect(p.error?.message).toMatch(/choice "C": token 12 \(" C"\) of " C" has logprob null/);
  });

  it('no logprobs at all (logprobs: null in the response)', async () => {
    const server = wordServer(table, (_req, res) => ({ ...res, logprobs: undefined }));
    const p = await solve(medqa, server);
    expect(p.error).toEqual({ kind: 'no-logprobs', message: 'choice "A": the server returned no prompt logprobs for an echo request' });
  });

  it('a continuation that adds no token after the context', async () => {
    const server = wordServer(table, (req, res) => (req.echo ? res : { ...res, usage: { ...res.usage, promptTokens: res.usage.promptTokens + 1 } }));
    const p = await solve(medqa, server);
    expect(p.error?.message).toMatch(/" A" adds no token after the 13-token context \(prompt is 13 tokens\)/);
  });

  it('a prompt longer than the model\'s context (the server\'s 400) is recorded for that sample', async () => {
    const generate: Generate = async () => {
      throw new EndpointFailure('bad-request', "400 request rejected: This model's maximum context length is 8192 tokens. However, you requested 9001 tokens", false);
    };
    const p = await solve(medqa, generate);
    expect(p.answer).toBeNull();
    expect(p.error?.kind).toBe('prompt-too-long');
    expect(p.error?.message).toMatch(/maximum context length is 8192/);
  });

  it('other endpoint failures are left to the runner (thrown)', async () => {
    const generate: Generate = async () => {
      throw new EndpointFailure('connection', 'connection failed: ECONNREFUSED', false);
    };
    await expect(solve(medqa, generate)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('a sample that does not fit the template', async () => {
    const p = await solve({ ...medqa, options: medqa.options!.slice(0, 3) }, wordServer(table));
    expect(p.error).toEqual({ kind: 'bad-sample', message: 'medqa_4options needs 4 options, sample m1 has 3' });
  });
});

describe('loglik preflight', () => {
  it('accepts a server that echoes prompt logprobs', async () => {
    const strategy = createLoglikStrategy();
    await expect(strategy.preflight!(ctxFor('medqa', wordServer({ heart: -1 })))).resolves.toBeUndefined();
  });

  it('refuses a server that ignores echo (llama.cpp: logprobs for the generated token only), suggesting lm-eval-gen', async () => {
    const ignoresEcho = wordServer({}, (_req, res) =>
      res.logprobs ? { ...res, logprobs: { tokens: [' x'], tokenLogprobs: [-0.1], textOffset: [0] } } : res,
    );
    const strategy = createLoglikStrategy();
    const err = await strategy.preflight!(ctxFor('medqa', ignoresEcho)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as UserError).message).toMatch(/logprobs cover 1 tokens, expected the 10 prompt tokens \+ 1 generated.*--strategy lm-eval-gen/);
  });

  it('refuses a chat-only API (404 on /completions)', async () => {
    const generate: Generate = async () => {
      throw new EndpointFailure('not-found', '404 not found: no route POST /v1/completions', false);
    };
    const err = await createLoglikStrategy().preflight!(ctxFor('medqa', generate)).catch((e: unknown) => e);
    expect((err as UserError).message).toMatch(/echo request was refused \(404 not found.*lm-eval-gen/);
  });

  it('refuses a run with any benchmark lacking an lm-eval template, or a bad --fewshot, before sending anything', async () => {
    const server = wordServer({});
    await expect(createLoglikStrategy().preflight!(ctxFor('aci-bench', server))).rejects.toThrow(/no lm-evaluation-harness template/);
    const mixed = ctxFor('medqa', server, { benchmarks: ['medqa', 'mts-dialog'] });
    await expect(createLoglikStrategy().preflight!(mixed)).rejects.toThrow(/"mts-dialog" has no lm-evaluation-harness template/);
    await expect(createLmEvalGenStrategy().preflight!(mixed)).rejects.toThrow(/"mts-dialog"/);
    await expect(createLoglikStrategy().preflight!(ctxFor('medqa', server, { fewshot: -1 }))).rejects.toThrow(/--fewshot must be a whole number/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('lm-eval-gen', () => {
  it('reads the first letter or word after "Answer:"', () => {
    const letters = ['A', 'B', 'C', 'D'];
    expect(parseGenerated(' B', letters)).toBe(1);
    expect(parseGenerated(' D. insulin', letters)).toBe(3);
    expect(parseGenerated(' (C)', letters)).toBe(2);
    expect(parseGenerated(' Because', letters)).toBe(-1);
    expect(parseGenerated(' E', letters)).toBe(-1);
    expect(parseGenerated(' a', letters)).toBe(-1);
    const yn = ['yes', 'no', 'maybe'];
    expect(parseGenerated(' Yes.', yn)).toBe(0);
    expect(parseGenerated(' maybe', yn)).toBe(2);
    expect(parseGenerated(' nope', yn)).toBe(-1);
  });

  it('sends the same prompt, greedy, stopping at a newline; maps the word back to the option key', async () => {
    const requests: GenerateRequest[] = [];
    const generate: Generate = async (req) => {
      requests.push(req);
      return { text: ' maybe', finishReason: 'stop', usage: { promptTokens: 9, completionTokens: 1 }, latencyMs: 1, cached: false };
    };
    const strategy = createLmEvalGenStrategy();
    const ctx = ctxFor('pubmedqa', generate);
    await strategy.preflight!(ctx);
    await strategy.prepare!('pubmedqa', [pubmed], ctx);
    const p = await strategy.solve(pubmed, ctx);
    expect(requests[0]).toMatchObject({ prompt: 'Abstract: We studied X.\nY went up.\nQuestion: Does X cause Y?\nAnswer:', temperature: 0, stop: ['\n'] });
    expect(p.answer).toBe('C');
    expect(p.attempts[0].raw).toBe(' maybe');
  });
});

describe('loglik over HTTP: fake OpenAI server, endpoint layer, openai SDK', () => {
  let fake: FakeOpenAI;
  let echoIgnored = false;
  const table: Table = { yes: -2.0, no: -1.5, maybe: -2.6, heart: -0.5 };
  const scored = echoReply(choiceTable(table, -0.25));

  beforeAll(async () => {
    fake = await startFakeOpenAI({
      reply: (body) =>
        echoIgnored && body.echo && body.logprobs
          ? { text: ' x', logprobs: { tokens: [' x'], token_logprobs: [-0.1], text_offset: [String(body.prompt ?? '').length], top_logprobs: null } }
          : scored(body),
    });
  });
  afterAll(() => fake.close());

  const endpoint = () => openFakeEndpoint(fake);

  it('preflight passes, and acc / acc_norm come out of real echo responses', async () => {
    echoIgnored = false;
    const ep = await endpoint();
    const strategy = createLoglikStrategy();
    const ctx = ctxFor('pubmedqa', ep.generate);
    await strategy.preflight!(ctx);
    await strategy.prepare!('pubmedqa', [pubmed], ctx);
    const p = await strategy.solve(pubmed, ctx);
    expect(p.error).toBeUndefined();
    expect(p.answer).toBe('B');
    expect(p.details!.accNormAnswer).toBe('C');
    const sent = fake.requests.filter((r) => r.path === '/v1/completions' && r.body.echo).at(-1)!.body;
    expect(sent).toMatchObject({ echo: true, logprobs: 1, max_tokens: 1, temperature: 0 });
    expect(sent.prompt).toBe('Abstract: We studied X.\nY went up.\nQuestion: Does X cause Y?\nAnswer: maybe');
  });

  it('preflight refuses the same server when it ignores echo', async () => {
    echoIgnored = true;
    const ep = await endpoint();
    await expect(createLoglikStrategy().preflight!(ctxFor('pubmedqa', ep.generate))).rejects.toThrow(/lm-eval-gen/);
  });
});
