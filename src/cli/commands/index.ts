import type { Command } from 'commander';

/** Every sub-command registers itself on the program. One file per command in this folder. */
export type RegisterCommand = (program: Command) => void;

export interface CommandEntry {
  name: string;
  /** How `aloe-eval --help` lists it ("compare [options] <baseline> <candidate>"); a test checks it against the command. */
  term: string;
  /** Shown by `aloe-eval --help`; the same text the command file gives its command (a test checks). */
  description: string;
  /** The command's module, loaded only when that command runs (its imports are most of start-up). */
  load(): Promise<RegisterCommand>;
}

/**
 * The command table, in help order. `aloe-eval --help` and `aloe-eval list` load only what they
 * need; `run` does not pay for the report, nor `--help` for anything.
 */
export const commands: CommandEntry[] = [
  { name: 'run', term: 'run [options]', description: 'evaluate a served model on benchmarks; writes results/<run-id>/ (run.json, samples.jsonl, summary.csv, report.html)', load: () => import('./run.js').then((m) => m.registerRun) },
  { name: 'cache', term: 'cache', description: 'the response cache (model replies keyed by the whole request)', load: () => import('./cache.js').then((m) => m.registerCache) },
  { name: 'compare', term: 'compare [options] <baseline> <candidate>', description: 'Paired significance test of a candidate run against a baseline run, per benchmark (McNemar / paired bootstrap, Holm-corrected)', load: () => import('./compare.js').then((m) => m.registerCompare) },
  { name: 'merge', term: 'merge [options] <dirs...>', description: 'Combine the result dirs of `run --shard 1/n` … `n/n` into one run, equal to the unsharded run', load: () => import('./merge.js').then((m) => m.registerMerge) },
  { name: 'score', term: 'score [options]', description: 'Score predictions made elsewhere: ROUGE-1/2/L/Lsum (precision/recall/F, with and without stemming), or IFEval instruction following (strict and loose)', load: () => import('./score.js').then((m) => m.registerScore) },
  { name: 'list', term: 'list [options]', description: 'List benchmarks (id, kind, metric, eval split, size, whether the data is here offline, to download or gated), suites and strategies', load: () => import('./list.js').then((m) => m.registerList) },
  { name: 'datasets', term: 'datasets', description: 'Download benchmark data and pin its versions', load: () => import('./datasets.js').then((m) => m.registerDatasets) },
  { name: 'report', term: 'report [options] [dirs...]', description: 'HTML leaderboard report (self-contained, works offline) over result dirs; optional PNG charts, CSV and markdown', load: () => import('./report.js').then((m) => m.registerReport) },
  { name: 'prompts', term: 'prompts [options]', description: 'print the exact prompts a run would send (JSON Lines), without a model', load: () => import('./prompts.js').then((m) => m.registerPrompts) },
  { name: 'medprompt', term: 'medprompt', description: 'Medprompt helpers: build or import the chain-of-thought example pool', load: () => import('./medprompt.js').then((m) => m.registerMedprompt) },
];

/** The command argv names (`aloe-eval [global options] NAME …`, or `aloe-eval help NAME`), if any. */
export function commandNameIn(args: string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * Registers the named command in full and every other one as a stub with its name and
 * description (enough for the program's help and for "unknown command" suggestions).
 */
export async function registerCommands(program: Command, name: string | undefined): Promise<void> {
  // Stubs have no options or arguments of their own: list every command by its table term.
  const terms = new Map(commands.map((c) => [c.name, c.term]));
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? cmd.name() });
  for (const entry of commands) {
    if (entry.name === name) (await entry.load())(program);
    else program.command(entry.name).description(entry.description).allowUnknownOption().helpOption(false);
  }
}
