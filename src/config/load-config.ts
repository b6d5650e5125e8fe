import { readFileSync } from 'node:fs';
import type * as z from 'zod';
import { UserError } from '../util/errors.js';
import { configFileSchema, runDefaults, runOptionTable, type RunOptionKey, type RunOptions } from './run-options.js';

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (known: ${Object.keys(runOptionTable).join(', ')})`;
  }
  return `key "${key}": ${issue.message}`;
}

/** Reads a YAML or JSON config file; every problem names the file, the key and the fix. */
export async function readConfigFile(file: string): Promise<RunOptions> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; fix --config`);
  }
  // The YAML parser loads only for a YAML config: `run` without one does not pay for it. yaml is
  // CommonJS, and a dynamic import of CommonJS has its exports on `default` only once bundled.
  const parseYaml = file.endsWith('.json') ? undefined : (await import('yaml')).default.parse;
  let data: unknown;
  try {
    data = parseYaml ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new UserError(`config file ${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = configFileSchema.safeParse(data ?? {});
  if (!parsed.success) throw new UserError(`config file ${file}: ${describeIssue(parsed.error.issues[0])}`);
  return parsed.data as RunOptions;
}

/** Validates one command-line value with the option's schema; a bad value names the flag. */
export function parseCliValue(key: RunOptionKey, value: unknown): unknown {
  const option = runOptionTable[key];
  const parsed = option.schema.safeParse(value);
  if (!parsed.success) {
    throw new UserError(`${option.flag.split(' ')[0]} ${JSON.stringify(value)}: ${parsed.error.issues[0].message}`);
  }
  return parsed.data;
}

/** Options after merging: those with a default are always set. */
export type ResolvedRunOptions = RunOptions & { [K in keyof typeof runDefaults]-?: NonNullable<RunOptions[K]> };

/** Command line over config file over defaults. */
export function mergeRunOptions(cli: RunOptions, file: RunOptions): ResolvedRunOptions {
  const merged: Record<string, unknown> = { ...runDefaults };
  for (const source of [file, cli]) {
    for (const [k, v] of Object.entries(source)) if (v !== undefined) merged[k] = v;
  }
  return merged as ResolvedRunOptions;
}
