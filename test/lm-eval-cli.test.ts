/**
 * The built CLI, spawned as users run it: `aloe-eval prompts` prints lm-eval's prompts from the
 * real data, and `aloe-eval run --strategy loglik` scores through the real openai SDK against a
 * fake server that returns echo logprobs (or ignores echo, and the run is refused).
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRun, runDirsUnder } from '../src/results/read-run.js';
import { hasShared, runCli, sharedHub } from './helpers/cli.js';
import { choiceTable, echoReply } from './helpers/echo-logprobs.js';
import { startFakeOpenAI, type FakeOpenAI } from './helpers/fake-openai.js';
import { sharedParquet as parquet, type Row } from './helpers/shared-hub.js';

const str = (v: unknown) => v as string;

const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const data = ['--data-dir', sharedHub, '--offline'];

describe.skipIf(!hasShared)('aloe-eval prompts', () => {
  it('loglik on medmcqa: {id, prompt, choices} with lm-eval\'s "Question/Choices" prompt, byte for byte', async () => {
    const r = await runCli(['prompts', '--benchmark', 'medmcqa', '--strategy', 'loglik', '--limit', '5', ...data]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = await parquet('openlifescienceai/medmcqa/data/validation-00000-of-00001.parquet');
    const out = lines(r.stdout);
    expect(out).toHaveLength(5);
    out.forEach((line, i) => {
      const q = rows[i];
      expect(line).toEqual({
        id: `validation-${i}`,
        prompt: `Question: ${str(q.question)}\nChoices:\nA. ${str(q.opa)}\nB. ${str(q.opb)}\nC. ${str(q.opc)}\nD. ${str(q.opd)}\nAnswer:`,
        choices: [' A', ' B', ' C', ' D'],
      });
    });
  });

  it('lm-eval-gen on pubmedqa with --fewshot 1: the example lm-eval draws (CPython random.Random(1234)) before the question', async () => {
    const r = await runCli(['prompts', '--benchmark', 'pubmedqa', '--strategy', 'lm-eval-gen', '--limit', '2', '--fewshot', '1', ...data]);
    expect(r.code).toBe(0);
    const rows = await parquet('bigbio/pubmed_qa/@refs%2Fconvert%2Fparquet/pubmed_qa_labeled_fold0_source/test/0000.parquet');
    const text = (q: Row) => `Abstract: ${(q.CONTEXTS as string[]).join('\n')}\nQuestion: ${str(q.QUESTION)}\nAnswer:`;
    // CPython: r = random.Random(1234); [r.sample(range(500), 1) for _ in range(2)] == [[494], [398]]
    expect(lines(r.stdout)).toEqual([
      { id: 'test-0', prompt: `${text(rows[494])} ${str(rows[494].final_decision)}\n\n${text(rows[0])}` },
      { id: 'test-1', prompt: `${text(rows[398])} ${str(rows[398].final_decision)}\n\n${text(rows[1])}` },
    ]);
  });

  it('plain: the chat messages a run sends (system prompt, then the question)', async () => {
    const r = await runCli(['prompts', '--benchmark', 'mmlu-anatomy', '--limit', '1', ...data]);
    expect(r.code).toBe(0);
    const [line] = lines(r.stdout);
    const messages = line.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[0].content).toMatch(/Aloe/);
    expect(messages[1].content).toMatch(/^A lesion causing compression of the facial nerve/);
  });

  it('a benchmark without an lm-eval template: one line, exit 2', async () => {
    const r = await runCli(['prompts', '--benchmark', 'mts-dialog', '--strategy', 'loglik', '--limit', '1', ...data]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^aloe-eval: benchmark "mts-dialog" has no lm-evaluation-harness template/)]);
    expect(r.stdout).toBe('');
  });
});

describe.skipIf(!hasShared)('aloe-eval run --strategy loglik against a fake server with echo logprobs', () => {
  let server: FakeOpenAI;
  let ignoreEcho = false;
  // The continuation's logprob by choice: acc picks "yes" (-1.0), acc_norm (÷ len) picks "maybe" (-1.5/5 = -0.3 > -1.0/3).
  const table: Record<string, number> = { yes: -1.0, no: -1.2, maybe: -1.5, heart: -0.5 };

  // Word tokens, as the fake server counts usage; the last prompt token is the choice.
  const scored = echoReply(choiceTable(table, -0.3));

  beforeAll(async () => {
    server = await startFakeOpenAI({
      models: ['aloe-test'],
      reply: (body) =>
        ignoreEcho && body.echo && body.logprobs
          ? { text: ' x', logprobs: { tokens: [' x'], token_logprobs: [-0.1], text_offset: [0], top_logprobs: null } }
          : scored(body),
    });
  });
  afterAll(() => server.close());

  const run = (out: string) =>
    runCli(['run', '--benchmarks', 'pubmedqa', '--strategy', 'loglik', '--limit', '6', '--data-dir', sharedHub, '--endpoint', server.url, '--out', out, '--no-cache', '--no-report', '--progress', 'none']);

  it('acc and acc_norm in run.json and samples.jsonl come from the echoed logprobs', async () => {
    ignoreEcho = false;
    const out = mkdtempSync(join(tmpdir(), 'aloe-lmeval-'));
    const before = server.requests.length;
    const r = await run(out);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const { run: runFile, samples: records } = readRun(runDirsUnder(out)[0]);
    const rows = (await parquet('bigbio/pubmed_qa/@refs%2Fconvert%2Fparquet/pubmed_qa_labeled_fold0_source/test/0000.parquet')).slice(0, 6);
    const gold = rows.map((q) => str(q.final_decision));
    const result = runFile.results.pubmedqa;
    expect(result.n).toBe(6);
    expect(result.value).toBeCloseTo(gold.filter((g) => g === 'yes').length / 6, 12);
    expect(result.value).not.toBe(result.metrics?.acc_norm.value);
    expect(result.metrics?.acc_norm.value).toBeCloseTo(gold.filter((g) => g === 'maybe').length / 6, 12);
    for (const rec of records) {
      expect(rec.error).toBeUndefined();
      expect(rec.answer).toBe('A');
      expect(rec.details?.accNormAnswer).toBe('C');
      expect(rec.scores?.acc_norm).toBe(rec.gold === 'C' ? 1 : 0);
      expect(rec.attempts[0].calls).toBe(4);
      expect(rec.attempts[0].loglikelihoods).toEqual([-1.0, -1.2, -1.5]);
    }
    // GET /models, the preflight's two probes, then per sample one prompt list (count + three choices)
    expect(server.requests.length - before).toBe(1 + 2 + 6);
  });

  it('a server that ignores echo: the run is refused before any sample, exit 2, pointing at lm-eval-gen', async () => {
    ignoreEcho = true;
    const out = mkdtempSync(join(tmpdir(), 'aloe-lmeval-'));
    const before = server.requests.length;
    const r = await run(out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/aloe-eval: --strategy loglik needs prompt logprobs.*--strategy lm-eval-gen/);
    expect(server.requests.length - before).toBe(1 + 2);
    expect(readdirSync(out)).toEqual([]);
  });
});
