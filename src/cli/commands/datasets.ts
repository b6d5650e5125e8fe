import type { Command } from 'commander';
import {
  downloadBenchmarks,
  listBenchmarks,
  loadOptionsFromFlags,
  lockBenchmarks,
  resolveBenchmarks,
  type DatasetFlags,
  type FetchedSplitSummary,
} from '../../datasets/index.js';
import { addDatasetOptions, logToStderr } from '../dataset-flags.js';

interface SelectFlags extends DatasetFlags {
  suite?: string;
  benchmarks?: string;
  allSplits?: boolean;
  refresh?: boolean;
}

function selected(flags: SelectFlags, defaultAll: boolean): string[] {
  if (flags.suite === undefined && flags.benchmarks === undefined) {
    return defaultAll ? listBenchmarks().map((s) => s.id) : resolveBenchmarks({ suite: 'mcqa' });
  }
  return resolveBenchmarks({ suite: flags.suite, benchmarks: flags.benchmarks?.split(',') });
}

function summaryLine(s: FetchedSplitSummary): string {
  const p = s.provenance;
  return `${s.benchmark}\t${s.split}\t${s.rows} rows\t${p.source}:${p.repo}@${p.revision}`;
}

function selectOptions(command: Command): Command {
  return addDatasetOptions(
    command
      .option('--suite <name>', 'a suite (mcqa, open, mmlu-medical, general, bbh, bbh-cot, gpqa, musr; see aloe-eval list)')
      .option('--benchmarks <ids>', 'comma-separated benchmark ids (see "aloe-eval list")')
      .option('--all-splits', 'every split, not just the eval split and the splits Medprompt pools draw from'),
  );
}

export function registerDatasets(program: Command): void {
  const datasets = program.command('datasets').description('Download benchmark data and pin its versions');

  selectOptions(
    datasets
      .command('download')
      .description('Pre-fetch (and validate) benchmark data into the caches (default: --suite mcqa)')
      .option('--refresh', 're-resolve branches (main…) online instead of using the commit cached by an earlier download'),
  ).action(async (flags: SelectFlags) => {
    const results = await downloadBenchmarks(selected(flags, false), loadOptionsFromFlags(flags, logToStderr), {
      allSplits: flags.allSplits,
      refresh: flags.refresh,
    });
    for (const s of results) process.stdout.write(`${summaryLine(s)}\n`);
  });

  selectOptions(
    datasets
      .command('lock')
      .description('Resolve each benchmark\'s revision to a commit and write commits and file sha256s to the lock file (default: all benchmarks)'),
  ).action(async (flags: SelectFlags) => {
    const options = loadOptionsFromFlags(flags, logToStderr);
    const { lockFile, splits } = await lockBenchmarks(selected(flags, true), options, { allSplits: flags.allSplits });
    for (const s of splits) process.stdout.write(`${summaryLine(s)}\n`);
    process.stderr.write(`aloe-eval: wrote ${lockFile}\n`);
  });
}
