import type { Command } from 'commander';
import { writeCsvExports } from '../../report/csv.js';
import { findRunDirs } from '../../report/data/load-runs.js';
import { renderCardTable } from '../../report/card.js';
import { renderMarkdown } from '../../report/markdown.js';
import { writePngCharts } from '../../report/charts/png.js';
import { loadReport, renderReport } from '../../report/write-report.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { ExitCode, UserError } from '../../util/errors.js';

interface ReportFlags {
  output: string;
  html: boolean;
  history?: string;
  title?: string;
  png?: string;
  csv?: string;
  markdown?: string;
  layout: 'leaderboard' | 'card';
  maxSamples: number;
  sampleBudgetMb: number;
  includeCredentialedText?: boolean;
}

function nonNegativeInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new UserError(`${flag} ${value}: expected a whole number ≥ 0`, ExitCode.usage);
    return n;
  };
}

function positiveNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new UserError(`${flag} ${value}: expected a number > 0`, ExitCode.usage);
    return n;
  };
}

function layoutName(value: string): 'leaderboard' | 'card' {
  if (value !== 'leaderboard' && value !== 'card') throw new UserError(`--layout ${value}: expected leaderboard or card`, ExitCode.usage);
  return value;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('HTML leaderboard report (self-contained, works offline) over result dirs; optional PNG charts, CSV and markdown')
    .argument('[dirs...]', 'result dirs (results/<run-id>); default: every run dir under results/')
    .option('-o, --output <file>', 'HTML report to write', 'report.html')
    .option('--no-html', 'skip the HTML report (only --png / --csv / --markdown)')
    .option('--history <file>', 'history JSON Lines file (e.g. results/history.jsonl) drawn as score over time')
    .option('--title <text>', 'page title')
    .option('--png <dir>', 'also write every chart as a PNG into this folder')
    .option('--csv <dir>', 'also write leaderboard.csv and samples.csv into this folder')
    .option('--markdown <file>', 'also write a markdown leaderboard (- for stdout; e.g. >> $GITHUB_STEP_SUMMARY)')
    .option('--layout <name>', 'markdown layout: leaderboard, or card (the model card\'s table: MCQA accuracy, open-ended ROUGE-1, general; one column per model; printed to stdout unless --markdown FILE)', layoutName, 'leaderboard')
    .option('--max-samples <n>', 'most samples embedded in the sample explorer (0: none)', nonNegativeInt('--max-samples'), 50_000)
    .option('--sample-budget-mb <mb>', 'rough cap on the embedded sample data, in MB', positiveNumber('--sample-budget-mb'), 18)
    .option('--include-credentialed-text', 'embed the sample text of credentialed benchmarks (e.g. MIMIC) too; by default they show scores and ids only')
    .action(async (dirs: string[], flags: ReportFlags) => {
      const runDirs = dirs.length > 0 ? dirs : findRunDirs('results');
      const options = {
        historyFile: flags.history,
        title: flags.title,
        samples: { maxSamples: flags.maxSamples, maxBytes: flags.sampleBudgetMb * 1024 * 1024 },
        includeCredentialedText: flags.includeCredentialedText === true,
      };
      const report = loadReport(runDirs, options);
      const say = (line: string) => process.stderr.write(`${line}\n`);
      if (flags.html) {
        const bytes = writeFileAtomic(flags.output, renderReport(report, options));
        say(`${flags.output}: ${megabytes(bytes)} — ${report.data.rows.length} rows (model × strategy), ${report.data.benchmarks.length} benchmarks, ${report.data.runs.length} runs`);
      }
      if (flags.png) {
        const files = await writePngCharts(report.data, flags.png);
        say(`${flags.png}/: ${files.length} PNG chart${files.length === 1 ? '' : 's'}`);
      }
      if (flags.csv) {
        const files = await writeCsvExports(report, flags.csv, options.includeCredentialedText);
        say(`${flags.csv}/: ${files.map((f) => f.slice(flags.csv!.length + 1)).join(', ')}`);
      }
      const markdown = flags.markdown ?? (flags.layout === 'card' ? '-' : undefined);
      if (markdown) {
        const text = flags.layout === 'card' ? renderCardTable(report.data) : renderMarkdown(report.data);
        if (markdown === '-') process.stdout.write(text);
        else {
          writeFileAtomic(markdown, text);
          say(`${markdown}: markdown ${flags.layout === 'card' ? 'model card table' : 'leaderboard'}`);
        }
      }
    });
}
