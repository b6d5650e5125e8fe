/**
 * Issue 12 §2: each command's code loads only when that command runs. The build bundles the CLI
 * into chunks (scripts/build.mjs); these tests check which chunks a process loads.
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commands } from '../src/cli/commands/index.js';
import { fixturesDir, tempDir } from './helpers/dataset-fixtures.js';
import { chunksLoaded, loadedParts } from './helpers/module-trace.js';

const fixtureHub = join(fixturesDir, 'hub');

describe('lazy command loading', () => {
  it('--help loads no command module and none of zod, yaml, openai, chart.js', () => {
    const loaded = chunksLoaded(['--help']);
    expect(loaded).toContain('main.js');
    expect(loadedParts(loaded, ['node_modules/zod/', 'node_modules/yaml/', 'node_modules/openai/', 'node_modules/chart.js/', 'src/cli/commands/run.ts', 'src/report/'])).toEqual([]);
  });

  it('list loads the catalogue but neither the YAML parser, the endpoint, the report nor the strategies', () => {
    const loaded = chunksLoaded(['list']);
    expect(loadedParts(loaded, ['src/cli/commands/list.ts', 'src/datasets/registry.ts'])).toEqual(['src/cli/commands/list.ts', 'src/datasets/registry.ts']);
    expect(loadedParts(loaded, ['node_modules/yaml/', 'node_modules/openai/', 'src/report/', 'src/endpoint/', 'src/strategies/registry.ts', 'node_modules/@huggingface/'])).toEqual([]);
  });

  it('run --help loads run and its options, not the report, the YAML or the parquet parser', () => {
    const loaded = chunksLoaded(['run', '--help']);
    expect(loadedParts(loaded, ['src/cli/commands/run.ts'])).toEqual(['src/cli/commands/run.ts']);
    expect(loadedParts(loaded, ['src/cli/commands/report.ts', 'src/report/write-report.ts', 'node_modules/yaml/', 'node_modules/hyparquet/'])).toEqual([]);
  });

  it('a run that prints lines (or nothing) loads neither the progress bar nor the report', () => {
    const out = tempDir('aloe-lazy-run-');
    const loaded = chunksLoaded(['run', '--benchmarks', 'medqa', '--model', 'baseline:lexical', '--limit', '2', '--data-dir', fixtureHub, '--offline', '--progress', 'lines', '--no-report', '--out', out]);
    expect(loadedParts(loaded, ['src/cli/commands/run.ts'])).toEqual(['src/cli/commands/run.ts']);
    expect(loadedParts(loaded, ['node_modules/cli-progress/', 'src/report/write-report.ts', 'node_modules/yaml/', 'node_modules/hyparquet/'])).toEqual([]);
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
