import type { Rng } from '../../util/rng.js';
import { shuffled } from '../../util/rng.js';

/**
 * Display orders for a choice-shuffle ensemble of `n` calls over option `keys`.
 *
 * Calls come in blocks of `keys.length`: a block takes a seeded base order and uses each of its
 * cyclic shifts once, in seeded order, so within a block every option is shown once at every
 * position (the rows of a Latin square). Any two calls of a block therefore show each option at
 * different positions, which is what lets a vote cancel a model's position bias. A later block
 * starts from a fresh base order whose shifts were not used yet (where enough orders exist).
 *
 * @example
 * shufflePermutations(['A', 'B', 'C', 'D'], 5, rngFor(seed, 'shuffle', sample.id))
 * // → [['C','A','D','B'], ['D','B','C','A'], ['A','D','B','C'], ['B','C','A','D'], ['B','A','C','D']]
 */
export function shufflePermutations(keys: readonly string[], n: number, rng: Rng): string[][] {
  const m = keys.length;
  const out: string[][] = [];
  if (m === 0) return Array.from({ length: n }, () => []);
  const used = new Set<string>();
  const distinctOrders = factorialCapped(m, n + m);
  while (out.length < n) {
    let base = shuffled(keys, rng);
    // Prefer a base none of whose shifts was used; give up after a few tries (tiny option sets).
    for (let tries = 0; tries < 20 && used.size + m <= distinctOrders && rotations(base).some((r) => used.has(r.join('\u0000'))); tries++) {
      base = shuffled(keys, rng);
    }
    const shifts = shuffled(
      Array.from({ length: m }, (_, i) => i),
      rng,
    );
    for (const s of shifts) {
      if (out.length === n) break;
      const order = rotate(base, s);
      used.add(order.join('\u0000'));
      out.push(order);
    }
  }
  return out;
}

function rotate<T>(items: readonly T[], s: number): T[] {
  return [...items.slice(s), ...items.slice(0, s)];
}

function rotations<T>(items: readonly T[]): T[][] {
  return items.map((_, s) => rotate(items, s));
}

/** m!, or `cap` when m! is larger (we only need to know whether fresh orders remain). */
function factorialCapped(m: number, cap: number): number {
  let f = 1;
  for (let i = 2; i <= m && f < cap; i++) f *= i;
  return Math.min(f, cap);
}
