import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { firstBatchSize, stopReason, type EnsembleStop } from '../src/strategies/ensemble/adaptive-stop.js';
import { shufflePermutations } from '../src/strategies/ensemble/choice-shuffle.js';
import { fewShotMessages } from '../src/strategies/mcqa/few-shot.js';
import { askMcqa } from '../src/strategies/mcqa/mcqa-call.js';
import { createStrategy } from '../src/strategies/registry.js';
import type { StrategyContext } from '../src/strategies/strategy.js';
import { pluralityVote } from '../src/strategies/ensemble/vote.js';
import type { GenerateRequest, GenerateResult } from '../src/types/endpoint.js';
import type { Prediction } from '../src/types/prediction.js';
import type { Sample } from '../src/types/sample.js';
import { rngFor } from '../src/util/rng.js';

const unit = (text: string) => createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;

function mcqa(id: string, texts: string[], answer: string): Sample {
  const options = texts.map((text, i) => ({ key: 'ABCDEFGH'[i], text }));
  return { id, benchmark: 'synthetic', kind: 'mcqa', question: `Question ${id}: which option is right?`, options, answer, metadata: {} };
}

/** Options as the model sees them in the last user turn: "A. text" lines. */
function shownOptions(request: GenerateRequest): { letter: string; text: string }[] {
  const text = request.messages ? request.messages.filter((m) => m.role === 'user').at(-1)!.content : request.prompt!;
  return [...text.matchAll(/^([A-Z])\. (.*)$/gm)].map((m) => ({ letter: m[1], text: m[2] }));
}

function reply(text: string): GenerateResult {
  return { text, finishReason: 'stop', usage: { promptTokens: 10, completionTokens: 5 }, latencyMs: 1, cached: false };
}

