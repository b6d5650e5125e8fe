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

/** Adds `--data-dir`, `--lock`, `--offline` and `--file` to a command (read them with loadOptionsFromFlags). */
export function addDatasetOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'read datasets from a local mirror (<org>/<name>/<path>, github/<owner>/<repo>/<commit>/<path>) instead of downloading (default: $ALOE_DATA_DIR)')
    .option('--lock <file>', 'lock file with pinned dataset commits and file sha256s (default: ./aloe-eval.lock.json when present)')
    .option('--offline', 'never touch the network: use only the caches or --data-dir (also HF_HUB_OFFLINE=1)')
    .option('--file <benchmark=path...>', "read one local CSV/JSONL/JSON/parquet file as a benchmark's eval split, without Hub access (repeatable)");
}

/** Where the dataset commands (and prompts, medprompt build-pool) send dataset progress and warnings. */
export function logToStderr(line: string): void {
  process.stderr.write(`aloe-eval: ${line}\n`);
}

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
