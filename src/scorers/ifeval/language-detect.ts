/**
 * Language identification for language:response_language and the change_case English checks.
 * The reference calls Python's `langdetect` (a port of Shuyo's language-detection). This is a
 * port of that Python code (detector.py, ngram.py: text cleaning, n-gram normalisation, the
 * 7-trial Bayesian sampling with its constants) over the same 53 language profiles, taken
 * from the npm `langdetect` package into data/langdetect/. That package ports the algorithm
 * too, but tries ~260 Unicode block regexes per character (about 1 ms per answer; far too slow
 * for loose scoring) and departs from Python in small ways (no CJK class map, a different
 * smoothing alpha, text cleaning), so only its profiles are used. Other detectors lack Nepali or Swahili, both used
 * by IFEval. The random sampling runs under a fixed seed, so a verdict depends on the text
 * alone (Python's is not even repeatable between runs unless seeded). Differences that remain:
 * docs/ifeval-and-math.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageFile } from '../../util/package-dir.js';
import { mulberry32 } from '../../util/rng.js';

const N_GRAM = 3;
const TRIALS = 7;
const PROB_THRESHOLD = 0.1;
const ALPHA = 0.5;
const ALPHA_WIDTH = 0.05;
const ITERATION_LIMIT = 1000;
const BASE_FREQ = 10000;
const CONV_THRESHOLD = 0.99999;
const MAX_TEXT_LENGTH = 10000;
const URL_REGEX = /https?:\/\/[-_.?&~;+=/#0-9A-Za-z]{1,2076}/g;
const MAIL_REGEX = /[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}/g;
/** NGram.normalize_vi: a Vietnamese vowel followed by a combining tone mark, composed. */
const VI_TONE = /([AEIOUYaeiouyÂÊÔâêôĂăƠơƯư])([\u0300\u0301\u0303\u0309\u0323])/g;
const LATIN1_EXCLUDED = '\u00A0\u00AB\u00B0\u00BB';

/** The Unicode blocks the n-gram normaliser treats specially (Blocks.txt ranges). */
const BLOCKS: [from: number, to: number, name: string][] = [
  [0x0000, 0x007f, 'Basic Latin'],
  [0x0080, 0x00ff, 'Latin-1 Supplement'],
  [0x0180, 0x024f, 'Latin Extended-B'],
  [0x0600, 0x06ff, 'Arabic'],
  [0x1e00, 0x1eff, 'Latin Extended Additional'],
  [0x2000, 0x206f, 'General Punctuation'],
  [0x3040, 0x309f, 'Hiragana'],
  [0x30a0, 0x30ff, 'Katakana'],
  [0x3100, 0x312f, 'Bopomofo'],
  [0x31a0, 0x31bf, 'Bopomofo'], // Bopomofo Extended
  [0x4e00, 0x9fff, 'CJK Unified Ideographs'],
  [0xac00, 0xd7af, 'Hangul Syllables'],
];

function blockOf(ch: string): string | undefined {
  const c = ch.charCodeAt(0);
  for (const [from, to, name] of BLOCKS) if (c >= from && c <= to) return name;
  return undefined;
}

function normalize(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ? ch : ' '; // Basic Latin, the common case
  switch (blockOf(ch)) {
    case 'Basic Latin':
      return ch < 'A' || (ch < 'a' && ch > 'Z') || ch > 'z' ? ' ' : ch;
    case 'Latin-1 Supplement':
      return LATIN1_EXCLUDED.includes(ch) ? ' ' : ch;
    case 'Latin Extended-B': // Romanian: comma below → cedilla
      return ch === '\u0219' ? '\u015f' : ch === '\u021b' ? '\u0163' : ch;
    case 'Latin Extended Additional':
      return ch >= '\u1ea0' ? '\u1ec3' : ch;
    case 'Arabic': // Farsi yeh → Arabic yeh
      return ch === '\u06cc' ? '\u064a' : ch;
    case 'Hiragana':
      return '\u3042';
    case 'Katakana':
      return '\u30a2';
    case 'CJK Unified Ideographs':
      return profiles!.cjk.get(ch) ?? ch;
    case 'Hangul Syllables':
      return '\uac00';
    case 'Bopomofo':
      return '\u3105';
    case 'General Punctuation':
      return ' ';
    default:
      return ch;
  }
}

interface Profiles {
  languages: string[];
  /** n-gram (as {@link gramKey}) → probability per language (index into `languages`). */
  probs: Map<number, Float64Array>;
  /** Each kanji of a class → the class's first character (NGram.CJK_MAP). */
  cjk: Map<string, string>;
}
let profiles: Profiles | undefined;
/** data/langdetect/ ships with the package (see its README). */
const profilesDir = packageFile('data', 'langdetect', 'profiles');

function loadProfiles(): Profiles {
  const dir = profilesDir;
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const languages = files.map((f) => f.slice(0, -'.json'.length));
  const probs = new Map<number, Float64Array>();
  files.forEach((file, i) => {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { freq: Record<string, number>; n_words: number[] };
    for (const [word, count] of Object.entries(profile.freq)) {
      if (word.length < 1 || word.length > N_GRAM) continue;
      const key = gramKey(word);
      let p = probs.get(key);
      if (!p) probs.set(key, (p = new Float64Array(files.length)));
      p[i] = count / profile.n_words[word.length - 1];
    }
  });
  const cjk = new Map<string, string>();
  const classes = JSON.parse(readFileSync(join(dir, '..', 'cjk.json'), 'utf8')) as Record<string, string>;
  for (const chars of Object.values(classes)) for (const ch of chars) cjk.set(ch, chars[0]);
  return { languages, probs, cjk };
}