function context(generate: StrategyContext['generate'], options: Record<string, unknown> = {}, seed = 7): StrategyContext {
  return {
    generate,
    seed,
    temperature: 0,
    maxTokens: 512,
    api: 'chat',
    systemPrompt: 'You are a careful doctor.',
    options,
    task: { benchmark: 'synthetic', prompt: 'mcqa-plain' },
    log: () => {},
  };
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('choice-shuffle orders', () => {
  test('within a block of n calls every option is shown once at every position', () => {
    for (const n of [2, 3, 4, 5]) {
      const keys = 'ABCDE'.slice(0, n).split('');
      for (const id of ['q1', 'q2', 'q3']) {
        const orders = shufflePermutations(keys, n, rngFor(1, 'choice-shuffle', id));
        for (let pos = 0; pos < n; pos++) expect(new Set(orders.map((o) => o[pos])).size).toBe(n);
        for (const o of orders) expect([...o].sort()).toEqual(keys);
      }
    }
  });

  test('five calls over four options are five different orders, the same for the same seed and sample', () => {
    const keys = ['A', 'B', 'C', 'D'];
    const a = shufflePermutations(keys, 5, rngFor(3, 'choice-shuffle', 'x'));
    expect(new Set(a.map((o) => o.join(''))).size).toBe(5);
    expect(shufflePermutations(keys, 5, rngFor(3, 'choice-shuffle', 'x'))).toEqual(a);
    expect(shufflePermutations(keys, 5, rngFor(4, 'choice-shuffle', 'x'))).not.toEqual(a);
  });

  test.each([4, 5])('an answer maps back to its original key exactly, for every permutation of %i options', async (n) => {
    const sample = mcqa('perm', ['Aspirin', 'Beta blocker', 'Calcium', 'Digoxin', 'Enalapril'].slice(0, n), 'A');
    for (const order of permutations(sample.options!.map((o) => o.key))) {
      for (const target of sample.options!) {
        // The model names the letter under which it sees the target option's text.
        const generate = async (req: GenerateRequest) => reply(`Reasoning… Answer: ${shownOptions(req).find((o) => o.text === target.text)!.letter}`);
        const messages = fewShotMessages(sample, order, [], 'cot', 'system');
        const attempt = await askMcqa(sample, messages, 'cot', context(generate), { order });
        expect(attempt.extracted).toBe(target.key);
        expect(attempt.permutation).toEqual(order);
      }
    }
  });
});

describe('plurality vote', () => {
  const keys = ['A', 'B', 'C', 'D'];
  test('the most voted key wins; unparsed calls are left out', () => {
    expect(pluralityVote(['B', null, 'B', 'C', null], keys)).toEqual({ answer: 'B', votes: { A: 0, B: 2, C: 1, D: 0 }, tie: false, parsed: 3 });
  });
  test('a tie goes to the key voted for by the earliest call', () => {
    expect(pluralityVote(['C', 'A', 'A', 'C'], keys)).toMatchObject({ answer: 'C', tie: true });
    expect(pluralityVote([null, 'D', 'B', 'B', 'D'], keys)).toMatchObject({ answer: 'D', tie: true });
  });
  test('no parsed call: no answer (counted wrong)', () => {
    expect(pluralityVote([null, null, null], keys)).toEqual({ answer: null, votes: { A: 0, B: 0, C: 0, D: 0 }, tie: false, parsed: 0 });
  });
});

describe('adaptive stop rules', () => {
  test('examples', () => {
    expect(stopReason('never', ['A', 'A', 'A', 'A'], 5)).toBeNull();
    expect(stopReason('never', ['A', 'A', 'A', 'A', 'A'], 5)).toBe('complete');
    expect(stopReason('decided', ['A', 'A'], 5)).toBeNull();
    expect(stopReason('decided', ['A', 'A', 'A'], 5)).toBe('decided');
    expect(stopReason('decided', ['A', 'B', 'A', 'A'], 5)).toBe('decided');
    expect(stopReason('decided', ['A', 'B', 'A', 'B'], 5)).toBeNull();
    // B leads 2–1 but A voted first: one more A would tie and A would win the tie.
    expect(stopReason('decided', ['A', 'B', 'B', null], 5)).toBeNull();
    expect(stopReason('agree2', ['A', 'A'], 5)).toBe('agree2');
    expect(stopReason('agree2', [null, null], 5)).toBeNull();
    expect(stopReason('agree2', ['A', 'B'], 5)).toBeNull();
    expect(stopReason('agree2', ['A', 'B', 'A', 'A'], 5)).toBe('decided');
  });

  test('decided always gives the full vote: every answer sequence of 5 calls over 3 keys and unparsed', () => {
    const values = ['A', 'B', 'C', null];
    const keys = ['A', 'B', 'C'];
    let sequences = 0;
    let saved = 0;
    const walk = (prefix: (string | null)[]) => {
      if (prefix.length === 5) {
        sequences++;
        let used = firstBatchSize('decided', 5);
        while (stopReason('decided', prefix.slice(0, used), 5) === null) used++;
        saved += 5 - used;
        expect(pluralityVote(prefix.slice(0, used), keys).answer).toBe(pluralityVote(prefix, keys).answer);
        return;
      }
      for (const v of values) walk([...prefix, v]);
    };
    walk([]);
    expect(sequences).toBe(4 ** 5);
    expect(saved).toBeGreaterThan(0);
  });

  test('the first batch never holds a call the rule could have saved', () => {
    for (const rule of ['decided', 'agree2'] as EnsembleStop[]) {
      for (const size of [1, 2, 3, 4, 5, 7]) {
        const batch = firstBatchSize(rule, size);
        // Unanimous answers are the earliest any rule can stop.
        let earliest = 1;
        while (stopReason(rule, Array(earliest).fill('A'), size) === null) earliest++;
        expect(batch).toBe(earliest);
      }
    }
    expect(firstBatchSize('never', 5)).toBe(5);
  });
});

/** A position-biased model: on each call it knows the answer with probability p, else it picks display position A. */
function biasedModel(samples: Sample[], p: number) {
  return async (req: GenerateRequest): Promise<GenerateResult> => {
    const shown = shownOptions(req);
    const user = req.messages!.at(-1)!.content;
    const sample = samples.find((s) => user.includes(s.question))!;
    const gold = sample.options!.find((o) => o.key === sample.answer)!.text;
    const knows = unit(`${user}\u0000${req.seed ?? ''}`) < p;
    return reply(`Thinking it over. Answer: ${knows ? shown.find((o) => o.text === gold)!.letter : 'A'}`);
  };
}

function syntheticQuestions(n: number): Sample[] {
  return Array.from({ length: n }, (_, i) =>
    mcqa(`q${i}`, [`alpha ${i}`, `bravo ${i}`, `charlie ${i}`, `delta ${i}`], 'ABCD'[i % 4]),
  );
}

async function solveAll(name: string, samples: Sample[], ctx: StrategyContext, concurrency = 8): Promise<Map<string, Prediction>> {
  const strategy = createStrategy(name);
  await strategy.prepare?.('synthetic', samples, ctx);
  const out = new Map<string, Prediction>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < samples.length) {
        const s = samples[next++];
        out.set(s.id, await strategy.solve(s, ctx));
      }
    }),
  );
  return out;
}

function accuracyByGoldPosition(samples: Sample[], predictions: Map<string, Prediction>) {
  const acc = (list: Sample[]) => list.filter((s) => predictions.get(s.id)!.answer === s.answer).length / list.length;
  return { atA: acc(samples.filter((s) => s.answer === 'A')), elsewhere: acc(samples.filter((s) => s.answer !== 'A')) };
}

