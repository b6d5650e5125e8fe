import { homedir } from 'node:os';
import { join } from 'node:path';

/** aloe-eval's cache folder (responses, embeddings, pools, URL datasets): $ALOE_CACHE_DIR, else ~/.cache/aloe-eval. */
export function aloeCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.ALOE_CACHE_DIR?.trim() || join(homedir(), '.cache', 'aloe-eval');
}
