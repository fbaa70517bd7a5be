/**
 * @module
 * The CLI's exit codes, and the error that carries one up to `main`.
 */
export const EXIT = {
  /** Everything ran; every gate passed. */
  ok: 0,
  /** A gate failed: `--fail-under`, `--fail-on failures`, `--fail-on regressions`. */
  gateFailed: 1,
  /** Bad flags, a missing file, an eval file or dataset that does not load, a bad experiment option. */
  usage: 2,
  /** Stopped by Ctrl-C (SIGINT), after printing the partial report (128 + SIGINT's number, 2). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * An error the CLI prints as it is (no stack) before exiting with `exitCode`. `details` are printed one
 * per line under the message (e.g. every `file:line:col: message` of a dataset).
 */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly details: readonly string[];

  constructor(
    message: string,
    options: { exitCode?: ExitCode; details?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? EXIT.usage;
    this.details = options.details ?? [];
  }
}
