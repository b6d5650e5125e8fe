import type { Command } from 'commander';
import { parseCliValue } from '../config/load-config.js';
import { runOptionTable, type RunOptionKey, type RunOptions } from '../config/run-options.js';

/** Run options given on this command's line (not commander's defaults), validated by the option table. */
export function cliValues(cmd: Command, keys: readonly RunOptionKey[] = Object.keys(runOptionTable) as RunOptionKey[]): RunOptions {
  const values: Record<string, unknown> = {};
  for (const key of keys) {
    if (cmd.getOptionValueSource(key) === 'cli') values[key] = parseCliValue(key, cmd.getOptionValue(key));
  }
  return values as RunOptions;
}
