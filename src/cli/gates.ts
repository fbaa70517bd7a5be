/**
 * @module
 * CI gates: `--fail-under <rate>` (the Averages row's assertion pass rate), `--fail-on failures` (a
 * case whose task failed, an evaluator or a report evaluator that threw), `--fail-on regressions` and
 * `--fail-on case-regressions` (against `--baseline`, see regressions.ts). A failed gate makes `run`
 * exit with code 1.
 */
import type { EvaluationReport } from '../report/report.js';
import type { FailOn } from './args.js';
import { caseRegressions, statisticalRegressions } from './regressions.js';

export interface GateOptions {
  failUnder: number | undefined;
  failOn: readonly FailOn[];
}

export interface GateFailure {
  experiment: string;
  message: string;
  /** One line per failing case or regression (the first MAX_DETAILS). */
  details: string[];
}

const MAX_DETAILS = 20;

export function checkGates(
  report: EvaluationReport,
  baseline: EvaluationReport | undefined,
  options: GateOptions,
): GateFailure[] {
  const failures: GateFailure[] = [];
  const fail = (message: string, details: string[] = []) =>
    failures.push({ experiment: report.name, message, details: capped(details) });
  if (options.failUnder !== undefined) {
    const rate = report.averages()?.assertions ?? null;
    if (rate === null) fail('no assertion ran, so the assertion pass rate is unknown (--fail-under)');
    else if (rate < options.failUnder) {
      fail(`assertion pass rate ${percent(rate)} is below ${percent(options.failUnder)} (--fail-under)`);
    }
  }
  if (options.failOn.includes('failures')) {
    const details = failureDetails(report);
    if (details.length > 0) fail(`${plural(details.length, 'failure')} (--fail-on failures)`, details);
  }
  if (options.failOn.includes('regressions') && baseline) {
    const lines = statisticalRegressions(baseline, report);
    if (lines.length > 0)
      fail(`${plural(lines.length, 'significant regression')} (--fail-on regressions)`, lines);
  }
  if (options.failOn.includes('case-regressions') && baseline) {
    const lines = caseRegressions(baseline, report);
    if (lines.length > 0)
      fail(`${plural(lines.length, 'case regression')} (--fail-on case-regressions)`, lines);
  }
  return failures;
}

/** Case failures, evaluator failures and report evaluator failures, one line each. */
function failureDetails(report: EvaluationReport): string[] {
  const lines = report.failures.map((f) => `${f.name}: ${f.errorMessage}`);
  for (const c of report.cases) {
    for (const e of c.evaluatorFailures)
      lines.push(`${c.name}: evaluator ${e.name} failed: ${e.errorMessage}`);
  }
  for (const e of report.reportEvaluatorFailures)
    lines.push(`report evaluator ${e.name} failed: ${e.errorMessage}`);
  if (report.summary && report.failureCount > report.failures.length) {
    lines.push(`${report.failureCount} case failures (per-case results not kept)`);
  }
  return lines;
}

function capped(details: string[]): string[] {
  if (details.length <= MAX_DETAILS) return details;
  return [...details.slice(0, MAX_DETAILS), `... and ${details.length - MAX_DETAILS} more`];
}

export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