/** Detector.cleaning_text: a mostly non-Latin text loses its A–z characters. */
/** A 1–3 code-unit n-gram as one number (16 bits a unit, plus its length), so lookups build no strings. */
function gramKey(word: string): number {
  let key = word.length;
  for (let i = 0; i < word.length; i++) key = key * 65536 + word.charCodeAt(i);
  return key;
}

function cleanText(text: string): string {
  let latin = 0;
  let nonLatin = 0;
  for (const c of text) {
    if (c >= 'A' && c <= 'z') latin++;
    else if (c >= '\u0300' && blockOf(c) !== 'Latin Extended Additional') nonLatin++;
  }
  if (latin * 2 >= nonLatin) return text;
  let out = '';
  for (const c of text) if (c < 'A' || c > 'z') out += c;
  return out;
}

const SPACE = 0x20;

/** ch.isupper() for one code unit (as the npm port: it has a lower-case form). */
function isUpperUnit(c: number): boolean {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a;
  const ch = String.fromCharCode(c);
  return ch !== ch.toLowerCase();
}

/**
 * Detector._extract_ngrams: the 1- to 3-grams ending at each character that some profile
 * knows (as their probability rows). NGram.grams, at most three code units, is kept in
 * `x0 x1 x2` (the first `len`), updated exactly as NGram.add_char does.
 */
function extractNGrams(text: string, probs: Profiles['probs']): Float64Array[] {
  let len = 1;
  let x0 = SPACE;
  let x1 = 0;
  let x2 = 0;
  let capitalWord = false;
  const list: Float64Array[] = [];
  const push = (key: number) => {
    const p = probs.get(key);
    if (p) list.push(p);
  };
  for (let i = 0; i < text.length; i++) {
    const c = normalize(text[i]).charCodeAt(0);
    const last = len === 1 ? x0 : len === 2 ? x1 : x2;
    let add = true;
    if (last === SPACE) {
      len = 1;
      x0 = SPACE;
      capitalWord = false;
      if (c === SPACE) add = false;
    } else if (len >= N_GRAM) {
      x0 = x1;
      x1 = x2;
      len = 2;
    }
    if (add) {
      if (len === 1) x1 = c;
      else x2 = c;
      len++;
      if (!isUpperUnit(c)) capitalWord = false;
      else if (isUpperUnit(last)) capitalWord = true;
    }
    if (capitalWord) continue;
    const end = len === 1 ? x0 : len === 2 ? x1 : x2;
    if (end !== SPACE) push(65536 + end);
    if (len === 2) push((2 * 65536 + x0) * 65536 + x1);
    if (len === 3) {
      push((2 * 65536 + x1) * 65536 + x2);
      push(((3 * 65536 + x0) * 65536 + x1) * 65536 + x2);
    }
  }
  return list;
}

function detect(text: string): string | null {
  profiles ??= loadProfiles();
  const { languages, probs } = profiles;
  const t = [...text.replace(URL_REGEX, ' ').replace(MAIL_REGEX, ' ').replace(VI_TONE, (m) => m.normalize('NFC'))]
    .slice(0, MAX_TEXT_LENGTH)
    .join('')
    .replace(/ {2,}/g, ' ');
  const ngrams = extractNGrams(cleanText(t), probs);
  if (ngrams.length === 0) return null;
  const random = mulberry32(0);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const total = new Float64Array(languages.length);
  for (let trial = 0; trial < TRIALS; trial++) {
    const prob = new Float64Array(languages.length).fill(1 / languages.length);
    const weight = (ALPHA + gauss() * ALPHA_WIDTH) / BASE_FREQ;
    for (let j = 0; ; j++) {
      const p = ngrams[Math.floor(random() * ngrams.length)];
      for (let k = 0; k < prob.length; k++) prob[k] *= weight + p[k];
      if (j % 5 === 0) {
        let sum = 0;
        let max = 0;
        for (const v of prob) sum += v;
        for (let k = 0; k < prob.length; k++) max = Math.max(max, (prob[k] /= sum));
        if (max > CONV_THRESHOLD || j >= ITERATION_LIMIT) break;
      }
    }
    for (let k = 0; k < total.length; k++) total[k] += prob[k] / TRIALS;
  }
  let best = -1;
  for (let k = 0; k < total.length; k++) if (total[k] > PROB_THRESHOLD && (best < 0 || total[k] > total[best])) best = k;
  return best < 0 ? 'unknown' : languages[best];
}

const recent = new Map<string, string | null>();

/**
 * The detected ISO 639-1 code ("zh-cn"/"zh-tw" for Chinese), "unknown" when no language passes
 * the probability threshold (Python returns "unknown" too), or null when the text has no
 * features to detect from (Python raises; the reference then counts the instruction as followed).
 */
export function detectLanguage(text: string): string | null {
  // The loose variants of one response often coincide; detection is a function of the text.
  if (recent.has(text)) return recent.get(text)!;
  const result = detect(text);
  if (recent.size >= 64) recent.delete(recent.keys().next().value!);
  recent.set(text, result);
  return result;
}
