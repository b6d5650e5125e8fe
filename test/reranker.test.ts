/**
 * The reranker for kNN examples: the client against a fake server of each API shape (vLLM,
 * Cohere, Jina, TEI), malformed replies, then whole runs through the built CLI where a reranker
 * that reorders in a known way decides exactly which examples each question gets.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { endpointTarget } from '../src/endpoint/endpoint-url.js';
import { readRerankReply, RerankClient } from '../src/endpoint/reranker.js';
import { readRun, runDirsUnder } from '../src/results/read-run.js';
import { LeakGuard } from '../src/strategies/retrieval/leak-guard.js';
import { rerankedSelection } from '../src/strategies/retrieval/rerank-select.js';
import type { Example } from '../src/strategies/mcqa/few-shot.js';
import { runCli } from './helpers/cli.js';
import { openFakeEndpoint } from './helpers/fake-endpoint.js';
import { startFakeOpenAI, type FakeOpenAI } from './helpers/fake-openai.js';
import { startFakeReranker, type FakeRerankApi, type FakeReranker } from './helpers/fake-reranker.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'aloe-rerank-'));
/** The relevance this fake reranker gives: the "(#n)" marker of the document, negated for queries asking for low ones. */
const markerScore = (query: string, doc: string) => {
  const n = Number(/\(#(\d+)\)/.exec(doc)?.[1] ?? 0);
  return query.includes('lowest') ? -n : n;
};
const client = (url: string) => new RerankClient({ target: endpointTarget(url, { flag: '--reranker-endpoint', apiKey: 'k' }), model: 'bge-reranker', timeoutMs: 5000 });

describe('the rerank client speaks each API', () => {
  const shapes: [FakeRerankApi, string | undefined, 'vllm' | 'tei'][] = [
    ['vllm', '/v1', 'vllm'],
    ['cohere', '/v2', 'vllm'],
    ['jina', '/v1', 'vllm'],
    ['tei', '', 'tei'],
  ];
  test.each(shapes)('%s: detected in the preflight, scores returned in document order though the server sorts them', async (api, prefix, detected) => {
    const server = await startFakeReranker({ api, prefix, score: markerScore });
    try {
      const c = client(server.url);
      expect(await c.preflight('auto')).toBe(detected);
      expect(await c.preflight(api)).toBe(api);
      const docs = ['one (#3)', 'two (#7)', 'three (#1)', 'four (#5)'];
      expect(await c.score(detected, 'highest please', docs)).toEqual([3, 7, 1, 5]);
      const last = server.requests.at(-1)!.body;
      if (api === 'tei') expect(last).toEqual({ query: 'highest please', texts: docs });
      else expect(last).toEqual({ model: 'bge-reranker', query: 'highest please', documents: docs, top_n: 4 });
    } finally {
      await server.close();
    }
  });

  test('a wrong base URL is a one-line error saying what --reranker-endpoint must be', async () => {
    const server = await startFakeReranker({ api: 'vllm', score: markerScore });
    try {
      const wrong = server.url.replace(/\/v1$/, '');
      await expect(client(wrong).preflight('auto')).rejects.toThrow(/404 not found.*--reranker-endpoint must be the base URL of http:\/\/127\.0\.0\.1:\d+\/rerank/);
    } finally {
      await server.close();
    }
  });

  test('through the endpoint layer: a 503 is retried (in the preflight too), a 401 is not, and failures name the reranker', async () => {
    const model = await startFakeOpenAI({ models: ['m'] });
    // 1: the vLLM-shaped probe (refused, 422); 2: the TEI probe fails with 503, 3: its retry; 4: a rerank; 5: refused outright
    const server = await startFakeReranker({ api: 'tei', score: markerScore, fail: (n) => (n === 2 ? 503 : n === 5 ? 401 : undefined) });
    try {
      const endpoint = await openFakeEndpoint(model, { maxRetries: 2, reranker: { url: server.url, model: 'r', api: 'auto', optional: false } });
      expect(endpoint.reranker).toEqual({ api: 'tei', host: new URL(server.url).host });
      expect(await endpoint.rerank!('highest', ['a (#2)', 'b (#5)'])).toEqual([2, 5]);
      expect(server.requests).toHaveLength(4);
      await expect(endpoint.rerank!('highest', ['a (#2)'])).rejects.toThrow(/^reranker at 127\.0\.0\.1:\d+: 401 key refused/);
    } finally {
      await server.close();
      await model.close();
    }
  });

  test('malformed replies name the endpoint and the field', () => {
    const read = (reply: unknown, api: 'vllm' | 'tei' = 'vllm') => () => readRerankReply(api, reply, 2, 'rr.example:8000');
    const rs = (...results: unknown[]) => ({ results });
    expect(read(rs({ index: 0, relevance_score: 1 }, { index: 2, relevance_score: 0 }))).toThrow('reranker at rr.example:8000: results[1].index 2 is out of range for 2 documents');
    expect(read(rs({ index: 0, relevance_score: 1 }, { relevance_score: 0 }))).toThrow('reranker at rr.example:8000: results[1].index is missing or not a whole number (undefined)');
    expect(read(rs({ index: 0, relevance_score: 1 }, { index: 0, relevance_score: 0 }))).toThrow('results[1].index 0 scores a document twice');
    expect(read(rs({ index: 0, relevance_score: 1 }))).toThrow('reranker at rr.example:8000: results has no entry with index 1 (1 entries for 2 documents)');
    expect(read(rs({ index: 0, relevance_score: 1 }, { index: 1, score: 0 }))).toThrow('results[1].relevance_score is not a number (undefined)');
    expect(read({ data: [] })).toThrow('reranker at rr.example:8000: the reply has no "results" list');
    expect(read([{ index: 1, score: 0.5 }, { index: -1, score: 0.2 }], 'tei')).toThrow('[1].index -1 is out of range for 2 documents');
    expect(read([{ index: 1, score: 0.5 }, { index: 0, score: 0.2 }], 'tei')()).toEqual([0.2, 0.5]);
  });
});

describe('rerankedSelection', () => {
  const example = (i: number, question: string): Example => ({ id: `p${i}`, question, options: [{ key: 'A', text: 'x' }, { key: 'B', text: 'y' }], answer: 'A', order: ['A', 'B'] });
  const test0 = 'Which drug treats the acute gout flare in this elderly patient with kidney disease and diabetes today?';
  const pool = [...Array.from({ length: 12 }, (_, i) => example(i, `Pool question ${i} about gout (#${(i * 7) % 12})`)), example(12, `${test0} (#99)`)];

  test('scores the m nearest that pass the leak guard, keeps the top k by score, most relevant last', async () => {
    // Retrieval ranks the pool 12, 0, 1, 2, …: the near-copy first, as a retriever would.
    const search = (m: number) => [12, ...Array.from({ length: 12 }, (_, i) => i)].slice(0, m).map((index, r) => ({ index, score: 1 - r / 100 }));
    const sent: string[][] = [];
    const selection = await rerankedSelection(pool, new LeakGuard(pool.map((p) => p.question)), { id: 't', benchmark: 'b', kind: 'mcqa', question: test0, metadata: {} }, 3, 6, search, async (q, docs) => {
      sent.push([...docs]);
      return docs.map((d) => markerScore(q, d));
    });
    // candidates: pool items 0…5 (the near-copy left out before reranking), markers 0, 7, 2, 9, 4, 11
    expect(sent).toEqual([[0, 1, 2, 3, 4, 5].map((i) => pool[i].question)]);
    expect(selection.examples.map((e) => e.id)).toEqual(['p1', 'p3', 'p5']);
    expect(selection.rerankScores).toEqual([7, 9, 11]);
    expect(selection.scores).toEqual([0.98, 0.96, 0.94]);
    expect(selection).toMatchObject({ leakExcluded: 1, rerankCandidates: 6 });
  });
});

/** A synthetic MedQA mirror: 10 labelled training questions carrying reranker markers, plus a near copy of test question 0. */
function writeMirror(): { hub: string; test: string[] } {
  const hub = tmp();
  const dir = join(hub, 'GBaker', 'MedQA-USMLE-4-options');
  mkdirSync(dir, { recursive: true });
  const row = (question: string) => ({ question, options: { A: 'Colchicine', B: 'Allopurinol', C: 'Febuxostat', D: 'Probenecid' }, answer_idx: 'A', answer: 'Colchicine', meta_info: 'step1' });
  const test = [
    'A 70-year-old man with chronic kidney disease has an acute gout flare of the knee; which examples rank highest for him?',
    'A 40-year-old woman has recurrent gout attacks and tophi on both hands; which examples rank lowest for her?',
  ];
  const train = Array.from({ length: 10 }, (_, i) => row(`Training case ${i} about gout and uric acid crystals in a joint (#${i + 1})`));
  train.push(row(`${test[0]} (#99)`));
  writeFileSync(join(dir, 'phrases_no_exclude_train.jsonl'), train.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(dir, 'phrases_no_exclude_test.jsonl'), test.map((q) => JSON.stringify(row(q))).join('\n') + '\n');
  return { hub, test };
}

describe('runs with a reranker, through the CLI', () => {
  let model: FakeOpenAI;
  let mirror: ReturnType<typeof writeMirror>;
  beforeAll(async () => {
    mirror = writeMirror();
    model = await startFakeOpenAI({ models: ['aloe-test'], reply: () => 'Answer: A' });
  });
  afterAll(() => model.close());

  const run = (reranker: string | null, cache: string, extra: string[] = []) => {
    const out = tmp();
    const args = ['run', '--benchmarks', 'medqa', '--strategy', 'knn', '--k', '3', '--endpoint', model.url, '--data-dir', mirror.hub, '--cache-dir', cache, '--out', out, '--no-report', '--progress', 'none'];
    if (reranker) args.push('--reranker-endpoint', reranker, '--reranker-model', 'bge-reranker-v2-m3', '--rerank-candidates', '20');
    return runCli([...args, ...extra]).then((r) => ({ ...r, out }));
  };
  /** The "(#n)" markers of the examples shown before each test question, in prompt order. */
  const shown = (out: string) => {
    const [{ samples }] = runDirsUnder(out).map((d) => readRun(d));
    return Object.fromEntries(
      samples.map((s) => [
        mirror.test.indexOf(s.question),
        s.attempts[0].messages!.filter((m, i, all) => m.role === 'user' && i < all.length - 1).map((m) => Number(/\(#(\d+)\)/.exec(m.content)![1])),
      ]),
    );
  };
  const chatCalls = () => model.requests.filter((r) => r.path === '/v1/chat/completions').length;

  test.each(['vllm', 'tei'] as const)('%s: every question gets exactly the reranker\'s top k, most relevant last; the near copy is never sent; scores are cached', async (api) => {
    const reranker = await startFakeReranker({ api, score: markerScore });
    try {
      const cache = tmp();
      const r = await run(reranker.url, cache);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.code).toBe(0);
      expect(shown(r.out)).toEqual({ 0: [8, 9, 10], 1: [3, 2, 1] });
      expect(r.stderr).toMatch(/knn: bm25 \+ reranker bge-reranker-v2-m3 examples from a pool of 11; the leak guard left out 1 near-copies of 1 test questions/);
      // 10 candidates for question 0 (its near copy left out), all 11 for question 1
      expect(r.stderr).toMatch(/reranker bge-reranker-v2-m3: 0 scores from cache, 21 scored in 2 requests/);
      // the probe (TEI: after the vLLM-shaped one it refused), then one request per question;
      // question 0's never holds its near copy
      const probes = api === 'tei' ? 2 : 1;
      expect(reranker.requests).toHaveLength(probes + 2);
      const forFirst = reranker.requests.filter((q) => q.body.query === mirror.test[0]);
      expect(forFirst).toHaveLength(1);
      expect(JSON.stringify(forFirst)).not.toContain('(#99)');
      const [{ samples }] = runDirsUnder(r.out).map((d) => readRun(d));
      const first = samples.find((s) => s.question === mirror.test[0])!;
      expect(first.details).toMatchObject({ reranker: 'bge-reranker-v2-m3', rerankScores: [8, 9, 10], rerankCandidates: 10, leakExcluded: 1, retriever: 'bm25' });
      const again = await run(reranker.url, cache);
      expect(again.code).toBe(0);
      expect(shown(again.out)).toEqual({ 0: [8, 9, 10], 1: [3, 2, 1] });
      expect(again.stderr).toMatch(/reranker bge-reranker-v2-m3: 21 scores from cache, 0 scored in 0 requests/);
      expect(reranker.requests).toHaveLength(2 * probes + 2); // only the second run's probe
    } finally {
      await reranker.close();
    }
  });

  test('a reply with out-of-range indices stops the run before any model call, naming the endpoint and field', async () => {
    const reranker = await startFakeReranker({ api: 'vllm', score: markerScore, corrupt: (reply) => ({ results: (reply as { results: { index: number }[] }).results.map((x) => ({ ...x, index: x.index + 5 })) }) });
    try {
      const before = chatCalls();
      const r = await run(reranker.url, tmp(), ['--reranker-api', 'vllm']);
      expect(r.code).toBe(2);
      const host = new URL(reranker.url).host;
      expect(r.stderr.trim()).toMatch(new RegExp(`^aloe-eval: reranker at ${host}: results\\[0\\]\\.index \\d is out of range for 2 documents; check --reranker-endpoint and --reranker-api`));
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(chatCalls()).toBe(before);
    } finally {
      await reranker.close();
    }
  });

  test('a malformed reply after the preflight also stops before any model call; --rerank-optional goes on without reranking', async () => {
    // The two-document probe is answered well; every longer reply loses its last entry.
    const corrupt = (reply: unknown) => {
      const { results } = reply as { results: unknown[] };
      return results.length === 2 ? reply : { results: results.slice(0, -1) };
    };
    const reranker = await startFakeReranker({ api: 'vllm', score: markerScore, corrupt });
    try {
      const before = chatCalls();
      const stopped = await run(reranker.url, tmp());
      expect(stopped.code).toBe(2);
      expect(stopped.stderr).toMatch(/reranker at 127\.0\.0\.1:\d+: results has no entry with index \d+ \(9 entries for 10 documents\); check --reranker-endpoint, --reranker-model and --reranker-api, or give --rerank-optional/);
      expect(chatCalls()).toBe(before);

      const plain = await run(null, tmp());
      const optional = await run(reranker.url, tmp(), ['--rerank-optional']);
      expect(optional.code).toBe(0);
      expect(optional.stderr).toMatch(/warning: reranker at 127\.0\.0\.1:\d+: results has no entry with index \d+ \(9 entries for 10 documents\); --rerank-optional: going on without reranking/);
      // the same examples as a run without a reranker, recorded as not reranked
      expect(shown(optional.out)).toEqual(shown(plain.out));
      const [{ samples }] = runDirsUnder(optional.out).map((d) => readRun(d));
      expect(samples.every((s) => s.details!.rerankScores === undefined)).toBe(true);
    } finally {
      await reranker.close();
    }
  });

  test('an unreachable reranker: exit 2 naming the flag, or with --rerank-optional a warning and a run without it', async () => {
    const dead = await startFakeReranker({ api: 'vllm', score: markerScore });
    await dead.close();
    // (--max-retries 0: the preflight's connection retries would only slow the test down)
    const r = await run(dead.url, tmp(), ['--max-retries', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+\/v1\/rerank .*Fix --reranker-endpoint/);
    const optional = await run(dead.url, tmp(), ['--rerank-optional', '--max-retries', '0']);
    expect(optional.code).toBe(0);
    expect(optional.stderr).toMatch(/--rerank-optional: going on without reranking/);
    const missingModel = await runCli(['run', '--benchmarks', 'medqa', '--strategy', 'knn', '--endpoint', model.url, '--data-dir', mirror.hub, '--reranker-endpoint', dead.url]);
    expect(missingModel.code).toBe(2);
    expect(missingModel.stderr).toMatch(/--reranker-endpoint needs --reranker-model/);
  });
});
