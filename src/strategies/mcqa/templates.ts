import { readFileSync } from 'node:fs';
import { packageFile } from '../../util/package-dir.js';

const loaded = new Map<string, string>();

/** Reads `prompts/<name>.txt` once. `name` may contain a sub-folder, e.g. "open/aci-bench". */
export function loadTemplate(name: string): string {
  let text = loaded.get(name);
  if (text === undefined) {
    text = readFileSync(packageFile('prompts', `${name}.txt`), 'utf8');
    loaded.set(name, text);
  }
  return text;
}
