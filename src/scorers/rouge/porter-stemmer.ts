/**
 * The Porter stemmer exactly as NLTK 3.8's `PorterStemmer()` runs it in its default mode,
 * `NLTK_EXTENSIONS` — the stemmer Google's `rouge_score` uses with `use_stemmer=True`.
 *
 * Written from the published algorithm (Porter 1980) plus NLTK's documented departures:
 * the irregular-forms pool, `ies`/`ied` on 4-letter words (`dies`→`die`, `died`→`die`),
 * the two-letter `*o` test (`used`→`use`), the `(*c and not c) Y → I` rule (`trying`→`tri`),
 * `alli` tried first and re-run through step 2, `bli`→`ble`, `fulli`→`ful`, and `logi`→`log`
 * with the `l` kept in the measured stem (`pathology`→`patholog`). The npm stemmers follow other
 * variants and disagree on roughly 1.5 % of English words, so none is used.
 *
 * Input must already be lower case (rouge_score's tokens are `[a-z0-9]+`).
 *
 * @example
 * porterStem('dying');     // 'die'
 * porterStem('carefully'); // 'care'
 */

/** NLTK's table of irregular forms: word → stem, bypassing the algorithm. */
const POOL = new Map<string, string>([
  ['sky', 'sky'],
  ['skies', 'sky'],
  ['dying', 'die'],
  ['lying', 'lie'],
  ['tying', 'tie'],
  ['news', 'news'],
  ['innings', 'inning'],
  ['inning', 'inning'],
  ['outings', 'outing'],
  ['outing', 'outing'],
  ['cannings', 'canning'],
  ['canning', 'canning'],
  ['howe', 'howe'],
  ['proceed', 'proceed'],
  ['exceed', 'exceed'],
  ['succeed', 'succeed'],
]);

type Condition = ((stem: string) => boolean) | null;
/** [suffix, replacement, condition on the stem left after removing the suffix]. */
type Rule = readonly [string, string, Condition];

function isVowelLetter(code: number): boolean {
  return code === 97 || code === 101 || code === 105 || code === 111 || code === 117; // a e i o u
}

/**
 * NLTK's `_is_consonant`: a letter other than a e i o u, and `y` only when at index 0 or after a
 * vowel. NLTK recurses backwards through runs of `y`; this walks the run instead (same answer,
 * no deep recursion on pathological tokens like `yyyy…`).
 */
function isConsonant(word: string, i: number): boolean {
  const c = word.charCodeAt(i);
  if (isVowelLetter(c)) return false;
  if (c !== 121) return true;
  let start = i;
  while (start > 0 && word.charCodeAt(start - 1) === 121) start--;
  // The first y of the run is a consonant at index 0 or after a vowel; each following y flips.
  const firstIsConsonant = start === 0 ? true : !isConsonant(word, start - 1);
  return (i - start) % 2 === 0 ? firstIsConsonant : !firstIsConsonant;
}

/** Consonant test for position i given the answer for i - 1 (the only context `y` needs). */
function consonantAfter(code: number, i: number, previousIsConsonant: boolean): boolean {
  if (isVowelLetter(code)) return false;
  return code === 121 ? i === 0 || !previousIsConsonant : true;
}

/** The measure m of [C](VC){m}[V]: the number of vowel→consonant transitions. */
function measure(stem: string): number {
  let m = 0;
  let prev = true;
  for (let i = 0; i < stem.length; i++) {
    const cons = consonantAfter(stem.charCodeAt(i), i, prev);
    if (cons && i > 0 && !prev) m++;
    prev = cons;
  }
  return m;
}

const hasPositiveMeasure = (stem: string): boolean => measure(stem) > 0;
const measureGt1 = (stem: string): boolean => measure(stem) > 1;

function containsVowel(stem: string): boolean {
  let prev = true;
  for (let i = 0; i < stem.length; i++) {
    prev = consonantAfter(stem.charCodeAt(i), i, prev);
    if (!prev) return true;
  }
  return false;
}

/** Condition *d: ends with a double consonant. */
function endsDoubleConsonant(word: string): boolean {
  const n = word.length;
  return n >= 2 && word.charCodeAt(n - 1) === word.charCodeAt(n - 2) && isConsonant(word, n - 1);
}

/** Condition *o (cvc, last not w/x/y), plus NLTK's two-letter vowel-consonant form. */
function endsCvc(word: string): boolean {
  const n = word.length;
  if (n >= 3) {
    const last = word[n - 1];
    if (
      isConsonant(word, n - 3) &&
      !isConsonant(word, n - 2) &&
      isConsonant(word, n - 1) &&
      last !== 'w' &&
      last !== 'x' &&
      last !== 'y'
    ) {
      return true;
    }
  }
  return n === 2 && !isConsonant(word, 0) && isConsonant(word, 1);
}

/**
 * NLTK's `_apply_rule_list`: the first rule whose suffix matches decides — its replacement if its
 * condition holds, else the word unchanged (later rules are not tried). `*d` means "ends with a
 * double consonant" and removes both letters before appending the replacement.
 */
