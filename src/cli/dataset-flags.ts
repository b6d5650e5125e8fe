import type { Command } from 'commander';

// Apart from commands/datasets.ts so that `aloe-eval list` gets the flags without the dataset loaders (hyparquet, csv-parse).

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
