/** The outcome of a plurality vote over an ensemble's answers (original option keys). */
export interface VoteResult {
  /** The winning original key, or null when no call gave a parsable answer (counted wrong). */
  answer: string | null;
  /** Votes per original key; every key of the question is present, zeros included. */
  votes: Record<string, number>;
  /** True when the winner was chosen by the tie-break. */
  tie: boolean;
  /** Calls whose answer could be parsed (the rest are excluded from the vote). */
  parsed: number;
}

/**
 * Plurality vote. Unparsed answers (null) are excluded. Tie-break, deterministic and free of any
 * preference for a key or a display position: among the tied keys, the one voted for by the
 * earliest call wins (calls are ordered by their position in the ensemble, which is seeded).
 *
 * @example
 * pluralityVote(['B', 'A', null, 'A', 'B'], ['A', 'B', 'C', 'D'])
 * // → { answer: 'B', votes: { A: 2, B: 2, C: 0, D: 0 }, tie: true, parsed: 4 }
 */
export function pluralityVote(answers: readonly (string | null)[], keys: readonly string[]): VoteResult {
  const votes: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  const firstCall = new Map<string, number>();
  let parsed = 0;
  answers.forEach((a, i) => {
    if (a == null) return;
    parsed++;
    votes[a] = (votes[a] ?? 0) + 1;
    if (!firstCall.has(a)) firstCall.set(a, i);
  });
  if (parsed === 0) return { answer: null, votes, tie: false, parsed };
  const top = Math.max(...Object.values(votes));
  const leaders = [...firstCall.keys()].filter((k) => votes[k] === top);
  // firstCall's keys are in order of first vote, so the first leader is the earliest voted.
  return { answer: leaders[0], votes, tie: leaders.length > 1, parsed };
}
