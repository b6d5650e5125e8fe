import type { ChatMessage } from '../../types/endpoint.js';
import type { Attempt } from '../../types/prediction.js';
import type { Sample } from '../../types/sample.js';
import { hash32, rngFor } from '../../util/rng.js';
import { firstBatchSize, stopReason, type EnsembleStop, type StopReason } from './adaptive-stop.js';
import { shufflePermutations } from './choice-shuffle.js';
import type { AnswerStyle } from '../mcqa/few-shot.js';
import { askMcqa } from '../mcqa/mcqa-call.js';
import type { StrategyContext } from '../strategy.js';
import { pluralityVote, type VoteResult } from './vote.js';

export interface EnsembleSettings {
  size: number;
  stop: EnsembleStop;
}

export interface EnsembleOutcome {
  attempts: Attempt[];
  vote: VoteResult;
  stopReason: StopReason;
  /** Display orders planned for every position (the calls made used the first `attempts.length`). */
  orders: string[][];
}

/**
 * Choice-shuffle ensemble: call `i` shows the options in the i-th seeded order
 * (choice-shuffle.ts), its answer is mapped back to the original key, and the plurality vote
 * (vote.ts) decides. Everything that shapes a call — its order, its server seed, its cache tag
 * (= its position) — is derived from the run seed, the sample id and the position alone, so the
 * ensemble is the same whatever the concurrency, and a resumed run hits the response cache.
 * The adaptive rule (adaptive-stop.ts) decides after each call whether the rest can be skipped;
 * calls before the rule could first stop are sent together.
 *
 * @example
 * const out = await runEnsemble(sample, (order) => fewShotMessages(sample, order, examples, 'cot', sys), 'cot', ctx, { size: 5, stop: 'agree2' });
 * out.vote.answer; // original key, or null when no call could be parsed
 */
export async function runEnsemble(
  sample: Sample,
  messagesFor: (order: string[]) => ChatMessage[],
  style: AnswerStyle,
  ctx: StrategyContext,
  settings: EnsembleSettings,
): Promise<EnsembleOutcome> {
  const keys = sample.options!.map((o) => o.key);
  const orders = shufflePermutations(keys, settings.size, rngFor(ctx.seed, 'choice-shuffle', sample.id));
  const call = (i: number) =>
    askMcqa(sample, messagesFor(orders[i]), style, ctx, {
      order: orders[i],
      seed: hash32(`${ctx.seed}\u0000ensemble\u0000${sample.id}\u0000${i}`),
      cacheTag: String(i),
    });

  return { ...(await runVote(keys, call, settings)), orders };
}

/** What `runVote` returns: the calls made, in position order, their vote and why it stopped. */
export interface VoteOutcome {
  attempts: Attempt[];
  vote: VoteResult;
  stopReason: StopReason;
}

/**
 * The voting loop shared by every ensemble (choice shuffle, self-consistency): `call(i)` makes
 * the call at position i; calls before the stop rule could first stop are sent together, then one
 * at a time until `stopReason` says the rest cannot change the vote (or all `size` were made).
 * The plurality vote over the original `keys` (vote.ts) decides, ties to the earliest vote.
 */
export async function runVote(keys: readonly string[], call: (i: number) => Promise<Attempt>, settings: EnsembleSettings): Promise<VoteOutcome> {
  const attempts = await Promise.all(Array.from({ length: firstBatchSize(settings.stop, settings.size) }, (_, i) => call(i)));
  let reason = stopReason(settings.stop, attempts.map((a) => a.extracted), settings.size);
  while (reason === null) {
    attempts.push(await call(attempts.length));
    reason = stopReason(settings.stop, attempts.map((a) => a.extracted), settings.size);
  }
  return { attempts, vote: pluralityVote(attempts.map((a) => a.extracted), keys), stopReason: reason };
}

/** The per-sample details every voting strategy records, in this key order (samples.jsonl). */
export function voteDetails(out: VoteOutcome, settings: EnsembleSettings): Record<string, unknown> {
  return {
    ensembleSize: settings.size,
    ensembleStop: settings.stop,
    callsUsed: out.attempts.length,
    stopReason: out.stopReason,
    unparsedCalls: out.attempts.length - out.vote.parsed,
    tieBroken: out.vote.tie,
  };
}
