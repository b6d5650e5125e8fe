/**
 * Seeded pseudo-random numbers (mulberry32), so shuffles, bootstraps and random baselines
 * are the same on every machine and under any concurrency: derive one generator per
 * purpose and sample, e.g. `rngFor(seed, 'shuffle', sample.id)`, never share one across tasks.
 */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a of a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A generator determined by the run seed and any labels (purpose, sample id…). */
export function rngFor(seed: number, ...labels: (string | number)[]): Rng {
  return mulberry32(hash32(`${seed}\u0000${labels.join('\u0000')}`));
}

/** Fisher–Yates shuffle into a new array. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
