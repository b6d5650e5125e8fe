/**
 * Longest common subsequence over token-id arrays, bit-parallel (Allison–Dix / Hyyrö, 32-bit
 * words): the pattern's positions are bits, and each text token updates the bit vector V with
 * V ← (V + (V & M)) | (V & ~M), M the token's match mask. After j text tokens, bit i-1 of V is 0
 * exactly when t[i][j] − t[i−1][j] = 1 in the classic LCS table t, so t[i][j] is the number of
 * zero bits below bit i. That gives:
 * - {@link LcsWorkspace.length}: the LCS length in O(n·⌈m/32⌉) instead of O(n·m) (rougeL);
 * - {@link LcsWorkspace.markUnionLcs}: the positions of the particular LCS that rouge_score's
 *   backtrack reads out (rougeLsum depends on which one), from the stored V of every column,
 *   without building the table.
 *
 * A workspace reuses its buffers between calls; one per engine, not shared across threads.
 */
export class LcsWorkspace {
  /** token id → mask slot of the current pattern, -1 when absent. Sized to the vocabulary. */
  private slotOf = new Int32Array(0);
  private masks = new Int32Array(64);
  /** V after each text token, one row of `words` ints per column (row 0 = all ones). */
  private history = new Int32Array(64);

  /** LCS length of `a` and `b`. `vocabularySize` bounds every id in either array. */
  length(a: Int32Array, b: Int32Array, vocabularySize: number): number {
    // The shorter text becomes the bit pattern: fewer words per step.
    const [pattern, text] = a.length <= b.length ? [a, b] : [b, a];
    const m = pattern.length;
    if (m === 0 || text.length === 0) return 0;
    const words = this.buildMasks(pattern, vocabularySize);
    if (this.history.length < words) this.history = new Int32Array(Math.max(words, this.history.length * 2));
    const v = this.history;
    v.fill(-1, 0, words);
    const slotOf = this.slotOf;
    const masks = this.masks;
    for (let j = 0; j < text.length; j++) {
      const slot = slotOf[text[j]];
      if (slot < 0) continue; // M = 0 leaves V unchanged
      advance(v, 0, v, 0, masks, slot * words, words);
    }
    this.clearMasks(pattern);
    let ones = 0;
    for (let w = 0; w < words; w++) ones += popcount32(v[w]);
    // Bits past m never change (their masks are 0), so zeros in V count the LCS.
    return words * 32 - ones;
  }

  /**
   * rouge_score's `_union_lcs` positions: for each line `[bounds[k], bounds[k+1])` of `can`, sets
   * `marked[i] = 1` for each position i of `ref` on the LCS that `_backtrack_norec` reads out —
   * from the bottom-right corner, take a match when the tokens are equal, else move left only
   * when t[i][j-1] > t[i-1][j], otherwise up.
   */
  markUnionLcs(ref: Int32Array, can: Int32Array, bounds: Int32Array, marked: Uint8Array, vocabularySize: number): void {
    if (ref.length === 0) return;
    const words = this.buildMasks(ref, vocabularySize);
    const slotOf = this.slotOf;
    const masks = this.masks;
    for (let k = 0; k + 1 < bounds.length; k++) {
      const start = bounds[k];
      const cols = bounds[k + 1] - start;
      if (cols === 0) continue;
      if (this.history.length < (cols + 1) * words) {
        this.history = new Int32Array(Math.max((cols + 1) * words, this.history.length * 2));
      }
      const h = this.history;
      h.fill(-1, 0, words);
      let matched = false;
      for (let j = 1; j <= cols; j++) {
        const slot = slotOf[can[start + j - 1]];
        if (slot < 0) {
          // No match: the column repeats (a loop; copyWithin costs more for one or two words).
          for (let w = 0; w < words; w++) h[j * words + w] = h[(j - 1) * words + w];
        } else if (words === 1) {
          // The common case, lines of up to 32 tokens, inlined.
          const vw = h[j - 1] >>> 0;
          const mw = masks[slot];
          h[j] = (vw + ((vw & mw) >>> 0)) | (vw & ~mw);
          matched = true;
        } else {
          advance(h, (j - 1) * words, h, j * words, masks, slot * words, words);
          matched = true;
        }
      }
      if (!matched) continue; // no token in common: empty LCS
      // Walk back keeping L = t[i][j] and Z = t[i][j-1]; moving up changes each by one bit.
      let i = ref.length;
      let j = cols;
      let L = zerosBelow(h, j * words, i);
      let Z = zerosBelow(h, (j - 1) * words, i);
      while (i > 0 && j > 0) {
        if (ref[i - 1] === can[start + j - 1]) {
          marked[i - 1] = 1;
          i--;
          j--;
          L--;
          if (j > 0) Z = zerosBelow(h, (j - 1) * words, i);
        } else {
          const up = L - bitIsZero(h, j * words, i - 1); // t[i-1][j]
          if (Z > up) {
            j--;
            L = Z;
            if (j > 0) Z = zerosBelow(h, (j - 1) * words, i);
          } else {
            Z -= bitIsZero(h, (j - 1) * words, i - 1);
            i--;
            L = up;
          }
        }
      }
    }
    this.clearMasks(ref);
  }

