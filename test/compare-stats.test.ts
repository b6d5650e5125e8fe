import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../src/metrics/holm.js';
import { binomialHalfCdf, mcnemarExact } from '../src/metrics/mcnemar.js';
import { pairedBootstrap } from '../src/metrics/paired-bootstrap.js';
import { newcombePairedCI, wilsonInterval } from '../src/metrics/paired-proportion-ci.js';

/** Exact two-sided McNemar p by integer arithmetic: 2·Σ_{i≤k} C(n,i) / 2^n. */
function exactByBigInt(b: number, c: number): number {
  const n = b + c;
  const k = Math.min(b, c);
  let choose = 1n;
  let tail = 0n;
  for (let i = 0; i <= k; i++) {
    tail += choose;
    choose = (choose * BigInt(n - i)) / BigInt(i + 1);
  }
  // Scale before dividing so the ratio keeps ~15 significant digits.
  const scaled = (2n * tail * 10n ** 18n) / 2n ** BigInt(n);
  return Math.min(1, Number(scaled) / 1e18);
}

describe('exact McNemar', () => {
  it('matches hand-computed binomial tails', () => {
    // b=10, c=2: n=12, P(X≤2) = (1 + 12 + 66)/4096
    expect(mcnemarExact(10, 2)).toBeCloseTo((2 * (1 + 12 + 66)) / 4096, 14);
    expect(mcnemarExact(2, 10)).toBeCloseTo((2 * (1 + 12 + 66)) / 4096, 14);
    // b=5, c=0: 2·(1/32)
    expect(mcnemarExact(5, 0)).toBeCloseTo(2 / 32, 14);
    // b=7, c=3: n=10, P(X≤3) = (1+10+45+120)/1024
    expect(mcnemarExact(7, 3)).toBeCloseTo((2 * 176) / 1024, 14);
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(4, 4)).toBe(1);
  });

  it('matches the published exact conditional McNemar p for the Cavo et al. table (b=6, c=16)', () => {
    // Fagerland, Lydersen & Laake (2017), ch. 8: P = 0.052479
    expect(mcnemarExact(6, 16)).toBeCloseTo(0.052479, 6);
  });

  it('stays exact for thousands of discordant pairs (no underflow)', () => {
    for (const [b, c] of [[1000, 1100], [2000, 2150], [30, 1200], [800, 801]]) {
      const expected = exactByBigInt(b, c);
      expect(Math.abs(mcnemarExact(b, c) - expected)).toBeLessThan(1e-12 + expected * 1e-9);
    }
    expect(binomialHalfCdf(3000, 3000)).toBe(1);
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => mcnemarExact(-1, 2)).toThrow(RangeError);
    expect(() => mcnemarExact(1.5, 2)).toThrow(RangeError);
  });
});

describe('Holm–Bonferroni', () => {
  it('adjusts a known example', () => {
    // sorted: .005·4 = .02, .01·3 = .03, .03·2 = .06, .04·1 = .04 → monotone .06
    const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    expect(adj[0]).toBeCloseTo(0.03, 12);
    expect(adj[1]).toBeCloseTo(0.06, 12);
    expect(adj[2]).toBeCloseTo(0.06, 12);
    expect(adj[3]).toBeCloseTo(0.02, 12);
  });

  it('caps at 1, keeps order, and leaves a single test alone', () => {
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
    expect(holmAdjust([0.03])).toEqual([0.03]);
    expect(holmAdjust([])).toEqual([]);
    // at alpha .05: only the smallest survives (.01·3 = .03 ≤ .05; .02·2 = .04 ≤ .05; .04·1 = .04)
    const adj = holmAdjust([0.04, 0.01, 0.02]);
    expect(adj.map((p) => p <= 0.05)).toEqual([true, true, true]);
    expect(holmAdjust([0.04, 0.01, 0.03]).map((p) => p <= 0.05)).toEqual([false, true, false]);
  });
});

describe('Newcombe paired interval', () => {
  it('matches the published interval for the Cavo et al. table', () => {
    // Fagerland et al. (2017), "Newcombe square-and-add": -0.0621 (95% CI -0.1186 to -0.0046)
    const [lo, hi] = newcombePairedCI(59, 6, 16, 80);
    expect(lo).toBeCloseTo(-0.1186, 4);
    expect(hi).toBeCloseTo(-0.0046, 4);
  });

  it('Wilson interval matches a textbook value (81/263)', () => {
    // Newcombe (1998, independent proportions paper) example: 81/263 → 0.2553 to 0.3662
    const [lo, hi] = wilsonInterval(81, 263);
    expect(lo).toBeCloseTo(0.2553, 4);
    expect(hi).toBeCloseTo(0.3662, 4);
  });

  it('contains the point difference and stays inside [-1, 1]', () => {
    for (const [a, b, c, d] of [[0, 0, 10, 0], [10, 0, 0, 0], [500, 20, 50, 430], [0, 0, 0, 5]]) {
      const n = a + b + c + d;
      const [lo, hi] = newcombePairedCI(a, b, c, d);
      expect(lo).toBeLessThanOrEqual((b - c) / n + 1e-12);
      expect(hi).toBeGreaterThanOrEqual((b - c) / n - 1e-12);
      expect(lo).toBeGreaterThanOrEqual(-1);
      expect(hi).toBeLessThanOrEqual(1);
    }
  });
});

describe('paired bootstrap', () => {
  const base = Array.from({ length: 200 }, (_, i) => 0.3 + ((i * 37) % 100) / 250);

  it('is deterministic for a seed and label', () => {
    const cand = base.map((v, i) => v + Math.sin(i) * 0.05);
    expect(pairedBootstrap(base, cand, 1, 'x')).toEqual(pairedBootstrap(base, cand, 1, 'x'));
    expect(pairedBootstrap(base, cand, 1, 'x').ci95).not.toEqual(pairedBootstrap(base, cand, 2, 'x').ci95);
  });

  it('finds a consistent shift and brackets it', () => {
    const cand = base.map((v, i) => v - 0.03 + (i % 2 === 0 ? 0.02 : -0.02));
    const r = pairedBootstrap(base, cand, 3, 'shift');
    expect(r.diff).toBeCloseTo(-0.03, 10);
    expect(r.ci95[0]).toBeLessThan(-0.03);
    expect(r.ci95[1]).toBeGreaterThan(-0.03);
    expect(r.ci95[1]).toBeLessThan(0);
    expect(r.p).toBeLessThan(0.001);
  });

  it('gives p = 1 when nothing changed', () => {
    const r = pairedBootstrap(base, base, 3, 'same');
    expect(r.diff).toBe(0);
    expect(r.p).toBe(1);
  });

  it('refuses arrays of different lengths', () => {
    expect(() => pairedBootstrap([1, 2], [1], 0)).toThrow(RangeError);
  });
});
