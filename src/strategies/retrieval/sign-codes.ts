import { mulberry32 } from '../../util/rng.js';

/** Bits per code at most: enough to rank candidates well, cheap enough to scan 200,000 codes per query. */
const MAX_BITS = 1024;
/** Fixed, so that codes (and so retrieval) never depend on the run seed. */
const SIGN_SEED = 0x5eed;

/**
 * 1-bit codes for cosine search (SimHash with a structured random rotation): centre the vector on
 * the pool mean (embeddings are anisotropic: their cosines crowd together otherwise), flip signs by
 * a fixed random pattern, apply a fast Walsh–Hadamard transform (a random-like rotation in
 * O(d log d)), keep the signs. Two vectors at angle θ differ in about θ/π of the bits, so the
 * Hamming distance ranks candidates for the exact re-scoring.
 */
export class SignCoder {
  /** Length the vector is zero-padded to (a power of two, at least 256). */
  readonly padded: number;
  readonly bits: number;
  readonly bytesPerCode: number;
  private readonly flips: Float32Array;
  private readonly work: Float32Array;

  constructor(
    readonly dim: number,
    private readonly mean: Float32Array,
  ) {
    let p = 256;
    while (p < dim) p *= 2;
    this.padded = p;
    this.bits = Math.min(p, MAX_BITS);
    this.bytesPerCode = this.bits / 8;
    const rng = mulberry32(SIGN_SEED);
    this.flips = Float32Array.from({ length: p }, () => (rng() < 0.5 ? -1 : 1));
    this.work = new Float32Array(p);
  }

  /** Writes the code of `vector` (length `dim`; `scale` multiplies it first) into `out`. */
  encode(vector: ArrayLike<number>, out: Uint8Array, scale = 1): Uint8Array {
    const { work, flips, mean, dim } = this;
    for (let j = 0; j < dim; j++) work[j] = (vector[j] * scale - mean[j]) * flips[j];
    work.fill(0, dim);
    walshHadamard(work);
    out.fill(0);
    for (let j = 0; j < this.bits; j++) if (work[j] > 0) out[j >> 3] |= 1 << (j & 7);
    return out;
  }
}

/** In-place unnormalised fast Walsh–Hadamard transform; length a power of two. */
export function walshHadamard(a: Float32Array): void {
  const n = a.length;
  for (let h = 1; h < n; h *= 2) {
    for (let i = 0; i < n; i += 2 * h) {
      for (let j = i; j < i + h; j++) {
        const x = a[j];
        const y = a[j + h];
        a[j] = x + y;
        a[j + h] = x - y;
      }
    }
  }
}
