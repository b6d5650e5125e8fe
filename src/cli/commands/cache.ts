import type { Command } from 'commander';
import { aloeCacheRoot } from '../../util/cache-root.js';
import { cacheStats, clearCache } from '../../endpoint/response-cache.js';

function root(dir: string | undefined): string {
  return dir ?? aloeCacheRoot();
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function registerCache(program: Command): void {
  const cache = program.command('cache').description('the response cache (model replies keyed by the whole request)');
  cache
    .command('stats')
    .description('entries and size of the response cache')
    .option('--cache-dir <dir>', 'cache folder (default ~/.cache/aloe-eval, or $ALOE_CACHE_DIR)')
    .action((o: { cacheDir?: string }) => {
      const s = cacheStats(root(o.cacheDir));
      process.stdout.write(`${s.dir}: ${s.entries} responses, ${mb(s.bytes)}\n`);
    });
  cache
    .command('clear')
    .description('delete every cached response (datasets and pools are kept)')
    .option('--cache-dir <dir>', 'cache folder (default ~/.cache/aloe-eval, or $ALOE_CACHE_DIR)')
    .action((o: { cacheDir?: string }) => {
      const s = clearCache(root(o.cacheDir));
      process.stdout.write(`removed ${s.entries} responses (${mb(s.bytes)}) from ${s.dir}\n`);
    });
}
