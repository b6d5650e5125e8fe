/**
 * lm-eval protocol costs on the harness side (the model's time is not measured here):
 *   1. building every lm-eval prompt of the MCQA suite (zero-shot) — target < 1 s;
 *   2. planning 5-shot examples for MedMCQA as lm-eval does (CPython random.sample from the full
 *      182,822-row train split, once per each of the 4,183 validation docs) — target < 1 s;
 *   3. loglik's own work per sample: scoring the echo logprobs of 4 choices of ~300 tokens — target
 *      < 50 µs per sample;
 *   4. loglik end to end against the fake OpenAI server (zero latency, openai SDK, endpoint layer),
 *      one request per prompt (1 + 4 per sample) against one prompt list per sample
 *      (generateBatch), to show where the harness overhead sits and what batching saves.
 * Real benchmark rows come from ../shared when present, else synthetic ones.
 *
 * Run: npx tsx bench/lm-eval.ts
 */
import { loadBenchmark } from '../src/datasets/index.js';
import { planFewshot } from '../src/strategies/lm-eval/fewshot.js';
import { createLoglikStrategy } from '../src/strategies/lm-eval/loglik.js';
import { pickChoices, scoreContinuation } from '../src/strategies/lm-eval/loglikelihood.js';
import { lmEvalPrompt } from '../src/strategies/lm-eval/prompt.js';
import { lmEvalTaskFor } from '../src/strategies/lm-eval/tasks.js';
import type { StrategyContext } from '../src/strategies/strategy.js';
import type { GenerateResult } from '../src/types/endpoint.js';
import type { Sample } from '../src/types/sample.js';
import { hasShared } from '../test/helpers/cli.js';
import { echoReply } from '../test/helpers/echo-logprobs.js';
import { openFakeEndpoint } from '../test/helpers/fake-endpoint.js';
import { startFakeOpenAI } from '../test/helpers/fake-openai.js';
import { sharedLoadOptions } from '../test/helpers/shared-hub.js';

const MCQA = ['medqa', 'medmcqa', 'pubmedqa', 'careqa', 'mmlu-anatomy', 'mmlu-clinical-knowledge', 'mmlu-college-biology', 'mmlu-college-medicine', 'mmlu-medical-genetics', 'mmlu-professional-medicine'];

function synthetic(benchmark: string, n: number): Sample[] {
  const opts = benchmark === 'pubmedqa' ? ['yes', 'no', 'maybe'] : ['alpha beta', 'gamma delta', 'epsilon', 'zeta eta theta'];
  return Array.from({ length: n }, (_, i) => ({
    id: `s-${i}`,
    benchmark,
    kind: 'mcqa' as const,
    question: `Synthetic question ${i} about a 54-year-old patient with chest pain radiating to the left arm?`,
    ...(benchmark === 'pubmedqa' ? { context: 'Background sentence.\nMethods sentence.\nResults sentence.' } : {}),
    options: opts.map((text, k) => ({ key: 'ABCD'[k], text })),
    answer: 'A',
    metadata: {},
  }));
}

async function samplesOf(id: string): Promise<{ samples: Sample[]; real: boolean }> {
  if (hasShared) return { samples: (await loadBenchmark(id, sharedLoadOptions())).samples, real: true };
  return { samples: synthetic(id, 1000), real: false };
}

const ms = (t0: number) => performance.now() - t0;
const mb = () => process.memoryUsage().heapUsed / 2 ** 20;

// 1. prompts
const all: Sample[] = [];
let real = true;
for (const id of MCQA) {
  const s = await samplesOf(id);
  all.push(...s.samples);
  real &&= s.real;
}
let chars = 0;
let t0 = performance.now();
for (const s of all) chars += lmEvalPrompt(s).context.length;
const promptMs = ms(t0);
console.log(`prompts: ${all.length} zero-shot lm-eval prompts (${real ? 'real rows from ../shared' : 'synthetic rows'}, ${(chars / 2 ** 20).toFixed(1)} M chars) in ${promptMs.toFixed(0)} ms (target < 1000 ms)`);

