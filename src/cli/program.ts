/**
 * @module
 * The command line surface: every command, argument and option, with its parser. Actions import their
 * command module on first use, so that `--help`, `--version` and a bad flag answer without loading the
 * engine, the renderer or the eval files.
 */
import { Command, InvalidArgumentError } from 'commander';
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
  addView(program, done);
  addRuns(program, done);
  addRescore(program, done);
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
  addStoreFlags(command);
  addRenderFlags(command)
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (paths, flags) => done(await (await import('./commands/run.js')).runCommand(paths, flags)));
}

/** The run store flags of `run` (docs/store.md). */
function addStoreFlags(command: Command): void {
  command
    .option('--no-store', 'do not record the run in the run store (.typed-evals/ by default)')
    .option(
      '--data-dir <dir>',
      'the run store and cache folder (default: TYPED_EVALS_DATA_DIR, else .typed-evals)',
    )
    .option(
      '--resume [runId]',
      'resume a stored run: finished cases are not run again (default: the latest run of each experiment)',
    )
    .option('--retry-errors', 'with --resume: run the cases that failed again too')
    .option('--force', 'with --resume: go on when the dataset, task or evaluators changed')
    .option('--cache', 'reuse task outputs stored by earlier runs (same task name, taskVersion and inputs)')
    .option('--no-compare', 'do not compare with the previous stored run of the experiment');
}

function addRuns(program: Command, done: (code: ExitCode) => void): void {
  program
    .command('runs')
    .description('list the stored runs, newest first')
    .option('--experiment <name>', 'only the runs of this experiment')
    .option('--json', 'print the list as JSON')
    .option('--data-dir <dir>', 'the run store folder (default: TYPED_EVALS_DATA_DIR, else .typed-evals)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (flags) => done(await (await import('./commands/runs.js')).runsCommand(flags)));
}

function addRescore(program: Command, done: (code: ExitCode) => void): void {
  const command = program
    .command('rescore')
    .description('run evaluators again on the outputs of a stored run, without calling the task')
    .argument('<run>', "a run id (see `typed-evals runs`), or 'latest'")
    .option(
      '--eval-file <file>',
      "use the evaluators of the run's experiment in this eval file (default: rebuild them from the stored specs)",
    )
    .option('--experiment <name>', "with 'latest': the experiment whose newest run to re-score")
    .option('--data-dir <dir>', 'the run store folder (default: TYPED_EVALS_DATA_DIR, else .typed-evals)')
    .option('--json <file>', 'write the new report as JSON')
    .option('--no-progress', 'no live progress bar');
  addRenderFlags(command)
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (run, flags) =>
      done(await (await import('./commands/rescore.js')).rescoreCommand(run, flags)),
    );
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

function addView(program: Command, done: (code: ExitCode) => void): void {
  program
    .command('view')
    .description('serve a local, read-only web viewer of the stored runs (live while runs are in progress)')
    .option('-p, --port <port>', 'port to listen on (0: any free port) (default: 7425)', portNumber)
    .option(
      '--host <host>',
      'address to listen on; other than loopback, anyone who can reach it reads your runs',
      '127.0.0.1',
    )
    .option(
      '--data-dir <dir>',
      'data folder of the run store (default: TYPED_EVALS_DATA_DIR, else .typed-evals)',
    )
    .addHelpText('after', '\nStops on Ctrl-C. See docs/viewer.md.')
    .action(async (flags) => done(await (await import('./commands/view.js')).viewCommand(flags)));
}

/** A TCP port: an integer from 0 (any free port) to 65535. */
function portNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError(`Expected a port from 0 to 65535, got '${value}'.`);
  }
  return n;
}