function applyRuleList(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (suffix === '*d' && endsDoubleConsonant(word)) {
      const stem = word.slice(0, -2);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
    if (word.endsWith(suffix)) {
      const stem = word.slice(0, word.length - suffix.length);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

const STEP1A_RULES: readonly Rule[] = [
  ['sses', 'ss', null],
  ['ies', 'i', null],
  ['ss', 'ss', null],
  ['s', '', null],
];

function step1a(word: string): string {
  // NLTK: 'dies' → 'die' but 'flies' → 'fli'.
  if (word.endsWith('ies') && word.length === 4) return word.slice(0, -3) + 'ie';
  return applyRuleList(word, STEP1A_RULES);
}

function step1b(word: string): string {
  // NLTK: 'died' → 'die' but 'spied' → 'spi'.
  if (word.endsWith('ied')) return word.slice(0, -3) + (word.length === 4 ? 'ie' : 'i');
  if (word.endsWith('eed')) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? stem + 'ee' : word;
  }
  let stem: string | null = null;
  for (const suffix of ['ed', 'ing']) {
    if (word.endsWith(suffix)) {
      const candidate = word.slice(0, word.length - suffix.length);
      if (containsVowel(candidate)) {
        stem = candidate;
        break;
      }
    }
  }
  if (stem === null) return word;
  const last = stem[stem.length - 1];
  return applyRuleList(stem, [
    ['at', 'ate', null],
    ['bl', 'ble', null],
    ['iz', 'ize', null],
    // (*d and not (*L or *S or *Z)) → single letter
    ['*d', last, () => last !== 'l' && last !== 's' && last !== 'z'],
    // (m=1 and *o) → E; the empty suffix always matches
    ['', 'e', (s) => measure(s) === 1 && endsCvc(s)],
  ]);
}

/** NLTK's step 1c: y → i when preceded by a consonant that is not the first letter. */
function step1c(word: string): string {
  return applyRuleList(word, [['y', 'i', (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)]]);
}

/** Rules that share one condition, from their [suffix, replacement] pairs. */
function withCondition(condition: Condition, pairs: readonly (readonly [string, string])[]): Rule[] {
  return pairs.map(([suffix, replacement]) => [suffix, replacement, condition]);
}

const STEP2_RULES: readonly Rule[] = [
  ...withCondition(hasPositiveMeasure, [
    ['ational', 'ate'],
    ['tional', 'tion'],
    ['enci', 'ence'],
    ['anci', 'ance'],
    ['izer', 'ize'],
    ['bli', 'ble'],
    ['alli', 'al'],
    ['entli', 'ent'],
    ['eli', 'e'],
    ['ousli', 'ous'],
    ['ization', 'ize'],
    ['ation', 'ate'],
    ['ator', 'ate'],
    ['alism', 'al'],
    ['iveness', 'ive'],
    ['fulness', 'ful'],
    ['ousness', 'ous'],
    ['aliti', 'al'],
    ['iviti', 'ive'],
    ['biliti', 'ble'],
    ['fulli', 'ful'],
  ]),
  // The 'l' of 'logi' is measured with the stem, so 'geo'/'theo' work like 'philo'.
  ['logi', 'log', (stem) => hasPositiveMeasure(stem + 'l')],
];

function step2(word: string): string {
  // NLTK tries ALLI → AL first and, when it applies, runs step 2 again on the result.
  if (word.endsWith('alli') && hasPositiveMeasure(word.slice(0, -4))) {
    return step2(word.slice(0, -4) + 'al');
  }
  return applyRuleList(word, STEP2_RULES);
}

const STEP3_RULES = withCondition(hasPositiveMeasure, [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
]);

/** Step 4 removes its suffix when m > 1 and, for 'ion', the stem ends in s or t. */
const ionCondition: Condition = (stem) => measureGt1(stem) && (stem.endsWith('s') || stem.endsWith('t'));
const STEP4_RULES: readonly Rule[] = [
  'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize',
].map((suffix) => [suffix, '', suffix === 'ion' ? ionCondition : measureGt1]);

/** Step 5a tries both E rules (m>1, then m=1 and not *o), so it is not a rule list. */
function step5a(word: string): string {
  if (!word.endsWith('e')) return word;
  const stem = word.slice(0, -1);
  const m = measure(stem);
  if (m > 1) return stem;
  if (m === 1 && !endsCvc(stem)) return stem;
  return word;
}

function step5b(word: string): string {
  return applyRuleList(word, [['ll', 'l', () => measure(word.slice(0, -1)) > 1]]);
}

/** Stems one lower-case word as NLTK 3.8 `PorterStemmer().stem(word)` (mode NLTK_EXTENSIONS). */
export function porterStem(word: string): string {
  const irregular = POOL.get(word);
  if (irregular !== undefined) return irregular;
  // NLTK leaves words of one or two letters alone.
  if (word.length <= 2) return word;
  let stem = step1a(word);
  stem = step1b(stem);
  stem = step1c(stem);
  stem = step2(stem);
  stem = applyRuleList(stem, STEP3_RULES);
  stem = applyRuleList(stem, STEP4_RULES);
  stem = step5a(stem);
  return step5b(stem);
}
