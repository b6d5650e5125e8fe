/** One search result: which item, and how well it matched. */
export interface Neighbour {
  /** Position of the item in the order it was added. */
  index: number;
  /** Similarity to the query, larger is closer (cosine for the kNN index, BM25 score for the lexical one). */
  score: number;
}

/** Keeps the `m` best (index, score) pairs seen; a later equal score never displaces an earlier one. */
export class TopM {
  private readonly idx: Int32Array;
  private readonly sc: Float64Array;
  private n = 0;

  constructor(private readonly m: number) {
    this.idx = new Int32Array(m);
    this.sc = new Float64Array(m);
  }

  offer(index: number, score: number): void {
    if (this.m === 0) return;
    if (this.n === this.m && !(score > this.sc[this.m - 1])) return;
    let j = this.n < this.m ? this.n++ : this.m - 1;
    while (j > 0 && score > this.sc[j - 1]) {
      this.sc[j] = this.sc[j - 1];
      this.idx[j] = this.idx[j - 1];
      j--;
    }
    this.sc[j] = score;
    this.idx[j] = index;
  }

  get size(): number {
    return this.n;
  }

  sorted(): Neighbour[] {
    return Array.from({ length: this.n }, (_, i) => ({ index: this.idx[i], score: this.sc[i] }));
  }
}
