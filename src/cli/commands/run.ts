/**
 * @module
 * `typed-evals run [paths...]`: find eval files, load every experiment (and its dataset file) up front,
 * run them one after another, print each report, then one summary line per experiment, write the
 * requested files and check the CI gates.
 */

import type { EvaluationReport } from '../../report/report.js';
import { isRunId } from '../../store/jsonl-store.js';
import type { Store } from '../../store/types.js';
import type { FailOn } from '../args.js';
import { caseMatcher } from '../case-filter.js';
import { findEvalFiles } from '../discover.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { checkGates, type GateFailure } from '../gates.js';
import { InterruptHandler } from '../interrupt.js';
import { type LoadedExperiment, loadExperiments } from '../load.js';
import { type FinishedExperiment, writeOutputs } from '../outputs.js';
import type { RenderFlags } from '../render-flags.js';
import { findBaseline, readReportFile } from '../report-files.js';
import { type RunFlags, runExperiment } from '../run-experiment.js';
import { cliStore, describeRun, previousRun } from '../stored-runs.js';
import { summaryLine } from '../summary.js';
import { printErr, printOut, stdoutStyle } from '../terminal.js';

export interface RunCommandFlags extends RunFlags, RenderFlags {
  json?: string;
  csv?: string;
  markdown?: string;
  failUnder?: number;
  failOn: FailOn[];
  baseline?: string;
  /** `--resume` alone: true; `--resume <runId>`: the id. */
  resume?: string | true;
  /** `--no-compare` makes it false. */
  compare: boolean;
}

export async function runCommand(givenPaths: readonly string[], flags: RunCommandFlags): Promise<ExitCode> {
  const cwd = process.cwd();
  const { paths, resume } = resumeFlag(givenPaths, flags.resume);
  if (resume !== undefined && !flags.store)
    throw new CliError('--resume needs the run store; remove --no-store');
  if (resume === undefined) {
    const alone = flags.retryErrors ? '--retry-errors' : flags.force ? '--force' : undefined;
    if (alone) throw new CliError(`${alone} only applies with --resume`);
  }
  const regressionGate = flags.failOn.find((f) => f.endsWith('regressions'));
  if (regressionGate && !flags.baseline) {
    throw new CliError(
      `--fail-on ${regressionGate} needs --baseline <report.json> (a report saved with --json)`,
    );
  }
  const match = caseMatcher(flags.filter);
  const files = findEvalFiles(paths, cwd);
  const baselines = flags.baseline ? readReportFile(flags.baseline) : [];
  const interrupts = new InterruptHandler();
  interrupts.install();
  try {
    const experiments = await loadExperiments(files, cwd);
    const store = flags.store ? cliStore(flags.dataDir) : undefined;
    const resumes =
      store && resume !== undefined ? await resumeTargets(store, resume, experiments) : new Map();
    const finished: Finished[] = [];
    for (const experiment of experiments) {
      if (interrupts.interrupted) break;
      const baseline =
        baselineFor(baselines, flags, experiment.name, experiments.length) ??
        (store && flags.compare && !flags.baseline
          ? await previousBaseline(store, experiment.name)
          : undefined);
      const result = await runExperiment(experiment, {
        flags,
        match,
        interrupts,
        baseline,
        render: flags,
        resume: resumes.get(experiment.name),
      });
      if (result) finished.push({ ...result, baseline });
    }
    if (finished.length === 0 && !interrupts.interrupted) {
      throw new CliError('No case matched --filter; nothing ran');
    }
    return conclude(finished, flags, interrupts.interrupted);
  } finally {
    interrupts.uninstall();
  }
}

function baselineFor(
  baselines: readonly EvaluationReport[],
  flags: RunCommandFlags,
  name: string,
  experimentCount: number,
): EvaluationReport | undefined {
  if (!flags.baseline) return undefined;
  const baseline = findBaseline(baselines, name, experimentCount);
  if (!baseline) printErr(`No report named '${name}' in ${flags.baseline}: not compared.`);
  return baseline;
}

/**
 * `--resume` takes an optional run id, so `run --resume evals/` would read `evals/` as the id: a value
 * that is neither a run id nor 'latest' is a path, and the latest runs are resumed.
 */
function resumeFlag(
  paths: readonly string[],
  flag: string | true | undefined,
): { paths: readonly string[]; resume: string | undefined } {
  if (flag === undefined) return { paths, resume: undefined };
  if (flag === true || flag === 'latest') return { paths, resume: 'latest' };
  if (isRunId(flag)) return { paths, resume: flag };
  return { paths: [flag, ...paths], resume: 'latest' };
}

/** The run each experiment resumes (by id): the latest of its own, or the one run named by id. */
async function resumeTargets(
  store: Store,
  resume: string,
  experiments: readonly LoadedExperiment[],
): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  if (resume !== 'latest') {
    const { header } = await store.readRun(resume).catch((error: Error) => {
      throw new CliError(error.message);
    });
    if (!experiments.some((e) => e.name === header.experiment)) {
      throw new CliError(
        `Run ${resume} is of experiment '${header.experiment}', which none of the eval files defines`,
      );
    }
    targets.set(header.experiment, resume);
    return targets;
  }
  for (const { name } of experiments) {
    const latest = await store.latestRun(name);
    if (latest) targets.set(name, latest.runId);
    else printErr(`No stored run of ${name} to resume: running it from the start.`);
  }
  return targets;
}

/** The previous complete run of the experiment, to show the changes from (`--no-compare` turns it off). */
async function previousBaseline(store: Store, experiment: string): Promise<EvaluationReport | undefined> {
  const previous = await previousRun(store, experiment);
  if (previous) printErr(`Comparing ${experiment} with its previous run ${describeRun(previous.info)}`);
  return previous?.report;
}

interface Finished {
  report: EvaluationReport;
  seconds: number;
  baseline: EvaluationReport | undefined;
}

/** Summary lines, gate results and output files; the exit code. */
function conclude(finished: readonly Finished[], flags: RunCommandFlags, interrupted: boolean): ExitCode {
  const gateOptions = { failUnder: flags.failUnder, failOn: flags.failOn };
  const gates = finished.map(({ report, baseline }) =>
    interrupted ? [] : checkGates(report, baseline, gateOptions),
  );
  const style = stdoutStyle(flags.ascii);
  const plain = { ascii: style.ascii, color: false };
  const summaries: FinishedExperiment[] = [];
  finished.forEach(({ report, seconds, baseline }, i) => {
    const gateFailed = gates[i]!.length > 0;
    printOut(summaryLine(report, seconds, gateFailed, style));
    summaries.push({ report, baseline, summary: summaryLine(report, seconds, gateFailed, plain) });
  });
  const failures = gates.flat();
  printGateFailures(failures, style.ascii);
  const written = writeOutputs(summaries, {
    json: flags.json,
    csv: flags.csv,
    markdown: flags.markdown,
    stepSummary: process.env.GITHUB_STEP_SUMMARY || undefined,
  });
  for (const path of written) printErr(`Wrote ${path}`);
  if (interrupted) return EXIT.interrupted;
  return failures.length > 0 ? EXIT.gateFailed : EXIT.ok;
}

function printGateFailures(failures: readonly GateFailure[], ascii: boolean): void {
  if (failures.length === 0) return;
  printOut();
  for (const failure of failures) {
    printOut(`${ascii ? 'x' : '✘'} Gate failed: ${failure.experiment}: ${failure.message}`);
    for (const line of failure.details) printOut(`    ${line}`);
  }
}
