/**
 * @module
 * `typed-evals rescore <run> [--eval-file file]`: runs evaluators again on a stored run's outputs without
 * calling the task (src/rescore.ts), prints the new report as a diff from the stored one, and records it
 * as a new run. The evaluators are the stored specs rebuilt (built-in evaluators), or, with `--eval-file`,
 * those of the run's experiment in that file (the dataset's and the experiment's own).
 */
import { resolve } from 'node:path';
import type { Evaluator } from '../../evaluators/evaluator.js';
import type { ReportEvaluator } from '../../evaluators/report-evaluator.js';
import { resolveRunId, startRescore } from '../../rescore.js';
import type { Store } from '../../store/types.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { InterruptHandler } from '../interrupt.js';
import { loadExperiments } from '../load.js';
import { writeOutputs } from '../outputs.js';
import { type RenderFlags, renderOptions } from '../render-flags.js';
import { cliStore, storedRunReport } from '../stored-runs.js';
import { printErr, printOut } from '../terminal.js';

export interface RescoreFlags extends RenderFlags {
  evalFile?: string;
  experiment?: string;
  dataDir?: string;
  json?: string;
  progress: boolean;
}

export async function rescoreCommand(run: string, flags: RescoreFlags): Promise<ExitCode> {
  const store = cliStore(flags.dataDir);
  // An unknown run (or none to take as 'latest') is a usage error: its message, no stack.
  const { runId, before } = await storedRun(store, run, flags.experiment).catch((error: Error) => {
    throw new CliError(error.message, { cause: error });
  });
  const own = flags.evalFile ? await evaluatorsFromFile(flags.evalFile, before.name) : undefined;
  const interrupts = new InterruptHandler();
  interrupts.install();
  try {
    const rescoring = await startRescore(runId, own?.evaluators, {
      store,
      reportEvaluators: own?.reportEvaluators,
      progress: flags.progress ? undefined : false,
    }).catch((error: Error) => {
      throw new CliError(error.message, { cause: error });
    });
    interrupts.track(rescoring);
    const report = await rescoring.report();
    printOut(report.render({ ...renderOptions(flags), baseline: before }));
    printErr(`Re-scored run ${runId}; stored as run ${rescoring.runId}`);
    for (const path of writeOutputs([{ report, baseline: before, summary: '' }], { json: flags.json })) {
      printErr(`Wrote ${path}`);
    }
    return interrupts.interrupted ? EXIT.interrupted : EXIT.ok;
  } finally {
    interrupts.uninstall();
  }
}

/** The run to re-score and its report as stored (what the new report is shown against). */
async function storedRun(store: Store, run: string, experiment: string | undefined) {
  const runId = await resolveRunId(store, run, experiment);
  return { runId, before: await storedRunReport(store, runId) };
}

/** The evaluators of the experiment named `experiment` in an eval file (or of its only experiment). */
async function evaluatorsFromFile(
  file: string,
  experiment: string,
): Promise<{ evaluators: Evaluator[]; reportEvaluators: ReportEvaluator[] }> {
  const cwd = process.cwd();
  const experiments = await loadExperiments([resolve(cwd, file)], cwd);
  const found =
    experiments.find((e) => e.name === experiment) ?? (experiments.length === 1 ? experiments[0] : undefined);
  if (!found) {
    const names = experiments.map((e) => e.name).join(', ');
    throw new CliError(`${file} defines no experiment '${experiment}' (it defines: ${names})`);
  }
  return {
    evaluators: [...found.dataset.evaluators, ...found.evaluators],
    reportEvaluators: [...found.dataset.reportEvaluators, ...found.reportEvaluators],
  };
}
