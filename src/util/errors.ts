/**
 * Exit codes (the table in README.md, under Commands):
 *   0 ok · 1 run failed (too many sample errors, endpoint died mid-run, write failure)
 *   2 usage or config error (bad flag, unknown benchmark, malformed file, unreachable endpoint at preflight)
 *   3 significant regression (`compare`/`run --baseline` with `--fail-on regression`)
 *   4 runs not comparable (missing or partial result dirs, different questions or dataset revisions)
 *   130 interrupted by Ctrl-C (resumable)
 */
export const ExitCode = {
  ok: 0,
  runFailed: 1,
  usage: 2,
  regression: 3,
  incomparable: 4,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error caused by the user's input or environment. The CLI prints its message as one line
 * (no stack trace) and exits with `exitCode`. The message names the problem and the fix.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.usage,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
