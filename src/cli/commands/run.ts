/**
 * @module
 * `typed-evals run [paths...]`: find eval files, load every experiment (and its dataset file) up front,
 * run them one after another, print each report, then one summary line per experiment, write the
 * requested files and check the CI gates.
 */

import type { EvaluationReport } from '../../report/report.js';
import type { FailOn } from '../args.js';
import { caseMatcher } from '../case-filter.js';
import { findEvalFiles } from '../discover.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { checkGates, type GateFailure } from '../gates.js';
import { InterruptHandler } from '../interrupt.js';
import { loadExperiments } from '../load.js';
import { type FinishedExperiment, writeOutputs } from '../outputs.js';
import type { RenderFlags } from '../render-flags.js';
import { findBaseline, readReportFile } from '../report-files.js';
import { type RunFlags, runExperiment } from '../run-experiment.js';
import { summaryLine } from '../summary.js';
import { printErr, printOut, stdoutStyle } from '../terminal.js';

export interface RunCommandFlags extends RunFlags, RenderFlags {
  json?: string;
  csv?: string;
  markdown?: string;
  failUnder?: number;
  failOn: FailOn[];
  baseline?: string;
}

export async function runCommand(paths: readonly string[], flags: RunCommandFlags): Promise<ExitCode> {
  const cwd = process.cwd();
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
    const finished: Finished[] = [];
    for (const experiment of experiments) {
      if (interrupts.interrupted) break;
      const baseline = baselineFor(baselines, flags, experiment.name, experiments.length);
      const result = await runExperiment(experiment, { flags, match, interrupts, baseline, render: flags });
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
