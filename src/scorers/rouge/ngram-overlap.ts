/**
 * Clipped n-gram overlap for ROUGE-1 and ROUGE-2: the sum over reference n-grams of
 * min(count in reference, count in prediction), as rouge_score's `_score_ngrams` computes it.
 * Counting is done on token ids with reusable buffers (a dense array for unigrams, an
 * open-addressing table for bigrams), so no Map or string is built per text.
 */
export class NgramOverlap {
  private unigramCounts = new Int32Array(0);
  // Bigram table: key (first, second), count; `first === -1` marks an empty slot.
  private first = new Int32Array(0);
  private second = new Int32Array(0);
  private counts = new Int32Array(0);
  private used = new Int32Array(0);

  /** `vocabularySize` bounds every id in either array. */
  unigramHits(prediction: Int32Array, reference: Int32Array, vocabularySize: number): number {
    if (this.unigramCounts.length < vocabularySize) {
      this.unigramCounts = new Int32Array(Math.max(vocabularySize, this.unigramCounts.length * 2));
    }
    const counts = this.unigramCounts;
    for (let i = 0; i < reference.length; i++) counts[reference[i]]++;
    let hits = 0;
    for (let i = 0; i < prediction.length; i++) {
      const id = prediction[i];
      if (counts[id] > 0) {
        hits++;
        counts[id]--;
      }
    }
    for (let i = 0; i < reference.length; i++) counts[reference[i]] = 0;
    return hits;
  }

  bigramHits(prediction: Int32Array, reference: Int32Array): number {
    const nRef = reference.length - 1;
    if (nRef <= 0 || prediction.length < 2) return 0;
    let bits = 4;
    while (1 << bits < nRef * 2) bits++;
    const capacity = 1 << bits;
    if (this.first.length < capacity) {
      this.first = new Int32Array(capacity).fill(-1);
      this.second = new Int32Array(capacity);
      this.counts = new Int32Array(capacity);
      this.used = new Int32Array(capacity);
    }
    const { first, second, counts, used } = this;
    const mask = capacity - 1;
    let nUsed = 0;
    for (let i = 0; i < nRef; i++) {
      const a = reference[i];
      const b = reference[i + 1];
      let slot = hash(a, b) & mask;
      while (first[slot] !== -1 && (first[slot] !== a || second[slot] !== b)) slot = (slot + 1) & mask;
      if (first[slot] === -1) {
        first[slot] = a;
        second[slot] = b;
        counts[slot] = 0;
        used[nUsed++] = slot;
      }
      counts[slot]++;
    }
    let hits = 0;
    for (let i = 0; i + 1 < prediction.length; i++) {
      const a = prediction[i];
      const b = prediction[i + 1];
      let slot = hash(a, b) & mask;
      while (first[slot] !== -1 && (first[slot] !== a || second[slot] !== b)) slot = (slot + 1) & mask;
      if (first[slot] !== -1 && counts[slot] > 0) {
        hits++;
        counts[slot]--;
      }
    }
    for (let k = 0; k < nUsed; k++) first[used[k]] = -1;
    return hits;
  }
}

function hash(a: number, b: number): number {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  return (h ^ (h >>> 15)) >>> 0;
}
