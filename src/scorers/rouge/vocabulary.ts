import { porterStem } from './porter-stemmer.js';

/**
 * rouge_score's default tokenizer: Python `str.lower()`, every run of characters outside
 * `[a-z0-9]` becomes one separator, split, optionally Porter-stem tokens longer than 3 characters.
 *
 * Python's `lower()` turns exactly two non-ASCII characters into ASCII letters (checked over all
 * of Unicode): U+0130 `İ` → `i` + U+0307 (so it ends the token) and U+212A KELVIN SIGN → `k`.
 * Every other non-ASCII character, upper or lower case, ends up outside `[a-z0-9]`.
 */
function normalizeForRouge(text: string): string {
  return SPECIAL_LOWER.test(text) ? text.replace(/\u0130/g, 'i\u0307').replace(/\u212a/g, 'k') : text;
}

const SPECIAL_LOWER = /[\u0130\u212a]/;

/**
 * A text tokenized once for both settings. Token ids come from one shared {@link Vocabulary}, so a
 * stemmed token and an unstemmed one with the same spelling get the same id (`use` and `used`→`use`).
 */
export interface TokenizedText {
  raw: Int32Array;
  stemmed: Int32Array;
  /**
   * Token offsets bounding the "\n"-separated lines that hold at least one token:
   * line k is `[lineBounds[k], lineBounds[k+1])`. Lines without tokens cannot change rougeLsum.
   */
  lineBounds: Int32Array;
}

const FNV_OFFSET = 0x811c9dc5 | 0; // as int32, so the hash stays a small integer in the JIT
const FNV_PRIME = 0x01000193;

/**
 * Interns tokens to integer ids and caches each id's Porter stem (as an id).
 *
 * Tokenizing is most of ROUGE's run time, so tokens are looked up straight from the text: the
 * scan hashes each token's lower-cased characters as it goes and probes an open-addressing table,
 * comparing in place; a string is only sliced out for a token never seen before.
 */
export class Vocabulary {
  private words: string[] = [];
  private hashes = new Int32Array(1024);
  /** Open addressing: id + 1, 0 for empty. */
  private slots = new Int32Array(2048);
  private stemOf = new Int32Array(1024).fill(-1);
  private buffer = new Int32Array(1024);

  get size(): number {
    return this.words.length;
  }

  /** Forgets every id (call only between texts: ids already handed out become meaningless). */
  clear(): void {
    this.words = [];
    this.slots.fill(0);
    this.stemOf.fill(-1);
  }

  word(id: number): string {
    return this.words[id];
  }

  /** The id of a lower-case `[a-z0-9]+` word. */
  id(word: string): number {
    let h = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
    return this.lookup(word, 0, word.length, h);
  }

  /** rouge_score stems only tokens longer than 3 characters. */
  stemmedId(id: number): number {
    let stemmed = this.stemOf[id];
    if (stemmed < 0) {
      const word = this.words[id];
      stemmed = word.length > 3 ? this.id(porterStem(word)) : id;
      this.stemOf[id] = stemmed;
    }
    return stemmed;
  }

  /**
   * Tokenizes as rouge_score does ({@link normalizeForRouge}) straight into ids, noting "\n" line breaks.
   * Token characters are [A-Za-z0-9]; `c | 0x20` lower-cases the letters and leaves digits alone.
   */
  tokenize(text: string): TokenizedText {
    const normalized = normalizeForRouge(text);
    const n = normalized.length;
    // A token takes at least two characters (itself and a separator), so n/2+1 ids always fit.
    if (this.buffer.length < (n >>> 1) + 1) this.buffer = new Int32Array((n >>> 1) + 1);
    const ids = this.buffer;
    const bounds: number[] = [0];
    let count = 0;
    let start = -1;
    let h = FNV_OFFSET;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? normalized.charCodeAt(i) : 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90)) {
        if (start < 0) {
          start = i;
          h = FNV_OFFSET;
        }
        h = Math.imul(h ^ (c | 0x20), FNV_PRIME);
        continue;
      }
      if (start >= 0) {
        ids[count++] = this.lookup(normalized, start, i, h);
        start = -1;
      }
      if (c === 10 && count > bounds[bounds.length - 1]) bounds.push(count);
    }
    if (count > bounds[bounds.length - 1]) bounds.push(count);
    const raw = ids.slice(0, count);
    const stemmed = new Int32Array(count);
    for (let i = 0; i < count; i++) stemmed[i] = this.stemmedId(raw[i]);
    return { raw, stemmed, lineBounds: Int32Array.from(bounds) };
  }

  /** Finds or adds the token `text[start, end)` (compared lower-cased) whose hash is `h`. */
  private lookup(text: string, start: number, end: number, h: number): number {
    const length = end - start;
    const mask = this.slots.length - 1;
    let slot = (h ^ (h >>> 16)) & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) break;
      const id = entry - 1;
      if (this.hashes[id] === h) {
        const word = this.words[id];
        if (word.length === length) {
          let k = 0;
          while (k < length && word.charCodeAt(k) === (text.charCodeAt(start + k) | 0x20)) k++;
          if (k === length) return id;
        }
      }
      slot = (slot + 1) & mask;
    }
    const id = this.words.length;
    this.words.push(text.slice(start, end).toLowerCase());
    if (id >= this.hashes.length) this.growIds();
    this.hashes[id] = h;
    this.slots[slot] = id + 1;
    if (this.words.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private growIds(): void {
    const hashes = new Int32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const stemOf = new Int32Array(this.hashes.length).fill(-1);
    stemOf.set(this.stemOf);
    this.stemOf = stemOf;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.words.length; id++) {
      const h = this.hashes[id];
      let slot = (h ^ (h >>> 16)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}
