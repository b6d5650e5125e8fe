import { byCodeUnits } from '../results/aggregate.js';
import type { SampleRecord } from '../types/results.js';

export interface PairedSet {
  /** Shared, non-errored question ids in canonical (code-unit) order. */
  ids: string[];
  baseline: SampleRecord[];
  candidate: SampleRecord[];
  baselineOnly: number;
  candidateOnly: number;
  erroredBaseline: number;
  erroredCandidate: number;
  /** Shared ids dropped because either side errored. */
  excluded: number;
}

/** The records of one benchmark by id; a later duplicate (a re-run after resume) replaces an earlier one. */
export function byId(samples: readonly SampleRecord[], benchmark: string): Map<string, SampleRecord> {
  const map = new Map<string, SampleRecord>();
  for (const s of samples) if (s.benchmark === benchmark) map.set(s.id, s);
  return map;
}

/**
 * Pairs the two runs' records of one benchmark on question id.
 * An errored sample (endpoint failure, not the model's answer) drops that question from
 * BOTH sides, so infrastructure trouble is never read as a model regression; the counts
 * are reported. Unparsed answers are the model's doing and stay in (scored as wrong).
 */
export function pairSamples(baseline: Map<string, SampleRecord>, candidate: Map<string, SampleRecord>): PairedSet {
  const shared = [...baseline.keys()].filter((id) => candidate.has(id)).sort(byCodeUnits);
  const out: PairedSet = {
    ids: [],
    baseline: [],
    candidate: [],
    baselineOnly: baseline.size - shared.length,
    candidateOnly: candidate.size - shared.length,
    erroredBaseline: 0,
    erroredCandidate: 0,
    excluded: 0,
  };
  for (const id of shared) {
    const b = baseline.get(id)!;
    const c = candidate.get(id)!;
    if (b.error) out.erroredBaseline++;
    if (c.error) out.erroredCandidate++;
    if (b.error || c.error) {
      out.excluded++;
      continue;
    }
    out.ids.push(id);
    out.baseline.push(b);
    out.candidate.push(c);
  }
  return out;
}
