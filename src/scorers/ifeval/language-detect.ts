/**
 * Language identification for language:response_language and the change_case English checks.
 * The reference calls Python's `langdetect` (a port of Shuyo's language-detection); the npm
 * `langdetect` package ports the same algorithm with the same 53 language profiles and
 * constants, so it agrees with the reference far more often than other detectors (which lack
 * Nepali or Swahili, both used by IFEval). Both sample n-grams at random: the reference is not
 * even repeatable between runs unless seeded. Here every call runs under a fixed seed, so a
 * verdict depends on the text alone. Remaining differences: docs/ifeval-and-math.md.
 */
import { createRequire } from 'node:module';

interface LangDetect {
  /** null when the text has no n-gram features (Python raises LangDetectException). */
  detect(text: string): { lang: string; prob: number }[] | null;
}

const require = createRequire(import.meta.url);
let detector: LangDetect | undefined;

/** mulberry32: a small seeded generator standing in for Math.random during one detection. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The detected ISO 639-1 code ("zh-cn"/"zh-tw" for Chinese), "unknown" when no language passes
 * langdetect's probability threshold (Python returns "unknown" too), or null when the text has
 * no features to detect from (the reference then counts the instruction as followed).
 */
export function detectLanguage(text: string): string | null {
  // The loose variants of one response often coincide; detection is a function of the text.
  if (recent.has(text)) return recent.get(text)!;
  const result = detect(text);
  if (recent.size >= 64) recent.delete(recent.keys().next().value!);
  recent.set(text, result);
  return result;
}

const recent = new Map<string, string | null>();

function detect(text: string): string | null {
  detector ??= require('langdetect') as LangDetect;
  const random = Math.random;
  Math.random = seeded(0);
  try {
    const found = detector.detect(text);
    if (found === null) return null;
    return found[0]?.lang ?? 'unknown';
  } finally {
    Math.random = random;
  }
}
