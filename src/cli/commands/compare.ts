import type { Command } from 'commander';
import { compareAndReport } from '../../compare/compare-and-report.js';
import { parseAlpha, parseFailOn, parseMinEffect, parseSeed, type FailOn } from '../../compare/parse-options.js';

interface CompareFlags {
  json?: boolean;
  markdown?: string;
  failOn?: FailOn;
  minEffect?: number;
  alpha?: number;
  seed?: number;
  allowRevisionMismatch?: boolean;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('Paired significance test of a candidate run against a baseline run, per benchmark (McNemar / paired bootstrap, Holm-corrected)')
    .argument('<baseline>', 'baseline result dir (results/<run-id> or baselines/<name>)')
    .argument('<candidate>', 'candidate result dir')
    .option('--json', 'print the comparison as JSON instead of a table')
    .option('--markdown <file>', 'also write a markdown summary (for $GITHUB_STEP_SUMMARY)')
    .option('--fail-on <what>', '"regression": exit 3 when any benchmark regressed significantly; "never" (default): exit 0', parseFailOn)
    .option('--min-effect <points>', 'ignore significant differences smaller than this many points (1 = one percentage point / 0.01 ROUGE)', parseMinEffect)
    .option('--alpha <a>', 'family-wise significance level after the Holm correction (default 0.05)', parseAlpha)
    .option('--seed <n>', 'seed of the paired bootstrap (default 0)', parseSeed)
    .option('--allow-revision-mismatch', 'compare benchmarks whose dataset revisions differ (flagged) instead of refusing')
    .addHelpText('after', '\nExit codes: 0 ok · 3 significant regression (with --fail-on regression) · 4 runs not comparable (missing or partial dir, no shared benchmarks or questions, different metrics or dataset revisions)')
    .action((baseline: string, candidate: string, flags: CompareFlags) => {
      process.exitCode = compareAndReport(baseline, candidate, flags, process.stdout);
    });
}
