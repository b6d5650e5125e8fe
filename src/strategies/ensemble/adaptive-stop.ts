/**
 * When a choice-shuffle ensemble may stop calling the model early.
 *   never   — always make every call.
 *   decided — stop once no outcome of the remaining calls can change the plurality winner
 *             (tie-break included): the answer is exactly the full vote's, with fewer calls.
 *   agree2  — `decided`, and also stop as soon as the first two calls give the same parsed
 *             answer (they show each option at a different position, so a position-biased
 *             model cannot agree with itself by accident).
 */
export const ensembleStops = ['never', 'decided', 'agree2'] as const;
export type EnsembleStop = (typeof ensembleStops)[number];

export type StopReason = 'complete' | 'decided' | 'agree2';

/**
 * Checks the answers so far (original keys in call order; null = unparsed) against `rule`.
 * Returns why the ensemble may stop now, or null to keep calling. `total` is the ensemble size.
 *
 * @example
 * stopReason('decided', ['A', 'A', 'A'], 5) // → 'decided' (2 calls left cannot reach 3)
 * stopReason('agree2', ['A', 'A'], 5)       // → 'agree2'
 */
export function stopReason(rule: EnsembleStop, answers: readonly (string | null)[], total: number): StopReason | null {
  if (answers.length >= total) return 'complete';
  if (rule === 'never') return null;
  if (rule === 'agree2' && answers.length === 2 && answers[0] != null && answers[0] === answers[1]) return 'agree2';
  return isDecided(answers, total - answers.length) ? 'decided' : null;
}

/**
 * True when the current leader wins whatever the `remaining` calls answer. A rival can gain at
 * most `remaining` votes; on equal counts the vote's tie-break (earliest first vote) decides, and
 * a key not voted for yet would lose that tie-break to the leader.
 */
function isDecided(answers: readonly (string | null)[], remaining: number): boolean {
  const counts = new Map<string, number>();
  const firstCall = new Map<string, number>();
  answers.forEach((a, i) => {
    if (a == null) return;
    counts.set(a, (counts.get(a) ?? 0) + 1);
    if (!firstCall.has(a)) firstCall.set(a, i);
  });
  if (counts.size === 0) return false;
  let leader = '';
  let best = -1;
  for (const [k, c] of counts) {
    if (c > best || (c === best && firstCall.get(k)! < firstCall.get(leader)!)) [leader, best] = [k, c];
  }
  // An unvoted key can reach `remaining` votes and loses ties to the leader.
  if (remaining > best) return false;
  for (const [k, c] of counts) {
    if (k === leader) continue;
    const most = c + remaining;
    if (most > best || (most === best && firstCall.get(k)! < firstCall.get(leader)!)) return false;
  }
  return true;
}

/**
 * How many calls to send at once before the rule can first stop (they may run concurrently
 * without wasting a call): half the ensemble (rounded up) for decided, at most 2 for agree2, all for never.
 */
export function firstBatchSize(rule: EnsembleStop, total: number): number {
  if (rule === 'never') return total;
  // A leader needs at least as many votes as there are calls left (an unvoted key loses ties).
  const decided = Math.ceil(total / 2);
  return rule === 'agree2' ? Math.min(2, decided) : decided;
}
