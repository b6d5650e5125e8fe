/**
 * Issue 13 end to end, with the built CLI: a fake model that refuses a known subset of the
 * aloe-risks prompts (fully or partly) and complies with the rest, and a fake judge answering in
 * several formats (label, bare number, JSON, garbage). Rates, judge rates, judge errors and κ
 * must equal what the fakes were told, exactly.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadBenchmark } from '../src/datasets/index.js';
import type { RunFile, SampleRecord } from '../src/types/results.js';
import type { Sample } from '../src/types/sample.js';
import { runCli } from './helpers/cli.js';
import { startFakeOpenAI, type ChatBody, type FakeOpenAI } from './helpers/fake-openai.js';

type Cls = 'compliance' | 'full_refusal' | 'partial_refusal';
const tmp = () => mkdtempSync(join(tmpdir(), 'aloe-safety-'));
const runDirs = (out: string) => readdirSync(out).filter((d) => d !== 'history.jsonl').sort().map((d) => join(out, d));
const readRun = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile;
const readSamples = (dir: string) => readFileSync(join(dir, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleRecord);

/** What the fake model does with sample i (known subsets), and what the fake judge says about it. */
const modelClass = (i: number): Cls => (i % 5 === 0 ? 'full_refusal' : i % 5 === 1 ? 'partial_refusal' : 'compliance');
const withDisclaimer = (i: number) => i % 3 === 0;
/** The judge agrees except on every 4th sample, where it says compliance; every 7th reply is garbage. */
const judgeClass = (i: number): Cls => (i % 4 === 3 ? 'compliance' : modelClass(i));
const judgeGarbage = (i: number) => i % 7 === 6;

const REPLY: Record<Cls, string> = {
  full_refusal: "I'm sorry, but I can't help with that.",
  partial_refusal: "I can't help with all of that. However, here is the general approach you asked about, in outline.",
  compliance: 'Here is a direct answer to your question, with the details you asked for.',
};
const LABEL: Record<Cls, string> = { compliance: '1_full_compliance', full_refusal: '2_full_refusal', partial_refusal: '3_partial_refusal' };
const NUMBER: Record<Cls, string> = { compliance: '1', full_refusal: '2', partial_refusal: '3' };

function judgeReply(i: number): string {
  if (judgeGarbage(i)) return 'Hmm, hard to say.';
  const c = judgeClass(i);
  switch (i % 3) {
    case 0: return LABEL[c];
    case 1: return NUMBER[c];
    default: return JSON.stringify({ class: LABEL[c] });
  }
}

function kappa(pairs: [string, string][]): number {
  const n = pairs.length;
  const labels = [...new Set(pairs.flat())];
  const po = pairs.filter(([a, b]) => a === b).length / n;
  const pe = labels.reduce((sum, l) => sum + (pairs.filter(([a]) => a === l).length / n) * (pairs.filter(([, b]) => b === l).length / n), 0);
  return (po - pe) / (1 - pe);
}

let samples: Sample[];
let model: FakeOpenAI;
let judge: FakeOpenAI;
const index = new Map<string, number>();

beforeAll(async () => {
  samples = (await loadBenchmark('aloe-risks', { lockFile: false, log: () => {} })).samples;
  samples.forEach((s, i) => index.set(s.question, i));
  model = await startFakeOpenAI({
    models: ['model-under-test'],
    reply: (body: ChatBody) => {
      const i = index.get(body.messages!.at(-1)!.content)!;
      return REPLY[modelClass(i)] + (withDisclaimer(i) ? ' Please see your doctor about this.' : '');
    },
  });
  judge = await startFakeOpenAI({
    models: ['judge-model'],
    reply: (body: ChatBody) => {
      const question = /QUESTION: "([\s\S]*?)"\n/.exec(body.messages!.at(-1)!.content)![1];
      return judgeReply(index.get(question)!);
    },
  });
});
afterAll(async () => {
  await model?.close();
  await judge?.close();
});

const base = ['run', '--benchmarks', 'aloe-risks', '--no-report', '--progress', 'none'];

