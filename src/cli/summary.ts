/**
 * @module
 * The one-line summary printed per experiment after the reports:
 * `✔ ticket-triage: 12 cases, 0 failures, assertions 95.0%, 3.2s`.
 * The mark is ✘ when a case failed or a gate failed for the experiment, and ! when the run was stopped.
 */
import pc from 'picocolors';
import type { EvaluationReport } from '../report/report.js';
import { percent, plural } from './gates.js';

export interface SummaryStyle {
  ascii: boolean;
  color: boolean;
}

export function summaryLine(
  report: EvaluationReport,
  seconds: number,
  gateFailed: boolean,
  style: SummaryStyle,
): string {
  const colors = pc.createColors(style.color);
  const failed = report.failureCount > 0 || gateFailed;
  const mark = report.aborted
    ? colors.yellow(style.ascii ? '!' : '⚠')
    : failed
      ? colors.red(style.ascii ? 'x' : '✘')
      : colors.green(style.ascii ? 'v' : '✔');
  const evaluatorErrors =
    report.cases.reduce((n, c) => n + c.evaluatorFailures.length, 0) + report.reportEvaluatorFailures.length;
  const rate = report.averages()?.assertions ?? null;
  const parts = [
    plural(report.caseCount + report.failureCount, 'case'),
    plural(report.failureCount, 'failure'),
    ...(evaluatorErrors > 0 ? [plural(evaluatorErrors, 'evaluator error')] : []),
    rate === null ? 'no assertions' : `assertions ${percent(rate)}`,
    formatSeconds(seconds),
  ];
  const stopped = report.aborted ? ' (interrupted)' : '';
  return `${mark} ${colors.bold(report.name)}: ${parts.join(', ')}${stopped}`;
}

export function formatSeconds(seconds: number): string {
  return seconds < 0.1 ? `${Math.round(seconds * 1000)}ms` : `${seconds.toFixed(1)}s`;
}
