/**
 * Issue 12 §2: each command's modules load only when that command runs. Checked by what the
 * process resolves (a module hook records every URL), not by time: time is measured in bench/startup.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../src/cli/commands/index.js';
import { cliPath } from './helpers/cli.js';

let dir: string;
let register: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aloe-lazy-'));
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (process.env.ALOE_TRACE_FILE) appendFileSync(process.env.ALOE_TRACE_FILE, r.url + '\\n');
  return r;
}`);
  register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
});

/** Every module URL the built CLI resolved for these arguments. */
function loaded(args: string[]): string[] {
  const trace = join(dir, `trace-${args.join('-') || 'none'}.txt`);
  writeFileSync(trace, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, cliPath, ...args], { encoding: 'utf8', env: { ...process.env, ALOE_TRACE_FILE: trace } });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
}
const some = (urls: string[], part: string) => urls.some((u) => u.includes(part));

describe('lazy command loading', () => {
  it('--help loads no command module and none of zod, yaml, openai, chart.js', () => {
    const urls = loaded(['--help']);
    for (const heavy of ['/node_modules/zod/', '/node_modules/yaml/', '/node_modules/openai/', '/node_modules/chart.js/', '/dist/cli/commands/run.js', '/dist/report/']) {
      expect(some(urls, heavy), heavy).toBe(false);
    }
  });

  it('list loads the catalogue but neither the endpoint, the report nor the strategies', () => {
    const urls = loaded(['list']);
    expect(some(urls, '/dist/cli/commands/list.js')).toBe(true);
    for (const heavy of ['/node_modules/openai/', '/dist/report/', '/dist/endpoint/', '/dist/strategies/registry.js', '/node_modules/@huggingface/']) {
      expect(some(urls, heavy), heavy).toBe(false);
    }
  });

  it('run --help loads run and its options, not the report command', () => {
    const urls = loaded(['run', '--help']);
    expect(some(urls, '/dist/cli/commands/run.js')).toBe(true);
    expect(some(urls, '/dist/cli/commands/report.js')).toBe(false);
  });

  it('the table describes and lists each command exactly as its own module does', async () => {
    for (const entry of commands) {
      const program = new Command();
      (await entry.load())(program);
      const registered = program.commands.find((c) => c.name() === entry.name);
      expect(registered?.description(), entry.name).toBe(entry.description);
      expect(program.createHelp().subcommandTerm(registered!), entry.name).toBe(entry.term);
    }
  });
});