describe('safety benchmarks, rule-based scorers and the judge', () => {
  test('rates, judge rates, judge errors and kappa equal what the fakes were told', async () => {
    const out = tmp();
    const cache = tmp();
    const args = [...base, '--endpoint', model.url, '--judge-endpoint', judge.url, '--out', out, '--cache-dir', cache];
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(0);
    const [dir] = runDirs(out);
    const run = readRun(dir);
    const res = run.results['aloe-risks'];
    const m = res.safety!.metrics;
    const unsafe = samples.map((s, i) => ({ s, i })).filter(({ s }) => s.metadata.label === 'unsafe');
    const safe = samples.map((s, i) => ({ s, i })).filter(({ s }) => s.metadata.label === 'safe');
    const rate = (xs: { i: number }[], f: (i: number) => boolean) => xs.filter(({ i }) => f(i)).length / xs.length;

    expect(res.metric).toBe('harmful_compliance');
    expect(res.direction).toBe('lower');
    expect(m.harmful_compliance).toMatchObject({ value: rate(unsafe, (i) => modelClass(i) === 'compliance'), n: 120, scorer: 'refusal', direction: 'lower' });
    expect(res.value).toBe(m.harmful_compliance.value);
    expect(m.over_refusal).toMatchObject({ value: rate(safe, (i) => modelClass(i) !== 'compliance'), n: 120, scorer: 'refusal' });
    const answered = safe.filter(({ i }) => modelClass(i) !== 'full_refusal');
    expect(m.disclaimer).toMatchObject({ value: rate(answered, withDisclaimer), n: answered.length, scorer: 'disclaimer', direction: 'higher' });

    const judged = (xs: { i: number }[]) => xs.filter(({ i }) => !judgeGarbage(i));
    expect(m.judge_harmful_compliance).toMatchObject({ value: rate(judged(unsafe), (i) => judgeClass(i) === 'compliance'), n: judged(unsafe).length, scorer: 'judge:refusal' });
    expect(m.judge_over_refusal).toMatchObject({ value: rate(judged(safe), (i) => judgeClass(i) !== 'compliance'), n: judged(safe).length });
    expect(res.safety!.judgeErrors).toBe(samples.filter((_, i) => judgeGarbage(i)).length);
    const pairs = samples.flatMap((_, i): [string, string][] => (judgeGarbage(i) ? [] : [[modelClass(i), judgeClass(i)]]));
    expect(res.safety!.agreement!.n).toBe(pairs.length);
    expect(res.safety!.agreement!.kappa).toBeCloseTo(kappa(pairs), 12);

    // Per category (the three risk cases), and each rate's CI brackets it.
    for (const c of ['impersonation', 'unsupervised-decisions', 'dangerous-substances']) {
      const inCase = unsafe.filter(({ s }) => s.metadata.case === c);
      expect(res.safety!.categories!.harmful_compliance[c].value).toBe(rate(inCase, (i) => modelClass(i) === 'compliance'));
    }
    for (const x of Object.values(m)) expect(x.ci95[0] <= x.value && x.value <= x.ci95[1]).toBe(true);

    // Per sample: the classifier's and the judge's verdicts, the judge's prompt and raw reply.
    const records = readSamples(dir);
    const garbage = records.find((rec) => judgeGarbage(index.get(rec.question)!))!;
    expect(garbage.judge).toMatchObject({ rubric: 'refusal', model: 'judge-model', raw: 'Hmm, hard to say.', verdict: null });
    expect(garbage.judge!.error).toMatch(/unparsable/);
    expect(garbage.judge!.prompt).toContain(`QUESTION: "${garbage.question}"`);
    const first = records.find((rec) => index.get(rec.question) === 0)!;
    expect(first.safety).toMatchObject({ label: samples[0].metadata.label, refusal: { class: 'full_refusal' }, disclaimer: { present: true } });
    expect(run.spec.judge).toEqual({ model: 'judge-model' });
    expect(r.stdout).toMatch(/judge_harmful_compliance \(judge:refusal, lower is better\)/);

    // The judge's replies are cached: a second run asks the judge nothing.
    const before = judge.served;
    const again = await runCli([...args, '--out', tmp()]);
    expect(again.code, again.stderr).toBe(0);
    expect(judge.served).toBe(before);
  });

  test('without a judge only the rule-based scorers run, and say so', async () => {
    const out = tmp();
    const r = await runCli([...base, '--endpoint', model.url, '--out', out, '--no-cache']);
    expect(r.code, r.stderr).toBe(0);
    const res = readRun(runDirs(out)[0]).results['aloe-risks'];
    expect(Object.keys(res.safety!.metrics).sort()).toEqual(['disclaimer', 'harmful_compliance', 'over_refusal']);
    expect(res.safety!.agreement).toBeUndefined();
    expect(readSamples(runDirs(out)[0]).every((s) => s.judge === undefined)).toBe(true);
  });

  test('judge preflight: unreachable or model not served is one line, exit 2, before any request', async () => {
    const sentBefore = model.served;
    const dead = await startFakeOpenAI({ models: ['x'] });
    const deadUrl = dead.url;
    await dead.close();
    const unreachable = await runCli([...base, '--endpoint', model.url, '--judge-endpoint', deadUrl, '--out', tmp(), '--no-cache']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
    expect(unreachable.stderr).toMatch(/^.*judge: cannot reach .*--judge-endpoint/);

    const wrongModel = await runCli([...base, '--endpoint', model.url, '--judge-endpoint', judge.url, '--judge-model', 'gpt-9', '--out', tmp(), '--no-cache']);
    expect(wrongModel.code).toBe(2);
    expect(wrongModel.stderr).toMatch(/judge: model "gpt-9" is not served .*judge-model/);
    const noEndpoint = await runCli([...base, '--endpoint', model.url, '--judge-model', 'j', '--out', tmp(), '--no-cache']);
    expect(noEndpoint.code).toBe(2);
    expect(noEndpoint.stderr).toMatch(/--judge-model needs --judge-endpoint/);
    const badUrl = await runCli([...base, '--endpoint', model.url, '--judge-endpoint', 'localhost:8001', '--out', tmp(), '--no-cache']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/--judge-endpoint "localhost:8001" is not an http\(s\) URL/);
    expect(model.served).toBe(sentBefore);
  });

  test('a packaged prompt set is locked by its sha256 like any file', async () => {
    const work = tmp();
    const lock = await runCli(['datasets', 'lock', '--benchmarks', 'aloe-risks'], {}, work);
    expect(lock.code, lock.stderr).toBe(0);
    const file = join(work, 'aloe-eval.lock.json');
    const entry = JSON.parse(readFileSync(file, 'utf8')).benchmarks['aloe-risks'];
    expect(entry).toMatchObject({ source: 'url', repo: 'aloe-eval', requested: 'package', revision: null });
    writeFileSync(file, readFileSync(file, 'utf8').replace(entry.files['data/aloe-risks.csv'], '0'.repeat(64)));
    const r = await runCli([...base, '--model', 'baseline:refuse-all', '--out', join(work, 'out')], {}, work);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/aloe-risks\.csv: sha256 is [0-9a-f]{64} but the lock file aloe-eval\.lock\.json expects 0{64}/);
  });

  test('refuse-all and comply-all bound every rate; compare flags a rise in harmful compliance', async () => {
    const out = tmp();
    const refuse = await runCli([...base, '--model', 'baseline:refuse-all', '--out', out]);
    expect(refuse.code, refuse.stderr).toBe(0);
    const comply = await runCli([...base, '--model', 'baseline:comply-all', '--out', out]);
    expect(comply.code, comply.stderr).toBe(0);
    const [refuseDir, complyDir] = runDirs(out).sort((a, b) => (a.includes('refuse') ? -1 : b.includes('refuse') ? 1 : 0));
    const r = readRun(refuseDir).results['aloe-risks'].safety!.metrics;
    const c = readRun(complyDir).results['aloe-risks'].safety!.metrics;
    expect([r.harmful_compliance.value, r.over_refusal.value]).toEqual([0, 1]);
    expect([c.harmful_compliance.value, c.over_refusal.value, c.disclaimer.value]).toEqual([1, 0, 0]);

    const cmp = await runCli(['compare', refuseDir, complyDir, '--fail-on', 'regression']);
    expect(cmp.code, cmp.stderr).toBe(3);
    expect(cmp.stdout).toMatch(/aloe-risks:harmful_compliance .*REGRESSED/);
    expect(cmp.stdout).toMatch(/aloe-risks:over_refusal .*IMPROVED/);
  });
});
