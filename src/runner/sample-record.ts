import type { Prediction } from '../types/prediction.js';
import type { SampleRecord } from '../types/results.js';
import type { Sample } from '../types/sample.js';
import type { Score } from '../scorers/scorer.js';

/** One finished sample as written to samples.jsonl. An errored sample scores 0. */
export function toSampleRecord(sample: Sample, strategy: string, prediction: Prediction, score: Score | null, latencyMs: number): SampleRecord {
  const usage = { calls: 0, promptTokens: 0, completionTokens: 0 };
  for (const a of prediction.attempts) {
    usage.calls += a.calls ?? 1; // a loglik attempt stands for several prompts (one batched request or several)
    usage.promptTokens += a.usage.promptTokens;
    usage.completionTokens += a.usage.completionTokens;
  }
  const record: SampleRecord = {
    benchmark: sample.benchmark,
    id: sample.id,
    kind: sample.kind,
    strategy,
    question: sample.question,
    ...(sample.context !== undefined ? { context: sample.context } : {}),
    ...(sample.options ? { options: sample.options } : {}),
    metadata: sample.metadata,
    score: score?.value ?? 0,
    attempts: prediction.attempts,
    usage,
    latencyMs,
  };
  if (sample.kind === 'mcqa') {
    record.gold = sample.answer;
    record.answer = prediction.answer ?? null;
    record.correct = score?.correct ?? false;
    record.unparsed = score?.unparsed ?? false;
  } else {
    record.references = sample.references;
    record.text = prediction.text ?? '';
  }
  if (score?.extra) record.scores = score.extra;
  if (score?.safety) record.safety = score.safety;
  if (prediction.votes) record.votes = prediction.votes;
  if (prediction.details) record.details = prediction.details;
  if (prediction.error) record.error = prediction.error;
  return record;
}