describe('choice-shuffle ensemble against a position-biased model', () => {
  const samples = syntheticQuestions(400);

  test('one call rewards the bias; the ensemble evens accuracy out across gold positions', async () => {
    const generate = biasedModel(samples, 0.6);
    const single = accuracyByGoldPosition(samples, await solveAll('cot', samples, context(generate)));
    expect(single.atA).toBe(1);
    expect(single.elsewhere).toBeLessThan(0.7);

    const voted = accuracyByGoldPosition(samples, await solveAll('ensemble', samples, context(generate, { ensembleStop: 'never' })));
    expect(Math.abs(voted.atA - voted.elsewhere)).toBeLessThan(0.08);
    expect(voted.elsewhere).toBeGreaterThan(single.elsewhere + 0.1);
  });

  test('every call is recorded with its order, mapped answer and the vote', async () => {
    const generate = biasedModel(samples, 0.6);
    const predictions = await solveAll('ensemble', samples.slice(0, 20), context(generate, { ensembleStop: 'never', ensembleSize: 5 }));
    for (const [id, p] of predictions) {
      const sample = samples.find((s) => s.id === id)!;
      expect(p.attempts).toHaveLength(5);
      const counts: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
      p.attempts.forEach((a, i) => {
        expect([...a.permutation!].sort()).toEqual(['A', 'B', 'C', 'D']);
        const letter = /Answer: ([A-D])/.exec(a.raw)![1];
        expect(a.extracted).toBe(a.permutation!['ABCD'.indexOf(letter)]);
        // the user turn shows the options in exactly that order
        const shown = shownOptions({ messages: a.messages });
        expect(shown.map((o) => sample.options!.find((x) => x.text === o.text)!.key)).toEqual(a.permutation);
        counts[a.extracted!]++;
        expect(i).toBeLessThan(5);
      });
      expect(p.votes).toEqual(counts);
      expect(p.details).toMatchObject({ callsUsed: 5, stopReason: 'complete', ensembleSize: 5, ensembleStop: 'never' });
    }
  });

  test('adaptive rules save calls; decided keeps every answer of the full vote', async () => {
    const generate = biasedModel(samples, 0.65);
    const full = await solveAll('ensemble', samples, context(generate, { ensembleStop: 'never' }));
    const decided = await solveAll('ensemble', samples, context(generate, { ensembleStop: 'decided' }));
    const agree2 = await solveAll('ensemble', samples, context(generate, { ensembleStop: 'agree2' }));
    const calls = (m: Map<string, Prediction>) => [...m.values()].reduce((n, p) => n + p.attempts.length, 0) / m.size;
    for (const s of samples) expect(decided.get(s.id)!.answer).toBe(full.get(s.id)!.answer);
    expect(calls(full)).toBe(5);
    expect(calls(decided)).toBeLessThan(5);
    expect(calls(agree2)).toBeLessThan(calls(decided));
    for (const p of agree2.values()) {
      if (p.details!.stopReason === 'agree2') {
        expect(p.attempts).toHaveLength(2);
        expect(p.attempts[0].extracted).toBe(p.attempts[1].extracted);
      }
    }
    // Each stopped ensemble's calls are the first calls of the full one, unchanged.
    for (const s of samples.slice(0, 50)) {
      const short = agree2.get(s.id)!.attempts;
      expect(short.map((a) => a.messages)).toEqual(full.get(s.id)!.attempts.slice(0, short.length).map((a) => a.messages));
    }
  });

  test('the same seed gives the same prompts and votes at any concurrency; another seed, other orders', async () => {
    const some = samples.slice(0, 40);
    const base = biasedModel(some, 0.6);
    // Random delays reorder completions between runs.
    const jittery = async (req: GenerateRequest) => {
      await new Promise((r) => setTimeout(r, Math.random() * 5));
      return base(req);
    };
    const strip = (m: Map<string, Prediction>) =>
      some.map((s) => {
        const p = m.get(s.id)!;
        return { answer: p.answer, votes: p.votes, calls: p.attempts.map((a) => ({ messages: a.messages, permutation: a.permutation, extracted: a.extracted })) };
      });
    const one = strip(await solveAll('ensemble', some, context(jittery, { ensembleStop: 'agree2' }), 1));
    const many = strip(await solveAll('ensemble', some, context(jittery, { ensembleStop: 'agree2' }), 16));
    expect(many).toEqual(one);
    const other = strip(await solveAll('ensemble', some, context(jittery, { ensembleStop: 'agree2' }, 8), 16));
    expect(other.map((o) => o.calls[0].permutation)).not.toEqual(one.map((o) => o.calls[0].permutation));
  });

  test('calls carry their position as cache tag and a seed derived from run seed, sample and position', async () => {
    const seen: GenerateRequest[] = [];
    const generate = async (req: GenerateRequest) => {
      seen.push(req);
      return reply('Answer: B');
    };
    await solveAll('ensemble', samples.slice(0, 1), context(generate, { ensembleStop: 'never' }));
    expect(seen.map((r) => r.cacheTag).sort()).toEqual(['0', '1', '2', '3', '4']);
    expect(new Set(seen.map((r) => r.seed)).size).toBe(5);
    const again: GenerateRequest[] = [];
    await solveAll('ensemble', samples.slice(0, 1), context(async (req) => (again.push(req), reply('Answer: B')), { ensembleStop: 'never' }));
    expect(again.map((r) => [r.cacheTag, r.seed]).sort()).toEqual(seen.map((r) => [r.cacheTag, r.seed]).sort());
  });

  test('a question no call answers parsably gets no answer', async () => {
    const predictions = await solveAll('ensemble', samples.slice(0, 3), context(async () => reply('I cannot tell.'), { ensembleStop: 'decided' }));
    for (const p of predictions.values()) {
      expect(p.answer).toBeNull();
      expect(p.attempts).toHaveLength(5);
      expect(p.details).toMatchObject({ unparsedCalls: 5 });
    }
  });
});
