import type { ReportAnalysis, ReportEvaluator } from '../evaluators/report-evaluator.js';
import type { EvaluatorFailure } from '../evaluators/results.js';
import type { EvaluationReport } from '../report/report.js';
import { serializeError } from '../util/serialize-error.js';

/**
 * Runs report evaluators one after another over the finished report. Analyses are appended in order;
 * a throw becomes an entry of `reportEvaluatorFailures` and the next evaluator still runs.
 */
export async function runReportEvaluators(
  evaluators: readonly ReportEvaluator[],
  report: EvaluationReport,
): Promise<void> {
  for (const evaluator of evaluators) {
    try {
      const output = await evaluator.evaluate({
        name: report.name,
        report,
        experimentMetadata: report.experimentMetadata,
      });
      const analyses = Array.isArray(output) ? output : [output];
      for (const analysis of analyses) checkAnalysis(analysis, evaluator.evaluatorName);
      report.analyses.push(...analyses);
    } catch (error) {
      report.reportEvaluatorFailures.push(toFailure(evaluator, error));
    }
  }
}

function checkAnalysis(analysis: ReportAnalysis, name: string): void {
  if (typeof analysis !== 'object' || analysis === null || typeof analysis.type !== 'string') {
    throw new TypeError(`${name}.evaluate must return an analysis ({ type, title, ... }) or a list of them`);
  }
}

function toFailure(evaluator: ReportEvaluator, error: unknown): EvaluatorFailure {
  const { name, message, stack } = serializeError(error);
  return {
    name: evaluator.evaluatorName,
    errorMessage: `${name}: ${message}`,
    errorType: name,
    errorStack: stack,
    source: evaluator.toSpec(),
  };
}
