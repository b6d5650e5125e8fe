import { LcsWorkspace } from './lcs.js';
import { NgramOverlap } from './ngram-overlap.js';
import { Vocabulary, type TokenizedText } from './vocabulary.js';

/**
 * ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum exactly as Google's `rouge_score` (the reference that
 * lm-evaluation-harness and HELM use) computes them, with and without its Porter stemmer.
 * Verified value-for-value against 400 reference-scored pairs (test/rouge-vectors.test.ts).
 *
 * Arithmetic follows the reference so results are bit-identical: P = hits / len(prediction),
 * R = hits / len(reference) (ROUGE-N divides by max(count, 1)), F = 2·P·R / (P + R), 0 when
 * P + R = 0. A text with no tokens scores 0 everywhere, even against an identical text.
 */

export const ROUGE_METRICS = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'] as const;
export type RougeMetric = (typeof ROUGE_METRICS)[number];

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export type RougeScores = Record<RougeMetric, RougeScore>;

/** Both settings, keyed like the `score` command's output. */
export interface RougeResult {
  unstemmed: RougeScores;
  stemmed: RougeScores;
}

/** Above this many distinct tokens the vocabulary is dropped between texts (bounds memory). */
const MAX_VOCABULARY = 1 << 21;

/** rouge_score's `scoring.fmeasure`, same operation order. */
export function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngramScore(hits: number, predictionCount: number, referenceCount: number): RougeScore {
  const precision = hits / Math.max(predictionCount, 1);
  const recall = hits / Math.max(referenceCount, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

function lcsScore(hits: number, predictionCount: number, referenceCount: number): RougeScore {
  if (predictionCount === 0 || referenceCount === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const precision = hits / predictionCount;
  const recall = hits / referenceCount;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/**
 * Scores text pairs, reusing its token table, stem cache and buffers across calls (the cache is
 * what makes stemming cheap). Not safe to share between worker threads; make one per thread.
 *
 * @example
 * const engine = new RougeEngine();
 * const r = engine.score('The quick brown dog jumps on the log.', 'The quick brown fox jumps over the lazy dog');
 * r.stemmed.rouge1; // { precision: 0.75, recall: 0.666…, fmeasure: 0.705… }
 */
export class RougeEngine {
  private readonly vocabulary = new Vocabulary();
  private readonly lcs = new LcsWorkspace();
  private readonly overlap = new NgramOverlap();
  private marked = new Uint8Array(256);
  private countsRef = new Int32Array(0);
  private countsCan = new Int32Array(0);

  /** Both settings for one prediction against one reference. */
  score(prediction: string, reference: string): RougeResult {
    this.bound();
    const p = this.vocabulary.tokenize(prediction);
    const r = this.vocabulary.tokenize(reference);
    return { unstemmed: this.scoreTokens(p, r, false), stemmed: this.scoreTokens(p, r, true) };
  }

  /** One setting only (half the work of {@link score}). */
  scoreSetting(prediction: string, reference: string, stemmed: boolean): RougeScores {
    this.bound();
    return this.scoreTokens(this.vocabulary.tokenize(prediction), this.vocabulary.tokenize(reference), stemmed);
  }

  /**
   * Several references, as rouge_score's `score_multi`: for each metric (and each setting) the
   * whole score of the reference with the highest F; the first such reference on ties.
   */
  scoreMulti(prediction: string, references: readonly string[]): RougeResult {
    if (references.length === 0) throw new Error('scoreMulti needs at least one reference text');
    this.bound();
    const p = this.vocabulary.tokenize(prediction);
    const results = references.map((reference) => {
      const r = this.vocabulary.tokenize(reference);
      return { unstemmed: this.scoreTokens(p, r, false), stemmed: this.scoreTokens(p, r, true) };
    });
    return { unstemmed: bestPerMetric(results.map((x) => x.unstemmed)), stemmed: bestPerMetric(results.map((x) => x.stemmed)) };
  }

  private bound(): void {
    if (this.vocabulary.size > MAX_VOCABULARY) this.vocabulary.clear();
  }

  private scoreTokens(prediction: TokenizedText, reference: TokenizedText, stemmed: boolean): RougeScores {
    const p = stemmed ? prediction.stemmed : prediction.raw;
    const r = stemmed ? reference.stemmed : reference.raw;
    const vocabularySize = this.vocabulary.size;
    const n = p.length;
    const m = r.length;
    const rouge1 = ngramScore(this.overlap.unigramHits(p, r, vocabularySize), n, m);
    const rouge2 = ngramScore(this.overlap.bigramHits(p, r), Math.max(n - 1, 0), Math.max(m - 1, 0));
    const lcs = n === 0 || m === 0 ? 0 : this.lcs.length(p, r, vocabularySize);
    const rougeL = lcsScore(lcs, n, m);
    // With at most one tokenful line on each side the union LCS is just the LCS: rougeLsum = rougeL.
    const singleLine = prediction.lineBounds.length <= 2 && reference.lineBounds.length <= 2;
    const rougeLsum = singleLine
      ? rougeL
      : lcsScore(this.summaryLevelHits(p, prediction.lineBounds, r, reference.lineBounds, vocabularySize), n, m);
    return { rouge1, rouge2, rougeL, rougeLsum: { ...rougeLsum } };
  }

  /**
   * rouge_score's `_summary_level_lcs` hits: for each reference line, the union of one LCS with
   * every prediction line (positions in the reference line), then each token counted at most as
   * often as it occurs in the whole prediction and the whole reference, in line and position order.
   */
  private summaryLevelHits(
    can: Int32Array,
    canBounds: Int32Array,
    ref: Int32Array,
    refBounds: Int32Array,
    vocabularySize: number,
  ): number {
    if (can.length === 0 || ref.length === 0) return 0;
    if (this.countsRef.length < vocabularySize) {
      this.countsRef = new Int32Array(Math.max(vocabularySize, this.countsRef.length * 2));
      this.countsCan = new Int32Array(this.countsRef.length);
    }
    const countsRef = this.countsRef;
    const countsCan = this.countsCan;
    for (let i = 0; i < ref.length; i++) countsRef[ref[i]]++;
    for (let i = 0; i < can.length; i++) countsCan[can[i]]++;

    let hits = 0;
    for (let k = 0; k + 1 < refBounds.length; k++) {
      const refLine = ref.subarray(refBounds[k], refBounds[k + 1]);
      if (this.marked.length < refLine.length) this.marked = new Uint8Array(refLine.length * 2);
      const marked = this.marked;
      marked.fill(0, 0, refLine.length);
      this.lcs.markUnionLcs(refLine, can, canBounds, marked, vocabularySize);
      for (let i = 0; i < refLine.length; i++) {
        if (marked[i] === 0) continue;
        const t = refLine[i];
        if (countsCan[t] > 0 && countsRef[t] > 0) {
          hits++;
          countsCan[t]--;
          countsRef[t]--;
        }
      }
    }
    for (let i = 0; i < ref.length; i++) countsRef[ref[i]] = 0;
    for (let i = 0; i < can.length; i++) countsCan[can[i]] = 0;
    return hits;
  }
}

function bestPerMetric(candidates: readonly RougeScores[]): RougeScores {
  const best = { ...candidates[0] };
  for (const metric of ROUGE_METRICS) {
    for (const candidate of candidates) {
      // Strictly greater: numpy's argmax keeps the first maximum.
      if (candidate[metric].fmeasure > best[metric].fmeasure) best[metric] = candidate[metric];
    }
  }
  return best;
}

let sharedEngine: RougeEngine | undefined;

/**
 * Both settings for one pair. Argument order is (prediction, reference) — note rouge_score's
 * `score(target, prediction)` takes the reference first.
 *
 * @example
 * scoreRouge('Patient was dying.', 'The patient died.').stemmed.rouge1.fmeasure; // 0.666…
 */
export function scoreRouge(prediction: string, reference: string): RougeResult {
  sharedEngine ??= new RougeEngine();
  return sharedEngine.score(prediction, reference);
}

/** Several references: per metric and setting, the best-F reference (rouge_score's `score_multi`). */
export function scoreRougeMulti(prediction: string, references: readonly string[]): RougeResult {
  sharedEngine ??= new RougeEngine();
  return sharedEngine.scoreMulti(prediction, references);
}
