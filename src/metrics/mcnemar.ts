/**
 * Exact McNemar test for paired binary outcomes (correct / wrong on the same questions).
 * Only discordant pairs carry information: b = questions only the baseline got right,
 * c = questions only the candidate got right. Under H0 (no difference) each discordant
 * pair goes either way with probability 1/2, so min(b, c) ~ Binomial(b + c, 1/2) and the
 * two-sided p-value is min(1, 2·P(X ≤ min(b, c))).
 *
 * Computed in log space, so it stays exact (to double precision) for any b + c:
 * 2^-n underflows past n ≈ 1074 if summed directly.
 */

/** log(Σ exp(xs)) without overflow. */
function logSumExp(xs: readonly number[]): number {
  const max = Math.max(...xs);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const x of xs) sum += Math.exp(x - max);
  return max + Math.log(sum);
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2). */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  const logHalfN = -n * Math.LN2;
  const terms: number[] = [];
  let logChoose = 0; // log C(n, 0)
  for (let i = 0; i <= k; i++) {
    terms.push(logChoose + logHalfN);
    logChoose += Math.log(n - i) - Math.log(i + 1); // C(n, i+1) = C(n, i)·(n-i)/(i+1)
  }
  return Math.min(1, Math.exp(logSumExp(terms)));
}

/**
 * Two-sided exact McNemar p-value from the discordant counts.
 *
 * @example
 *   mcnemarExact(10, 2) // 0.0386 (= 2·(1 + 12 + 66)/4096)
 */
export function mcnemarExact(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`mcnemarExact: counts must be non-negative integers (got ${b}, ${c})`);
  }
  const n = b + c;
  if (n === 0) return 1;
  return Math.min(1, 2 * binomialHalfCdf(Math.min(b, c), n));
}
