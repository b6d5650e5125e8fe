import { readFileSync } from 'node:fs';

/** Prompt templates ship in the package's prompts/ folder (three levels above this file, in src/ or dist/). */
const promptsDir = new URL('../../../prompts/', import.meta.url);

const loaded = new Map<string, string>();

/** Reads `prompts/<name>.txt` once. `name` may contain a sub-folder, e.g. "open/aci-bench". */
export function loadTemplate(name: string): string {
  let text = loaded.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`${name}.txt`, promptsDir), 'utf8');
    loaded.set(name, text);
  }
  return text;
}