  /** Gives each distinct pattern token a mask slot; bit i of a mask is set where pattern[i] is that token. */
  private buildMasks(pattern: Int32Array, vocabularySize: number): number {
    if (this.slotOf.length < vocabularySize) {
      this.slotOf = new Int32Array(Math.max(vocabularySize, this.slotOf.length * 2)).fill(-1);
    }
    const slotOf = this.slotOf;
    const m = pattern.length;
    const words = (m + 31) >>> 5;
    let distinct = 0;
    for (let i = 0; i < m; i++) if (slotOf[pattern[i]] < 0) slotOf[pattern[i]] = distinct++;
    if (this.masks.length < distinct * words) {
      this.masks = new Int32Array(Math.max(distinct * words, this.masks.length * 2));
    }
    const masks = this.masks;
    masks.fill(0, 0, distinct * words);
    for (let i = 0; i < m; i++) masks[slotOf[pattern[i]] * words + (i >>> 5)] |= 1 << (i & 31);
    return words;
  }

  private clearMasks(pattern: Int32Array): void {
    for (let i = 0; i < pattern.length; i++) this.slotOf[pattern[i]] = -1;
  }
}

/** to[toAt…] ← (V + (V & M)) | (V & ~M) for V = from[fromAt…], as one multi-word addition. */
function advance(
  from: Int32Array,
  fromAt: number,
  to: Int32Array,
  toAt: number,
  masks: Int32Array,
  maskAt: number,
  words: number,
): void {
  let carry = 0;
  for (let w = 0; w < words; w++) {
    const vw = from[fromAt + w] >>> 0;
    const mw = masks[maskAt + w];
    const sum = vw + ((vw & mw) >>> 0) + carry;
    carry = sum > 0xffffffff ? 1 : 0;
    to[toAt + w] = sum | (vw & ~mw); // `|` takes sum modulo 2^32
  }
}

/** 1 when bit `bit` of the vector at `at` is 0, else 0. */
function bitIsZero(v: Int32Array, at: number, bit: number): number {
  return (v[at + (bit >>> 5)] >>> (bit & 31)) & 1 ? 0 : 1;
}

/** The number of zero bits among bits 0…count-1 of the vector at `at`: t[count][column]. */
function zerosBelow(v: Int32Array, at: number, count: number): number {
  const full = count >>> 5;
  let ones = 0;
  for (let w = 0; w < full; w++) ones += popcount32(v[at + w]);
  const rest = count & 31;
  if (rest > 0) ones += popcount32(v[at + full] & ((1 << rest) - 1));
  return count - ones;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
