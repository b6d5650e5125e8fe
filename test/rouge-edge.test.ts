import { describe, expect, it } from 'vitest';
import { ROUGE_METRICS, RougeEngine, scoreRouge, scoreRougeMulti, type RougeScore } from '../src/scorers/rouge/rouge.js';

// Expected values are derived by hand from rouge_score's rules: count the hits, then
// P = hits / prediction count, R = hits / reference count, F = 2PR / (P + R).
function prf(hits: number, predictionCount: number, referenceCount: number): RougeScore {
  const precision = hits / Math.max(predictionCount, 1);
  const recall = hits / Math.max(referenceCount, 1);
  return { precision, recall, fmeasure: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}
const ZERO = { precision: 0, recall: 0, fmeasure: 0 };

function expectAllZero(prediction: string, reference: string): void {
  const r = scoreRouge(prediction, reference);
  for (const setting of ['stemmed', 'unstemmed'] as const) {
    for (const metric of ROUGE_METRICS) expect(r[setting][metric], `${setting} ${metric}`).toEqual(ZERO);
  }
}

describe('texts without tokens score 0', () => {
  it.each([
    ['', 'Fever and cough.'],
    ['Fever and cough.', ''],
    ['', ''],
    ['   \n\t ', 'fever'],
    ['?!... --- ***', '?!... --- ***'], // identical, but no tokens
    ['ΑΒΓ 漢字 ñ', 'ΑΒΓ 漢字 ñ'], // only non-ASCII letters: no tokens
    ['\u200b\u00a0', '\u200b\u00a0'],
  ])('%j vs %j', (prediction, reference) => expectAllZero(prediction, reference));
});

describe('hand-derived scores', () => {
  it('one identical token: rouge1/L = 1, rouge2 = 0 (no bigrams, divides by max(0,1))', () => {
    const r = scoreRouge('Fever', 'fever!').unstemmed;
    expect(r.rouge1).toEqual(prf(1, 1, 1));
    expect(r.rouge2).toEqual(ZERO);
    expect(r.rougeL).toEqual(prf(1, 1, 1));
    expect(r.rougeLsum).toEqual(prf(1, 1, 1));
  });

  it('numbers with units split at every non-digit', () => {
    // pred: bp 120 80 mmhg temp 38 5 c (8); ref: blood pressure 120 over 80 temperature 38 5 c (9)
    const r = scoreRouge('BP 120/80 mmHg, temp 38.5°C', 'blood pressure 120 over 80, temperature 38.5 C');
    for (const setting of ['unstemmed', 'stemmed'] as const) {
      expect(r[setting].rouge1).toEqual(prf(5, 8, 9)); // 120 80 38 5 c
      expect(r[setting].rouge2).toEqual(prf(2, 7, 8)); // (38 5) (5 c)
      expect(r[setting].rougeL).toEqual(prf(5, 8, 9));
    }
    // '03' and '3' are different tokens
    expect(scoreRouge('03 mg', '3 mg').unstemmed.rouge1).toEqual(prf(1, 2, 2));
  });

  it('non-ASCII: accents split words, İ and the Kelvin sign lower-case into ASCII', () => {
    // pred: m ni re s disease (5); ref: meniere disease (2)
    expect(scoreRouge("Ménière's disease", 'Meniere disease').unstemmed.rouge1).toEqual(prf(1, 5, 2));
    // İBUPROFEN → 'i' + U+0307 + 'buprofen' → tokens i, buprofen
    expect(scoreRouge('İBUPROFEN', 'i buprofen').unstemmed.rouge2).toEqual(prf(1, 1, 1));
    expect(scoreRouge('300 \u212A', '300 k').unstemmed.rouge1).toEqual(prf(2, 2, 2));
    // µg → g, β-blocker → blocker
    expect(scoreRouge('5 µg β-blocker', '5 g blocker').unstemmed.rouge2).toEqual(prf(2, 2, 2));
  });

  it('stemming changes matches only through tokens longer than 3 characters', () => {
    // stemmed: patient die / the patient die → 2 hits; unstemmed: patients dying / the patient died → 0
    const r = scoreRouge('Patients dying', 'The patient died');
    expect(r.stemmed.rouge1).toEqual(prf(2, 2, 3));
    expect(r.unstemmed.rouge1).toEqual(prf(0, 2, 3));
    // 'was' (3 letters) is never stemmed (NLTK alone would give 'wa'), so it does not match 'wa'
    expect(scoreRouge('was', 'wa').stemmed.rouge1).toEqual(prf(0, 1, 1));
  });

  it('clips repeated tokens at the count on the other side', () => {
    // pred: the the the the (4); ref: the cat (2) → 1 unigram hit
    const r = scoreRouge('the the the the', 'the cat').unstemmed;
    expect(r.rouge1).toEqual(prf(1, 4, 2));
    expect(r.rouge2).toEqual(prf(0, 3, 1));
  });

  it('a very long text: itself scores 1; reversed (distinct tokens) keeps one LCS token', () => {
    const words = Array.from({ length: 10_000 }, (_, i) => `w${i}`);
    const text = words.join(' ');
    const same = scoreRouge(text, text).stemmed;
    for (const metric of ROUGE_METRICS) expect(same[metric]).toEqual(prf(1, 1, 1));
    const reversed = scoreRouge([...words].reverse().join(' '), text).unstemmed;
    expect(reversed.rouge1).toEqual(prf(10_000, 10_000, 10_000));
    expect(reversed.rouge2).toEqual(prf(0, 9_999, 9_999));
    expect(reversed.rougeL).toEqual(prf(1, 10_000, 10_000));
  });

  it('LCS across 32-token words: every other token kept, junk between', () => {
    // pred: t0..t99 (100); ref: t0 x0 t2 x1 … t98 x49 (100) → LCS = the 50 even t's
    const prediction = Array.from({ length: 100 }, (_, i) => `t${i}`).join(' ');
    const reference = Array.from({ length: 50 }, (_, k) => `t${2 * k} x${k}`).join(' ');
    const r = scoreRouge(prediction, reference).unstemmed;
    expect(r.rougeL).toEqual(prf(50, 100, 100));
    expect(r.rouge1).toEqual(prf(50, 100, 100));
    expect(r.rouge2).toEqual(prf(0, 99, 99));
  });
});

describe('rougeLsum (summary-level LCS over "\\n" lines)', () => {
  // Lin (2004) §3.2: r = w1 w2 w3 w4 w5, c1 = w1 w2 w6 w7 w8, c2 = w1 w3 w8 w9 w5 → union LCS w1 w2 w3 w5.
  const reference = 'w1 w2 w3 w4 w5';

  it('takes the union of the LCS with each prediction line (the ROUGE paper example)', () => {
    const r = scoreRouge('w1 w3 w8 w9 w5\nw1 w2 w6 w7 w8', reference).unstemmed;
    expect(r.rougeLsum).toEqual(prf(4, 10, 5));
    // Whole-text LCS of w1 w3 w8 w9 w5 w1 w2 w6 w7 w8 with the reference is w1 w3 w5.
    expect(r.rougeL).toEqual(prf(3, 10, 5));
  });

  it('splits only on "\\n": \\r, U+2028, U+0085, \\v and \\f do not start a sentence', () => {
    for (const separator of ['\r', '\u2028', '\u0085', '\v', '\f']) {
      const r = scoreRouge(`w1 w3 w8 w9 w5${separator}w1 w2 w6 w7 w8`, reference).unstemmed;
      expect(r.rougeLsum, JSON.stringify(separator)).toEqual(prf(3, 10, 5));
    }
    // \r\n still splits (on its \n)
    expect(scoreRouge('w1 w3 w8 w9 w5\r\nw1 w2 w6 w7 w8', reference).unstemmed.rougeLsum).toEqual(prf(4, 10, 5));
  });

  it('drops empty lines and lines without tokens', () => {
    const r = scoreRouge('\n\nw1 w3 w8 w9 w5\n\n...\n   \nw1 w2 w6 w7 w8\n', `\n${reference}\n\n`).unstemmed;
    expect(r.rougeLsum).toEqual(prf(4, 10, 5));
  });

  it('caps hits at the token counts of both texts', () => {
    // ref lines "fever" and "fever", prediction "fever": each ref line's LCS is fever, but the
    // prediction has it once → 1 hit, not 2.
    expect(scoreRouge('fever', 'fever\nfever').unstemmed.rougeLsum).toEqual(prf(1, 1, 2));
  });

  it("follows rouge_score's backtrack tie-break", () => {
    // ref "fever cough"; prediction lines "cough fever" and "fever". Line 1's LCS has length 1 and
    // the backtrack (up on ties) picks fever; line 2 picks fever too → union {fever} → 1 hit.
    // Breaking ties the other way would pick cough for line 1 and give 2 hits.
    expect(scoreRouge('cough fever\nfever', 'fever cough').unstemmed.rougeLsum).toEqual(prf(1, 3, 2));
  });

  it('equals rougeL when neither text has a line break', () => {
    const r = new RougeEngine().score('the patient denies chest pain or fever', 'patient reports fever, denies pain');
    expect(r.stemmed.rougeLsum).toEqual(r.stemmed.rougeL);
    expect(r.unstemmed.rougeLsum).toEqual(r.unstemmed.rougeL);
  });
});

describe('several references (rouge_score score_multi)', () => {
  it('takes, per metric, the whole score of the reference with the best F', () => {
    const prediction = 'fever cough rash pain';
    // ref1: all four words reversed → rouge1 1, rouge2 0, rougeL 1/4
    // ref2: fever cough chills nausea → rouge1 2/4, rouge2 1/3, rougeL 2/4
    const r = scoreRougeMulti(prediction, ['pain rash cough fever', 'fever cough chills nausea']).unstemmed;
    expect(r.rouge1).toEqual(prf(4, 4, 4));
    expect(r.rouge2).toEqual(prf(1, 3, 3));
    expect(r.rougeL).toEqual(prf(2, 4, 4));
  });

  it('keeps the first reference on equal F (numpy argmax)', () => {
    // 'fever' → P 1/2 R 1 ; 'fever cough chills nausea' → P 1 R 1/2: the same F, bit for bit
    const r = scoreRougeMulti('fever cough', ['fever', 'fever cough chills nausea']).unstemmed;
    expect(r.rouge1).toEqual(prf(1, 2, 1));
  });

  it('with one reference equals the single-pair score', () => {
    expect(scoreRougeMulti('a b c', ['a c'])).toEqual(scoreRouge('a b c', 'a c'));
  });
});
