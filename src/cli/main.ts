/**
 * @module
 * The `typed-evals` entry point: parses argv (program.ts), runs the command (commands/) and maps errors
 * to exit codes. bin/typed-evals.js calls `runCli`; tests spawn that launcher.
 */
import { CommanderError } from 'commander';
import { CliError, EXIT, type ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';

/** Parses `argv` (as process.argv: node, script, args...), runs the command; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  try {
    await buildProgram((c) => (code = c)).parseAsync([...argv]);
    return code;
  } catch (error) {
    return exitCodeFor(error);
  }
}

const printErr = (text: string) => process.stderr.write(`${text}\n`);

/** Prints an error the way the CLI shows it and returns its exit code. */
function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    // Commander has printed its message already; help and --version exit with 0.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof CliError) {
    printErr(`Error: ${error.message}`);
    for (const detail of error.details) printErr(`  ${detail.replaceAll('\n', '\n    ')}`);
    return error.exitCode;
  }
  printErr(`Error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT.usage;
}

/** Runs the CLI and exits the process with its code (pending handles of eval files do not keep it alive). */
export async function runCli(argv: readonly string[] = process.argv): Promise<never> {
  const code = await main(argv);
  // Let stdout and stderr hand over what was written (they are async on some platforms) before exiting.
  await Promise.all(
    [process.stdout, process.stderr].map((s) => new Promise((resolve) => s.write('', resolve))),
  );
  process.exit(code);
}
