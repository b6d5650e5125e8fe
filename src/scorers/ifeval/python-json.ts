/**
 * Whether Python's `json.loads` accepts a text. It is JSON.parse plus the non-standard
 * constants NaN, Infinity and -Infinity outside strings; both reject everything else alike.
 */
const TOKENS = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/gs;

export function parsePythonJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    if (!/NaN|Infinity/.test(text)) return false;
  }
  try {
    JSON.parse(text.replace(TOKENS, (t) => (t.startsWith('"') ? t : '0')));
    return true;
  } catch {
    return false;
  }
}
