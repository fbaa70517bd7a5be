/**
 * @module
 * Runs one loaded experiment: builds its dataset view (extra evaluators, `--filter`), merges the eval
 * file's options with the CLI flags, runs it under the Ctrl-C handler and prints the report.
 */
import { Dataset } from '../dataset/dataset.js';
import type { RunOptions } from '../engine/options.js';
import type { EvaluationReport } from '../report/report.js';
import type { CaseMatcher } from './case-filter.js';
import { CliError } from './exit-codes.js';
import { ExperimentDataset } from './experiment-dataset.js';
import type { InterruptHandler } from './interrupt.js';
import { datasetIssues, describeLoadError, type LoadedExperiment } from './load.js';
import { type RenderFlags, renderOptions } from './render-flags.js';
import { printErr, printOut } from './terminal.js';

/** The `run` flags that become evaluate options. */
export interface RunFlags {
  concurrency?: number;
  evaluatorConcurrency?: number;
  repeat?: number;
  timeout?: number;
  filter: string[];
  metadata: Record<string, string>;
  progress: boolean;
  /** `--no-store` makes it false. */
  store: boolean;
  dataDir?: string;
  retryErrors?: boolean;
  force?: boolean;
  cache?: boolean;
}

export interface RunContext {
  flags: RunFlags;
  match: CaseMatcher | undefined;
  interrupts: InterruptHandler;
  baseline: EvaluationReport | undefined;
  render: RenderFlags;
  /** The stored run to resume (an id or 'latest'), if any. */
  resume?: string;
}

let warnedForeignCopy = false;

/** The finished (maybe partial) report and the wall time; undefined when `--filter` left no case. */
export async function runExperiment(
  experiment: LoadedExperiment,
  context: RunContext,
): Promise<{ report: EvaluationReport; seconds: number } | undefined> {
  const { name, file } = experiment;
  warnIfForeign(experiment);
  const dataset = new ExperimentDataset({
    base: experiment.dataset,
    evaluators: experiment.evaluators,
    reportEvaluators: experiment.reportEvaluators,
    match: context.match,
  });
  const size = dataset.knownSize();
  if (context.match && size === 0) {
    printErr(`Skipping ${name} (${file}): no case matches --filter.`);
    return undefined;
  }
  printErr(
    `Running ${name} (${file}${size === undefined ? '' : `, ${size} ${size === 1 ? 'case' : 'cases'}`})`,
  );
  let run: ReturnType<Dataset['run']>;
  try {
    run = dataset.run(experiment.definition.task, runOptions(experiment, context.flags, context.resume));
  } catch (error) {
    throw new CliError(`${file} (${name}): ${(error as Error).message}`, { cause: error });
  }
  const started = performance.now();
  context.interrupts.track(run);
  let report: EvaluationReport;
  try {
    report = await run.report();
  } catch (error) {
    throw runError(file, name, error);
  } finally {
    context.interrupts.track(undefined);
  }
  const seconds = (performance.now() - started) / 1000;
  if (run.runId) printErr(`Stored as run ${run.runId}`);
  printOut(report.render({ ...renderOptions(context.render), baseline: context.baseline }));
  printOut();
  return { report, seconds };
}

/** What a failed run becomes: a resume that cannot go on says why; other errors name the file. */
function runError(file: string, name: string, error: unknown): CliError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'RESUME_MISMATCH' || code === 'RUN_NOT_FOUND') {
    return new CliError(`${file} (${name}): ${(error as Error).message}`, { cause: error });
  }
  const details = datasetIssues(error) ? describeLoadError(file, error) : [];
  return new CliError(`${file} (${name}) stopped: ${(error as Error).message.split('\n')[0]}`, { details });
}

/** The eval file's options, overridden by the flags given; metadata merged (flags win). */
export function runOptions(experiment: LoadedExperiment, flags: RunFlags, resume?: string): RunOptions {
  const defaults: RunOptions = { ...(experiment.definition.options ?? {}) };
  const metadata = { ...(defaults.metadata ?? {}), ...flags.metadata };
  return {
    ...defaults,
    name: experiment.name,
    maxConcurrency: flags.concurrency ?? defaults.maxConcurrency,
    evaluatorConcurrency: flags.evaluatorConcurrency ?? defaults.evaluatorConcurrency,
    repeat: flags.repeat ?? defaults.repeat,
    timeoutMs: flags.timeout ?? defaults.timeoutMs,
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
    // Default: the live bar when stderr is a terminal and CI is unset; --no-progress turns it off.
    progress: flags.progress ? undefined : false,
    signal: undefined,
    keepResults: true,
    // The run store is on by default in the CLI (--no-store turns it off); resume and force are flags only.
    store: flags.store,
    dataDir: flags.dataDir ?? defaults.dataDir,
    resume,
    retryErrors: resume !== undefined && flags.retryErrors ? true : undefined,
    force: resume !== undefined && flags.force ? true : undefined,
    cache: flags.cache ? { ...defaults.cache, task: true } : defaults.cache,
  };
}

/**
 * An eval file that imports another copy of typed-evals than the CLI (a global CLI with a local
 * package) still runs, but its setEvalAttribute / incrementEvalMetric calls reach the other copy.
 */
function warnIfForeign(experiment: LoadedExperiment): void {
  if (warnedForeignCopy || experiment.dataset instanceof Dataset) return;
  warnedForeignCopy = true;
  printErr(
    `Warning: ${experiment.file} uses another copy of typed-evals than this CLI; run the project's own CLI (npx typed-evals) so that setEvalAttribute and incrementEvalMetric are recorded.`,
  );
}
