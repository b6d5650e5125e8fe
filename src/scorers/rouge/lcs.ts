/**
 * Longest common subsequence over token-id arrays, in the two forms ROUGE needs:
 * - {@link LcsWorkspace.length}: the length only, bit-parallel (Allison–Dix / Hyyrö) with
 *   32-bit words — O(n·⌈m/32⌉) instead of O(n·m); used by rougeL.
 * - {@link LcsWorkspace.markReferenceLcs}: one particular LCS, read out of the full table with
 *   rouge_score's backtrack (its tie-break decides which LCS, and rougeLsum depends on it).
 *
 * A workspace reuses its buffers between calls; one per engine, not shared across threads.
 */
export class LcsWorkspace {
  /** token id → mask slot of the current pattern, -1 when absent. Sized to the vocabulary. */
  private slotOf = new Int32Array(0);
  private masks = new Int32Array(64);
  private v = new Int32Array(16);
  private table = new Int32Array(1024);

  /** LCS length of `a` and `b`. `vocabularySize` bounds every id in either array. */
  length(a: Int32Array, b: Int32Array, vocabularySize: number): number {
    // The shorter text becomes the bit pattern: fewer words per step.
    const [pattern, text] = a.length <= b.length ? [a, b] : [b, a];
    const m = pattern.length;
    if (m === 0) return 0;
    if (this.slotOf.length < vocabularySize) {
      this.slotOf = new Int32Array(Math.max(vocabularySize, this.slotOf.length * 2)).fill(-1);
    }
    const words = (m + 31) >>> 5;
    if (this.v.length < words) this.v = new Int32Array(Math.max(words, this.v.length * 2));
    const slotOf = this.slotOf;
    const v = this.v;

    // One mask slot per distinct pattern token.
    let distinct = 0;
    for (let i = 0; i < m; i++) if (slotOf[pattern[i]] < 0) slotOf[pattern[i]] = distinct++;
    if (this.masks.length < distinct * words) {
      this.masks = new Int32Array(Math.max(distinct * words, this.masks.length * 2));
    }
    const masks = this.masks;
    masks.fill(0, 0, distinct * words);
    // Bit i of token t's mask is set when pattern[i] === t.
    for (let i = 0; i < m; i++) masks[slotOf[pattern[i]] * words + (i >>> 5)] |= 1 << (i & 31);

    // V starts all ones; each text token does V ← (V + (V & M)) | (V & ~M) as one long addition.
    // Bits past m never change (their masks are 0), so zeros in V count the LCS.
    v.fill(-1, 0, words);
    for (let j = 0; j < text.length; j++) {
      const slot = slotOf[text[j]];
      if (slot < 0) continue; // M = 0 leaves V unchanged
      const base = slot * words;
      let carry = 0;
      for (let w = 0; w < words; w++) {
        const vw = v[w] >>> 0;
        const mw = masks[base + w];
        const sum = vw + ((vw & mw) >>> 0) + carry;
        carry = sum > 0xffffffff ? 1 : 0;
        v[w] = sum | (vw & ~mw); // `|` takes sum modulo 2^32
      }
    }

    for (let i = 0; i < m; i++) slotOf[pattern[i]] = -1;
    let ones = 0;
    for (let w = 0; w < words; w++) ones += popcount32(v[w]);
    return words * 32 - ones;
  }

  /**
   * Sets `marked[i] = 1` for each reference position i on one LCS of `ref` and `can` — the one
   * rouge_score's `_backtrack_norec` reads out: from the bottom-right corner, take a match when the
   * tokens are equal, else move left only when `t[i][j-1] > t[i-1][j]`, otherwise up.
   */
  markReferenceLcs(ref: Int32Array, can: Int32Array, marked: Uint8Array): void {
    const rows = ref.length;
    const cols = can.length;
    if (rows === 0 || cols === 0) return;
    const stride = cols + 1;
    const size = (rows + 1) * stride;
    if (this.table.length < size) this.table = new Int32Array(Math.max(size, this.table.length * 2));
    const t = this.table;
    t.fill(0, 0, stride);
    for (let i = 1; i <= rows; i++) {
      const row = i * stride;
      const up = row - stride;
      const r = ref[i - 1];
      t[row] = 0;
      for (let j = 1; j <= cols; j++) {
        if (r === can[j - 1]) t[row + j] = t[up + j - 1] + 1;
        else {
          const a = t[up + j];
          const b = t[row + j - 1];
          t[row + j] = a > b ? a : b;
        }
      }
    }
    let i = rows;
    let j = cols;
    while (i > 0 && j > 0) {
      if (ref[i - 1] === can[j - 1]) {
        marked[i - 1] = 1;
        i--;
        j--;
      } else if (t[i * stride + j - 1] > t[(i - 1) * stride + j]) {
        j--;
      } else {
        i--;
      }
    }
  }
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
