/**
 * NLTK's `word_tokenize` (NLTKWordTokenizer, the improved Treebank rules) as far as it decides
 * which tokens exist; the reference counts the upper-case ones for capital_word_frequency.
 * `word_tokenize` first splits sentences with Punkt; that only decides where a final "." is
 * split off, which never changes whether a token is upper case, so it is left out here.
 */
import { WORD_CHAR as W } from './text.js';

// Python's `\b` next to a word character: the other side is not one (one-sided, so fast).
const SB = `(?<!${W})`;
const EB = `(?!${W})`;

type Rule = [RegExp, string];
const r = (source: string, flags = 'gu'): RegExp => new RegExp(source, flags);

const STARTING_QUOTES: Rule[] = [
  [r('([«“‘„]|[`]+)'), ' $1 '],
  [r('^"'), '``'],
  [r('(``)'), ' $1 '],
  [r('([ ([{<])("|\'{2})'), '$1 `` '],
  [r(`(')(?!re|ve|ll|m|t|s|d|n)(${W})${EB}`, 'giu'), '$1 $2'],
];
const PUNCTUATION: Rule[] = [
  [r('([^.])(\\.)([\\])}>"\']*)\\s*$'), '$1 $2 $3 '],
  [r('([:,])([^\\p{Nd}])'), ' $1 $2'],
  [r('([:,])$'), ' $1 '],
  [r('\\.{2,}'), ' $& '],
  [r('[;@#$%&]'), ' $& '],
  [r('([^.])(\\.)([\\])}>"\']*)\\s*$'), '$1 $2$3 '],
  [r('[?!]'), ' $& '],
  [r("([^'])' "), "$1 ' "],
  [r('[*]'), ' $& '],
];
const PARENS_BRACKETS: Rule = [r('[\\][(){}<>]'), ' $& '];
const DOUBLE_DASHES: Rule = [r('--'), ' -- '];
const ENDING_QUOTES: Rule[] = [
  [r('([»”’])'), ' $1 '],
  [r("''"), " '' "],
  [r('"'), " '' "],
  [r("([^' ])('[sS]|'[mM]|'[dD]|') "), '$1 $2 '],
  [r("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) "), '$1 $2 '],
];
// MacIntyre contractions (CONTRACTIONS2 and 3). They never overlap, so one alternation does
// the work of NLTK's ten passes.
const CONTRACTIONS = r(
  `${SB}(?:(can)(not)|(d)('ye)|(gim)(me)|(gon)(na)|(got)(ta)|(lem)(me)|(more)('n))${EB}|${SB}(wan)(na)(?=\\s)| ('t)(is|was)${EB}`,
  'giu',
);

export function wordTokenize(text: string): string[] {
  let t = text;
  for (const [re, sub] of STARTING_QUOTES) t = t.replace(re, sub);
  for (const [re, sub] of PUNCTUATION) t = t.replace(re, sub);
  t = t.replace(PARENS_BRACKETS[0], PARENS_BRACKETS[1]).replace(DOUBLE_DASHES[0], DOUBLE_DASHES[1]);
  t = ` ${t} `;
  for (const [re, sub] of ENDING_QUOTES) t = t.replace(re, sub);
  t = t.replace(CONTRACTIONS, (...m: (string | undefined)[]) => {
    const parts = m.slice(1, 19).filter((g): g is string => g !== undefined);
    return ` ${parts[0]} ${parts[1]} `;
  });
  return t.split(/\s+/u).filter((w) => w !== '');
}
