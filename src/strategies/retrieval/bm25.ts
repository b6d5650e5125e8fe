import { TopM, type Neighbour } from './top-m.js';

/** Words too common to say anything about a question's topic. */
const STOPWORDS = new Set(
  ('a an and are as at be been being but by can could did do does following for from had has have he her his how i if in ' +
    'into is it its may might most not of on or she should so such than that the their them then there these they this ' +
    'those to was were what when where which while who whom why will with would you your').split(' '),
);

function bm25Tokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '' && !STOPWORDS.has(t));
}

/**
 * Okapi BM25 (k1 = 1.2, b = 0.75) over pool questions: the retriever used when no embeddings
 * endpoint is configured. Scores are accumulated term by term over posting lists, so a query
 * costs the length of its terms' lists, not the pool size.
 *
 * @example
 * const bm25 = new Bm25Index(pool.map((p) => p.question));
 * bm25.search(sample.question, 5); // best match first
 */
export class Bm25Index {
  readonly size: number;
  private readonly postings = new Map<string, { docs: number[]; tfs: number[] }>();
  private readonly lengths: Float32Array;
  private readonly avgLength: number;
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;

  constructor(
    documents: readonly string[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.size = documents.length;
    this.lengths = new Float32Array(this.size);
    let total = 0;
    documents.forEach((text, doc) => {
      const tokens = bm25Tokens(text);
      this.lengths[doc] = tokens.length;
      total += tokens.length;
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let list = this.postings.get(t);
        if (!list) this.postings.set(t, (list = { docs: [], tfs: [] }));
        list.docs.push(doc);
        list.tfs.push(n);
      }
    });
    this.avgLength = this.size ? total / this.size : 0;
    this.scores = new Float64Array(this.size);
    this.touched = new Int32Array(this.size);
  }

  /** The `m` best-scoring documents for `query`, best first (ties: lower index); those sharing no word score 0. */
  search(query: string, m: number): Neighbour[] {
    const { scores, touched, k1, b } = this;
    let nTouched = 0;
    for (const term of new Set(bm25Tokens(query))) {
      const list = this.postings.get(term);
      if (!list) continue;
      const df = list.docs.length;
      const idf = Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
      for (let p = 0; p < df; p++) {
        const doc = list.docs[p];
        const tf = list.tfs[p];
        if (scores[doc] === 0) touched[nTouched++] = doc;
        scores[doc] += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * this.lengths[doc]) / this.avgLength));
      }
    }
    // Offer in index order so that equal scores keep the lower index first.
    const order = touched.subarray(0, nTouched).sort();
    const top = new TopM(Math.min(m, this.size));
    for (const doc of order) {
      top.offer(doc, scores[doc]);
      scores[doc] = 0;
    }
    // Too few documents share a word: fill up with the others (score 0, in pool order), so a
    // prompt always gets its k examples.
    if (nTouched < m) {
      const matched = new Set(order);
      for (let doc = 0; doc < this.size && top.size < m; doc++) if (!matched.has(doc)) top.offer(doc, 0);
    }
    return top.sorted();
  }
}
