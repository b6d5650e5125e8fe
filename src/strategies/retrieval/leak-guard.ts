/**
 * Leak guard for few-shot examples: an example whose question is the test question, or nearly
 * (the same after normalisation, or token sets overlapping by Jaccard ≥ `threshold`), is never
 * shown. The example pool is often drawn from a split that shares questions with the test split
 * (MedMCQA and MedQA both contain near copies), and a copied question with its answer in the
 * prompt would inflate the score.
 */
export interface QuestionPrint {
  /** Lowercased, accents and punctuation removed, whitespace collapsed. */
  norm: string;
  tokens: Set<string>;
}

const DEFAULT_LEAK_THRESHOLD = 0.9;

export function questionPrint(text: string): QuestionPrint {
  const norm = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return { norm, tokens: new Set(norm === '' ? [] : norm.split(' ')) };
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

export function isNearDuplicate(a: QuestionPrint, b: QuestionPrint, threshold = DEFAULT_LEAK_THRESHOLD): boolean {
  if (a.norm === b.norm) return true;
  // Jaccard ≥ t needs the smaller set to hold at least t of the larger one: a cheap early out.
  const [small, large] = a.tokens.size <= b.tokens.size ? [a.tokens, b.tokens] : [b.tokens, a.tokens];
  if (small.size < threshold * large.size) return false;
  return jaccard(a.tokens, b.tokens) >= threshold;
}

/**
 * Checks pool items against test questions, remembering each pool item's print.
 *
 * @example
 * const guard = new LeakGuard(pool.map((p) => p.question));
 * const test = questionPrint(sample.question);
 * const usable = candidates.filter((i) => !guard.leaks(test, i));
 */
export class LeakGuard {
  private readonly prints: (QuestionPrint | undefined)[];

  constructor(
    private readonly poolQuestions: readonly string[],
    private readonly threshold = DEFAULT_LEAK_THRESHOLD,
  ) {
    this.prints = new Array(poolQuestions.length);
  }

  /** True when pool item `index` must not be shown with the test question `test`. */
  leaks(test: QuestionPrint, index: number): boolean {
    const print = (this.prints[index] ??= questionPrint(this.poolQuestions[index]));
    return isNearDuplicate(test, print, this.threshold);
  }
}