// 2. few-shot planning at MedMCQA's real sizes
const evalDocs = synthetic('medmcqa', 4183);
const pool = synthetic('medmcqa', 182_822).map((s, i) => ({ ...s, id: `train-${i}` }));
const heap0 = mb();
t0 = performance.now();
const plan = planFewshot(lmEvalTaskFor('medmcqa'), 5, { evalDocs, pool });
const planMs = ms(t0);
console.log(`few-shot: planned 5 examples for ${plan.size} MedMCQA docs from a 182,822-row train split in ${planMs.toFixed(0)} ms, +${(mb() - heap0).toFixed(1)} MB heap (target < 1000 ms)`);

// 3. scoring echo logprobs
const tokens = 300;
const echo = (choice: string): GenerateResult => ({
  text: '',
  finishReason: 'length',
  usage: { promptTokens: tokens + 1, completionTokens: 1 },
  latencyMs: 0,
  cached: false,
  logprobs: {
    tokens: [...Array.from({ length: tokens }, (_, i) => ` w${i}`), ` ${choice}`, ' x'],
    tokenLogprobs: [null, ...Array.from({ length: tokens + 1 }, (_, i) => -0.01 * (i % 97))],
    textOffset: Array.from({ length: tokens + 2 }, (_, i) => i * 4),
  },
});
const responses = ['A', 'B', 'C', 'D'].map(echo);
const rounds = 20_000;
t0 = performance.now();
let sink = 0;
for (let r = 0; r < rounds; r++) {
  const lls = responses.map((res, i) => {
    const s = scoreContinuation(res, tokens, ` ${'ABCD'[i]}`);
    return s.ok ? s.logprob : 0;
  });
  sink += pickChoices(lls, ['A', 'B', 'C', 'D']).acc;
}
const perSampleUs = (ms(t0) * 1000) / rounds;
console.log(`scoring: ${perSampleUs.toFixed(1)} µs per 4-choice sample of ${tokens}-token prompts (target < 50 µs)${sink < 0 ? '' : ''}`);

// 4. end to end against the fake server
const fake = await startFakeOpenAI({ reply: echoReply(() => -0.5) });
const endpoint = await openFakeEndpoint(fake, { timeoutMs: 30_000, concurrency: 64 });
const medqa = all.filter((s) => s.benchmark === 'medqa').slice(0, 400);
/** Solves every sample with 16 in flight; `batched` hands the strategy the endpoint's generateBatch. */
async function endToEnd(batched: boolean): Promise<{ ms: number; requests: number }> {
  const strategy = createLoglikStrategy();
  const ctx: StrategyContext = {
    generate: endpoint.generate,
    ...(batched ? { generateBatch: endpoint.generateBatch } : {}),
    seed: 0, temperature: 0, maxTokens: 1, api: 'completions', systemPrompt: '', options: {}, task: { benchmark: 'medqa', prompt: 'mcqa-plain' }, log: () => {},
  };
  await strategy.prepare!('medqa', medqa, ctx);
  const before = fake.requests.length;
  const t = performance.now();
  const queue = [...medqa];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const p = await strategy.solve(s, ctx);
        if (p.error) throw new Error(`bench sample ${s.id}: ${p.error.message}`);
      }
    }),
  );
  return { ms: ms(t), requests: fake.requests.length - before };
}
await endToEnd(true); // warm up the SDK, the JIT and the sockets
const line = (label: string, r: { ms: number; requests: number }) =>
  `${label}: ${medqa.length} MedQA samples (${r.requests} requests) in ${r.ms.toFixed(0)} ms = ${((medqa.length * 1000) / r.ms).toFixed(0)} samples/s, ${((r.requests * 1000) / r.ms).toFixed(0)} requests/s`;
const single = await endToEnd(false);
const batched = await endToEnd(true);
await fake.close();
console.log(`end to end through the openai SDK to a zero-latency fake server, 16 samples in flight:`);
console.log(`  ${line('one request per prompt (1 + 4 per sample)', single)}`);
console.log(`  ${line('one prompt list per sample (generateBatch)', batched)}`);
console.log(`  batching: ${(single.ms / batched.ms).toFixed(2)}x samples/s`);
