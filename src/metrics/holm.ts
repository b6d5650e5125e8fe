/**
 * Holm–Bonferroni step-down adjustment for m simultaneous tests: sort the p-values
 * ascending, multiply the i-th smallest (1-based) by (m − i + 1), then make the sequence
 * non-decreasing and cap it at 1. Rejecting where the adjusted p ≤ alpha controls the
 * family-wise error rate at alpha, uniformly more powerful than plain Bonferroni.
 *
 * @example
 *   holmAdjust([0.01, 0.04, 0.03, 0.005]) // [0.03, 0.06, 0.06, 0.02]
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
