/**
 * @module
 * `typed-evals report <report.json>`: renders a report saved with `run --json` (every report of the
 * file), optionally as a diff against a baseline report.
 */
import { EXIT, type ExitCode } from '../exit-codes.js';
import { type RenderFlags, renderOptions } from '../render-flags.js';
import { findBaseline, readReportFile } from '../report-files.js';
import { printErr, printOut } from '../terminal.js';

export interface ReportFlags extends RenderFlags {
  baseline?: string;
}

export function reportCommand(file: string, flags: ReportFlags): ExitCode {
  const reports = readReportFile(file);
  const baselines = flags.baseline ? readReportFile(flags.baseline) : [];
  reports.forEach((report, i) => {
    const baseline = flags.baseline ? findBaseline(baselines, report.name, reports.length) : undefined;
    if (flags.baseline && !baseline)
      printErr(`No report named '${report.name}' in ${flags.baseline}: not compared.`);
    if (i > 0) printOut();
    printOut(report.render({ ...renderOptions(flags), baseline }));
  });
  return EXIT.ok;
}
