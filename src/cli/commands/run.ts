import { join } from 'node:path';
import { Command, Option } from 'commander';
import { compareAndReport } from '../../compare/compare-and-report.js';
import { mergeRunOptions, readConfigFile, type ResolvedRunOptions } from '../../config/load-config.js';
import { runOptionTable } from '../../config/run-options.js';
import { appendHistory } from '../../results/history.js';
import { readRunFile } from '../../results/read-run.js';
import { evaluate } from '../../runner/evaluate.js';
import type { RunReporter } from '../../runner/execute-run.js';
import { optionsFromSpec } from '../../runner/plan.js';
import { lineReporter } from '../../runner/progress.js';
import { formatKinds, formatSummary, writeSummaryCsv } from '../../runner/summary.js';
import { ExitCode } from '../../util/errors.js';
import { cliValues } from '../option-values.js';
import { writeRunReport } from '../run-report.js';

/** Makes the console reporters of each run; the bar's module loads only when a bar is shown. */
async function reportersFor(mode: ResolvedRunOptions['progress']): Promise<() => RunReporter[]> {
  if (mode === 'none') return () => [];
  if (mode === 'bar' || (mode === 'auto' && process.stderr.isTTY)) {
    const { barReporter } = await import('../../runner/progress-bar.js');
    return () => [barReporter()];
  }
  return () => [lineReporter()];
}

async function runAction(this: Command): Promise<void> {
  const cli = cliValues(this);
  const configFile = this.getOptionValue('config') as string | undefined;
  const fromFile = configFile ? await readConfigFile(configFile) : {};
  // `run --resume DIR` alone: the settings come from the run itself.
  const resumed = cli.resume && !cli.suite && !cli.benchmarks && !fromFile.suite && !fromFile.benchmarks ? optionsFromSpec(readRunFile(cli.resume).spec) : {};
  const opts = mergeRunOptions(cli, { ...resumed, ...fromFile });
  const log = (line: string) => process.stderr.write(`${line}\n`);

  // First Ctrl-C: finish what is in flight, write partial results. Second: leave at once.
  const stopSignal = { stopped: false };
  let stopEndpoint = () => {};
  let failedTries: Record<string, number> = {};
  let resumeHint = 'rerun the same command to resume';
  const onSigint = () => {
    if (stopSignal.stopped) {
      log(`interrupted; ${resumeHint}`);
      process.exit(ExitCode.interrupted);
    }
    stopSignal.stopped = true;
    stopEndpoint();
    log('stopping: waiting for requests in flight (Ctrl-C again to quit now)…');
  };
  process.on('SIGINT', onSigint);
  const consoleReporters = await reportersFor(opts.progress);
  try {
    const { runs } = await evaluate(opts, {
      env: process.env,
      log,
      reporters: () => {
        const reporters = consoleReporters();
        reporters.push({ onStart: ({ runDir }) => (resumeHint = `resume with the same command or --resume ${runDir}`) });
        return reporters;
      },
      stopSignal,
      onEndpoint: (endpoint) => {
        stopEndpoint = endpoint.stop;
        failedTries = endpoint.stats.failures;
      },
    });
    const tries = Object.values(failedTries).reduce((a, b) => a + b, 0);
    if (tries > 0) log(`failed tries (retried, or final when a sample shows an error): ${formatKinds(failedTries)}`);
    let exitCode: number = ExitCode.ok;
    const historyFile = opts.history ?? join(opts.out, 'history.jsonl');
    for (const { dir, run, failure } of runs) {
      writeSummaryCsv(dir, run);
      process.stdout.write(`${formatSummary(run)}\nresults: ${dir}\n`);
      if (run.status === 'complete') appendHistory(historyFile, run);
      if (opts.report) await writeRunReport(dir, historyFile, log);
      if (failure) {
        const kinds = Object.entries(run.results).flatMap(([, r]) => Object.entries(r.errorKinds ?? {}));
        const summary = kinds.map(([k, n]) => `${k}: ${n}`).join(', ');
        log(`run failed: ${failure}${summary ? ` (${summary})` : ''}; fix the endpoint and resume with --resume ${dir}`);
        exitCode = ExitCode.runFailed;
      } else if (run.status === 'interrupted') {
        log(`interrupted: partial results written; resume with the same command or --resume ${dir}`);
        exitCode = ExitCode.interrupted;
      } else if (opts.baseline) {
        const code = compareAndReport(opts.baseline, dir, { failOn: opts.failOn, minEffect: opts.minEffect });
        exitCode = Math.max(exitCode, code);
      }
    }
    process.exitCode = exitCode;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .description('evaluate a served model on benchmarks; writes results/<run-id>/ (run.json, samples.jsonl, summary.csv, report.html)')
    .option('--config <file>', 'YAML or JSON file with any of these options (camelCase keys); flags override it');
  for (const option of Object.values(runOptionTable)) cmd.addOption(new Option(option.flag, option.help));
  cmd.action(runAction);
}
