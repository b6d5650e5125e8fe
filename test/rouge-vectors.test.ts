import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROUGE_METRICS, RougeEngine, scoreRouge, type RougeScores } from '../src/scorers/rouge/rouge.js';

// Reference numbers from Google's rouge_score (Python) on 400 real clinical text pairs;
// see ../shared/rouge-vectors/README.md for how they were made.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const vectorsFile = path.join(shared, 'rouge-vectors', 'public.jsonl');

type Block = Record<(typeof ROUGE_METRICS)[number], { precision: number; recall: number; fmeasure: number }>;
interface PairRow {
  kind: 'pair';
  id: string;
  category: string;
  subkind: string;
  prediction: string;
  reference: string;
  scores: { use_stemmer_false: Block; use_stemmer_true: Block };
}
interface AggregateRow {
  kind: 'aggregate';
  n_pairs: number;
  mean_fmeasure: { use_stemmer_false: Record<string, number>; use_stemmer_true: Record<string, number> };
}

const SETTINGS = [
  ['unstemmed', 'use_stemmer_false'],
  ['stemmed', 'use_stemmer_true'],
] as const;
const FIELDS = ['precision', 'recall', 'fmeasure'] as const;

function load(): { pairs: PairRow[]; aggregate: AggregateRow } {
  const rows = readFileSync(vectorsFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as PairRow | AggregateRow);
  return {
    pairs: rows.filter((r): r is PairRow => r.kind === 'pair'),
    aggregate: rows.find((r): r is AggregateRow => r.kind === 'aggregate')!,
  };
}

/** Every value that differs from the reference by more than `tolerance`, as readable lines. */
function mismatches(row: PairRow, got: { unstemmed: RougeScores; stemmed: RougeScores }, tolerance: number): string[] {
  const out: string[] = [];
  for (const [setting, key] of SETTINGS) {
    for (const metric of ROUGE_METRICS) {
      for (const field of FIELDS) {
        const expected = row.scores[key][metric][field];
        const actual = got[setting][metric][field];
        if (!(Math.abs(actual - expected) <= tolerance)) {
          out.push(`${row.id} (${row.subkind}) ${setting} ${metric} ${field}: got ${actual}, expected ${expected}`);
        }
      }
    }
  }
  return out;
}

describe.skipIf(!existsSync(vectorsFile))('ROUGE against rouge_score reference vectors', () => {
  const { pairs, aggregate } = existsSync(vectorsFile) ? load() : { pairs: [], aggregate: undefined };

  it('has all 400 pairs and the aggregate line', () => {
    expect(pairs).toHaveLength(400);
    expect(aggregate?.n_pairs).toBe(400);
  });

  it('matches every value of every pair to 1e-9 (both settings, 4 metrics, P/R/F)', () => {
    const engine = new RougeEngine();
    const bad = pairs.flatMap((row) => mismatches(row, engine.score(row.prediction, row.reference), 1e-9));
    expect(bad).toEqual([]);
  });

  it('is bit-identical to the reference, not just close (same arithmetic, same order)', () => {
    const bad = pairs.flatMap((row) => mismatches(row, scoreRouge(row.prediction, row.reference), 0));
    expect(bad).toEqual([]);
  });

  it('gives the same numbers one setting at a time, with a fresh engine per pair', () => {
    const bad = pairs.flatMap((row) => {
      const got = {
        unstemmed: new RougeEngine().scoreSetting(row.prediction, row.reference, false),
        stemmed: new RougeEngine().scoreSetting(row.prediction, row.reference, true),
      };
      return mismatches(row, got, 0);
    });
    expect(bad).toEqual([]);
  });

  it('reproduces the aggregate mean F (sum in file order / 400, as lm-eval aggregates)', () => {
    const engine = new RougeEngine();
    const results = pairs.map((row) => engine.score(row.prediction, row.reference));
    for (const [setting, key] of SETTINGS) {
      for (const metric of ROUGE_METRICS) {
        let sum = 0;
        for (const r of results) sum += r[setting][metric].fmeasure;
        const expected = aggregate!.mean_fmeasure[key][metric];
        expect(Math.abs(sum / results.length - expected), `${setting} ${metric}`).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it('covers the cases the vectors were built to catch (stemmer mode, LCS tie-break, very long)', () => {
    const subkinds = new Set(pairs.map((p) => p.subkind));
    for (const subkind of ['stemmer_mode_words', 'lcs_tiebreak_fuzz', 'very_long', 'non_ascii', 'both_empty']) {
      expect(subkinds.has(subkind), subkind).toBe(true);
    }
    // Stemming must matter somewhere, or the stemmed checks prove nothing about the stemmer.
    const differs = pairs.filter(
      (p) => p.scores.use_stemmer_true.rouge1.fmeasure !== p.scores.use_stemmer_false.rouge1.fmeasure,
    );
    expect(differs.length).toBeGreaterThan(50);
  });
});
