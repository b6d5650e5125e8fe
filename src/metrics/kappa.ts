/**
 * Cohen's κ of two raters over the same items: (p_o − p_e) / (1 − p_e), with p_e from each
 * rater's own label frequencies. Null when it is undefined (no items, or both raters used one
 * and the same label for everything, p_e = 1).
 *
 * @example
 * cohensKappa([['a', 'a'], ['b', 'b'], ['a', 'b'], ['b', 'b']]); // 0.5
 */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  let agree = 0;
  for (const [a, b] of pairs) {
    if (a === b) agree++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  const po = agree / n;
  let pe = 0;
  for (const [label, count] of first) pe += (count / n) * ((second.get(label) ?? 0) / n);
  if (pe === 1) return null;
  return (po - pe) / (1 - pe);
}
