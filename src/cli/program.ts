/**
 * @module
 * The command line surface: every command, argument and option, with its parser. Actions import their
 * command module on first use, so that `--help`, `--version` and a bad flag answer without loading the
 * engine, the renderer or the eval files.
 */
import { Command } from 'commander';
import { collect, failOn, integerAtLeast, keyValue, passRate, positiveNumber } from './args.js';
import { EVAL_FILE_PATTERN } from './discover.js';
import type { ExitCode } from './exit-codes.js';
import { addRenderFlags } from './render-flags.js';
import { DATASET_FILE, EVAL_FILE } from './templates.js';
import { packageVersion } from './version.js';

const EXIT_CODES_HELP =
  '\nExit codes: 0 ok, 1 a gate failed, 2 usage or load error, 130 interrupted (Ctrl-C).\nSee docs/cli.md.';

/** The program; `done` receives the exit code a command ends with. */
export function buildProgram(done: (code: ExitCode) => void): Command {
  const program = new Command('typed-evals')
    .description('Run evaluations of LLM-calling TypeScript code: datasets, tasks, evaluators, reports.')
    .version(packageVersion(), '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  addRun(program, done);
  addReport(program, done);
  addValidate(program, done);
  addInit(program, done);
  return program;
}

function addRun(program: Command, done: (code: ExitCode) => void): void {
  const command = program
    .command('run', { isDefault: true })
    .description(
      `run the experiments of eval files (default: ${EVAL_FILE_PATTERN} under the current directory)`,
    )
    .argument('[paths...]', 'eval files, directories or globs (quote globs: "evals/**/*.eval.ts")')
    .option('-c, --concurrency <n>', 'cases in flight per experiment (maxConcurrency)', integerAtLeast(1))
    .option(
      '--evaluator-concurrency <n>',
      'evaluator calls in flight (evaluatorConcurrency)',
      integerAtLeast(1),
    )
    .option('--repeat <n>', 'runs of each case (repeat)', integerAtLeast(1))
    .option('--timeout <ms>', 'limit of each task attempt in milliseconds (timeoutMs)', positiveNumber)
    .option(
      '-f, --filter <pattern>',
      'run only matching cases: substring, glob (refund-*) or /regex/ (repeatable)',
      collect,
      [],
    )
    .option('--metadata <key=value>', 'experiment metadata shown in the report (repeatable)', keyValue, {})
    .option('--no-progress', 'no live progress bar (it is only drawn when stderr is a terminal)')
    .option('--json <file>', 'write the report(s) as JSON (several experiments: one file with every report)')
    .option(
      '--csv <file>',
      'write the report as CSV (several experiments: <file stem>.<experiment>.csv each)',
    )
    .option('--markdown <file>', 'write the report(s) as Markdown, one after another')
    .option(
      '--baseline <report.json>',
      'compare with a saved report (--json output): diff columns and regressions',
    )
    .option('--fail-under <rate>', 'exit 1 when the assertion pass rate is below this (0.9 or 90%)', passRate)
    .option(
      '--fail-on <what>',
      'exit 1 on failures (task or evaluator errors), regressions (significant, vs --baseline) or case-regressions (any case, vs --baseline); repeatable',
      failOn,
      [],
    );
  addRenderFlags(command)
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (paths, flags) => done(await (await import('./commands/run.js')).runCommand(paths, flags)));
}

function addReport(program: Command, done: (code: ExitCode) => void): void {
  const command = program
    .command('report')
    .description('render a report saved with `run --json`')
    .argument('<report.json>', 'a report file written by `typed-evals run --json`')
    .option('--baseline <report.json>', 'show the changes from this saved report (cases matched by name)');
  addRenderFlags(command)
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (file, flags) => done((await import('./commands/report.js')).reportCommand(file, flags)));
}

function addValidate(program: Command, done: (code: ExitCode) => void): void {
  program
    .command('validate')
    .description(
      'check dataset files (and the datasets of eval files); print every problem with file:line:col',
    )
    .argument('<files...>', 'dataset files (.yaml, .yml, .json, .jsonl) or eval files')
    .addHelpText('after', '\nExit codes: 0 every file is valid, 2 a file has problems.')
    .action(async (files) => done(await (await import('./commands/validate.js')).validateCommand(files)));
}

function addInit(program: Command, done: (code: ExitCode) => void): void {
  program
    .command('init')
    .description(`write a starter eval file (${EVAL_FILE}) and dataset (${DATASET_FILE})`)
    .argument('[dir]', 'directory to write them in', 'evals')
    .option('--force', 'overwrite files that already exist')
    .action(async (dir, flags) => done((await import('./commands/init.js')).initCommand(dir, flags)));
}
