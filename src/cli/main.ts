#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { commandNameIn, registerCommands } from './commands/index.js';
import { ExitCode, UserError } from '../util/errors.js';
import { version } from '../version.js';

const program = new Command('aloe-eval')
  .description('Evaluate served medical language models on medical benchmarks')
  .version(version)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

try {
  await registerCommands(program, commandNameIn(process.argv.slice(2)));
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = exitCodeFor(err);
}
// Every command has finished its work (each awaits all it starts). Leave now rather than let Node
// tear the whole heap down first (~20 ms after a long run), once stdout and stderr are flushed.
process.stdout.write('', () => process.stderr.write('', () => process.exit()));

/** User errors print one line, never a stack trace; anything else is a bug and keeps its stack. */
function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander already printed its message (help, version, unknown option…)
    return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (err instanceof UserError) {
    process.stderr.write(`aloe-eval: ${err.message}\n`);
    return err.exitCode;
  }
  // The stack names chunks of the bundle; the source maps beside them give src/ files and lines.
  const sourceMapped = process.execArgv.includes('--enable-source-maps') || (process.env.NODE_OPTIONS ?? '').includes('--enable-source-maps');
  const hint = sourceMapped ? '' : '\n(for src/ file names and lines, run again with NODE_OPTIONS=--enable-source-maps)';
  process.stderr.write(`aloe-eval: internal error (please report it): ${err instanceof Error ? err.stack : String(err)}${hint}\n`);
  return ExitCode.runFailed;
}
