/**
 * NLTK's `word_tokenize` (NLTKWordTokenizer, the improved Treebank rules) as far as it decides
 * which tokens exist; the reference counts the upper-case ones for capital_word_frequency.
 * `word_tokenize` first splits sentences with Punkt; that only decides where a final "." is
 * split off, which never changes whether a token is upper case, so it is left out here.
 */
import { WORD_BOUNDARY as B, WORD_CHAR as W } from './text.js';

type Rule = [RegExp, string];
const r = (source: string, flags = 'gu'): RegExp => new RegExp(source, flags);

const STARTING_QUOTES: Rule[] = [
  [r('([«“‘„]|[`]+)'), ' $1 '],
  [r('^"'), '``'],
  [r('(``)'), ' $1 '],
  [r('([ ([{<])("|\'{2})'), '$1 `` '],
  [r(`(')(?!re|ve|ll|m|t|s|d|n)(${W})${B}`, 'giu'), '$1 $2'],
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
const CONTRACTIONS: RegExp[] = [
  r(`${B}(can)(not)${B}`, 'giu'),
  r(`${B}(d)('ye)${B}`, 'giu'),
  r(`${B}(gim)(me)${B}`, 'giu'),
  r(`${B}(gon)(na)${B}`, 'giu'),
  r(`${B}(got)(ta)${B}`, 'giu'),
  r(`${B}(lem)(me)${B}`, 'giu'),
  r(`${B}(more)('n)${B}`, 'giu'),
  r(`${B}(wan)(na)(?=\\s)`, 'giu'),
  r(` ('t)(is)${B}`, 'giu'),
  r(` ('t)(was)${B}`, 'giu'),
];

export function wordTokenize(text: string): string[] {
  let t = text;
  for (const [re, sub] of STARTING_QUOTES) t = t.replace(re, sub);
  for (const [re, sub] of PUNCTUATION) t = t.replace(re, sub);
  t = t.replace(PARENS_BRACKETS[0], PARENS_BRACKETS[1]).replace(DOUBLE_DASHES[0], DOUBLE_DASHES[1]);
  t = ` ${t} `;
  for (const [re, sub] of ENDING_QUOTES) t = t.replace(re, sub);
  for (const re of CONTRACTIONS) t = t.replace(re, ' $1 $2 ');
  return t.split(/\s+/u).filter((w) => w !== '');
}
