/**
 * Sample text of credentialed benchmarks (marked `credentialed: true` in run.json's dataset
 * provenance) stays out of reports unless `--include-credentialed-text`: scores and ids only.
 */
import type { SampleRecord } from '../../types/results.js';
import type { RunGroup } from './load-runs.js';

/** Benchmarks that any of the runs records as credentialed. */
export function credentialedIn(groups: readonly RunGroup[]): Set<string> {
  const ids = new Set<string>();
  for (const group of groups) {
    for (const { run } of group.runs) {
      for (const [id, d] of Object.entries(run.provenance?.datasets ?? {})) if (d?.credentialed) ids.add(id);
    }
  }
  return ids;
}

/** The record with every text taken out: question, context, options, prompts, replies, references, metadata, error text. */
export function withoutText(record: SampleRecord): SampleRecord {
  const kept: SampleRecord = {
    benchmark: record.benchmark,
    id: record.id,
    kind: record.kind,
    strategy: record.strategy,
    question: '',
    score: record.score,
    metadata: {},
    attempts: [],
    usage: record.usage,
    latencyMs: record.latencyMs,
  };
  if (record.kind === 'mcqa') {
    kept.gold = record.gold;
    kept.answer = record.answer;
  }
  if (record.correct !== undefined) kept.correct = record.correct;
  if (record.unparsed !== undefined) kept.unparsed = record.unparsed;
  if (record.scores) kept.scores = record.scores;
  if (record.votes) kept.votes = record.votes;
  if (record.error) kept.error = { kind: record.error.kind, message: '(not shown: credentialed data)' };
  return kept;
}

export function credentialedNote(ids: ReadonlySet<string>): string {
  return `Sample text of ${[...ids].join(', ')} (credentialed data) is left out: scores and ids only. Pass --include-credentialed-text to \`aloe-eval report\` to include it.`;
}
