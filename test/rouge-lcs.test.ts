import { describe, expect, it } from 'vitest';
import { LcsWorkspace } from '../src/scorers/rouge/lcs.js';
import { mulberry32 } from '../src/util/rng.js';

/** The textbook O(n·m) table, as rouge_score's `_lcs_table` builds it: the oracle here. */
function lcsTable(ref: ArrayLike<number>, can: ArrayLike<number>): number[][] {
  const t = Array.from({ length: ref.length + 1 }, () => new Array<number>(can.length + 1).fill(0));
  for (let i = 1; i <= ref.length; i++) {
    for (let j = 1; j <= can.length; j++) {
      t[i][j] = ref[i - 1] === can[j - 1] ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
    }
  }
  return t;
}

function randomTokens(rng: () => number, length: number, alphabet: number): Int32Array {
  return Int32Array.from({ length }, () => Math.floor(rng() * alphabet));
}

describe('bit-parallel LCS length', () => {
  it('equals the O(n·m) table on 2,000 random pairs across word boundaries (lengths 0-200)', () => {
    const rng = mulberry32(7);
    const workspace = new LcsWorkspace();
    for (let k = 0; k < 2000; k++) {
      // Small alphabets give many matches and carries; lengths straddle 32, 64, 96… bits.
      const alphabet = 1 + Math.floor(rng() * 12);
      const a = randomTokens(rng, Math.floor(rng() * 200), alphabet);
      const b = randomTokens(rng, Math.floor(rng() * 200), alphabet);
      const expected = lcsTable(a, b)[a.length][b.length];
      expect(workspace.length(a, b, alphabet), `pair ${k}`).toBe(expected);
    }
  });

  it('handles a carry that runs through every word (all-equal tokens)', () => {
    const workspace = new LcsWorkspace();
    const a = new Int32Array(1000); // all token 0
    const b = new Int32Array(777);
    expect(workspace.length(a, b, 1)).toBe(777);
    expect(workspace.length(b, a, 1)).toBe(777);
  });
});

describe("rouge_score's LCS read-out (backtrack tie-break)", () => {
  /** rouge_score's `_backtrack_norec`, transliterated, over the oracle table. */
  function referenceBacktrack(ref: Int32Array, can: Int32Array): number[] {
    const t = lcsTable(ref, can);
    const out: number[] = [];
    let i = ref.length;
    let j = can.length;
    while (i > 0 && j > 0) {
      if (ref[i - 1] === can[j - 1]) {
        out.unshift(i - 1);
        i--;
        j--;
      } else if (t[i][j - 1] > t[i - 1][j]) j--;
      else i--;
    }
    return out;
  }

  /** rouge_score's `_union_lcs` positions: the union of the read-out over every candidate line. */
  function referenceUnion(ref: Int32Array, lines: Int32Array[]): number[] {
    return [...new Set(lines.flatMap((line) => referenceBacktrack(ref, line)))].sort((a, b) => a - b);
  }

  function union(ref: Int32Array, lines: Int32Array[], vocabularySize: number, workspace = new LcsWorkspace()): number[] {
    const can = Int32Array.from(lines.flatMap((line) => [...line]));
    const bounds = [0];
    for (const line of lines) bounds.push(bounds[bounds.length - 1] + line.length);
    const marked = new Uint8Array(ref.length);
    workspace.markUnionLcs(ref, can, Int32Array.from(bounds), marked, vocabularySize);
    return [...marked.keys()].filter((i) => marked[i] === 1);
  }

  it('marks the same reference positions as the reference read-out on 3,000 random cases', () => {
    const rng = mulberry32(11);
    const workspace = new LcsWorkspace();
    for (let k = 0; k < 3000; k++) {
      // Small alphabets make many ties; line lengths straddle the 32-bit word boundaries.
      const alphabet = 1 + Math.floor(rng() * 6);
      const ref = randomTokens(rng, Math.floor(rng() * (k % 3 === 0 ? 140 : 40)), alphabet);
      const lines = Array.from({ length: 1 + Math.floor(rng() * 4) }, () =>
        randomTokens(rng, Math.floor(rng() * (k % 5 === 0 ? 100 : 30)), alphabet),
      );
      expect(union(ref, lines, alphabet, workspace), `case ${k}`).toEqual(referenceUnion(ref, lines));
    }
  });

  it('moves up on ties: ref [a b] vs can [b a] keeps a, not b', () => {
    expect(union(Int32Array.of(0, 1), [Int32Array.of(1, 0)], 2)).toEqual([0]);
  });
});
