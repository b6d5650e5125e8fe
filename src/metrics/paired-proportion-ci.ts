/**
 * 95% interval for the difference of two paired proportions (candidate accuracy −
 * baseline accuracy on the same questions): Newcombe's hybrid score interval, method 10 of
 * Newcombe (1998), "Improved confidence intervals for the difference between binomial
 * proportions based on paired data", Statistics in Medicine 17:2635–2650.
 *
 * Closed form (no resampling), built from the two Wilson intervals and the phi correlation
 * of the 2×2 table, as in Fagerland, Lydersen & Laake, "Statistical Analysis of Contingency
 * Tables" (2017), ch. 8 ("Newcombe square-and-add"); good coverage even with few discordant pairs, and never outside [−1, 1].
 *
 * Table (candidate × baseline): a = both right, b = only candidate right,
 * c = only baseline right, d = both wrong. Difference = (b − c) / n.
 */
const Z95 = 1.959963984540054;

/** Wilson score interval for x successes out of n. */
export function wilsonInterval(x: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * @example
 *   newcombePairedCI(59, 6, 16, 80) // [-0.1186, -0.0046] (Cavo et al. 2012 table in Fagerland et al.)
 */
export function newcombePairedCI(a: number, b: number, c: number, d: number, z = Z95): [number, number] {
  const n = a + b + c + d;
  if (n === 0) return [-1, 1];
  const p1 = (a + b) / n; // candidate
  const p2 = (a + c) / n; // baseline
  const [l1, u1] = wilsonInterval(a + b, n, z);
  const [l2, u2] = wilsonInterval(a + c, n, z);
  const denom = (a + b) * (c + d) * (a + c) * (b + d);
  // Newcombe's phi with its continuity adjustment: positive association is shrunk by n/2
  // (to 0 when within n/2), negative association is used as is.
  const cross = a * d - b * c;
  const adjusted = cross > n / 2 ? cross - n / 2 : cross >= 0 ? 0 : cross;
  const phi = denom === 0 ? 0 : adjusted / Math.sqrt(denom);
  const theta = p1 - p2;
  const lowerSq = (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2;
  const upperSq = (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2;
  return [Math.max(-1, theta - Math.sqrt(Math.max(0, lowerSq))), Math.min(1, theta + Math.sqrt(Math.max(0, upperSq)))];
}
