import { TypedEvalsError } from '../errors.js';
import type { ReportAnalysis } from '../evaluators/report-evaluator.js';
import type { EvaluatorFailure } from '../evaluators/results.js';
import { toJsonSafe } from '../util/json-safe.js';
import { analysesFromJSON } from './analyses.js';
import type { ReportCase, ReportCaseAggregate, ReportCaseFailure } from './model.js';
import type { EvaluationReport, EvaluationReportInit, ReportSummary } from './report.js';

export const REPORT_FORMAT = 'typed-evals/report';
export const REPORT_FORMAT_VERSION = 1;

/** The saved form of a report (camelCase keys, JSON values only). */
export interface EvaluationReportJSON {
  format: typeof REPORT_FORMAT;
  version: number;
  name: string;
  experimentMetadata: Record<string, unknown> | null;
  aborted: boolean;
  traceId: string | null;
  spanId: string | null;
  cases: ReportCase[];
  failures: ReportCaseFailure[];
  analyses: ReportAnalysis[];
  reportEvaluatorFailures: EvaluatorFailure[];
  summary?: { caseCount: number; failureCount: number; averages: ReportCaseAggregate | null };
}

export function reportToJSON(report: EvaluationReport): EvaluationReportJSON {
  const json: EvaluationReportJSON = {
    format: REPORT_FORMAT,
    version: REPORT_FORMAT_VERSION,
    name: report.name,
    experimentMetadata:
      (toJsonSafe(report.experimentMetadata) as Record<string, unknown> | undefined) ?? null,
    aborted: report.aborted,
    traceId: report.traceId ?? null,
    spanId: report.spanId ?? null,
    cases: toJsonSafe(report.cases) as ReportCase[],
    failures: toJsonSafe(report.failures) as ReportCaseFailure[],
    analyses: toJsonSafe(report.analyses) as ReportAnalysis[],
    reportEvaluatorFailures: toJsonSafe(report.reportEvaluatorFailures) as EvaluatorFailure[],
  };
  if (report.summary) {
    const { caseCount, failureCount, averages } = report.summary;
    json.summary = { caseCount, failureCount, averages: averages ?? null };
  }
  return json;
}

/** Checks the shape of a saved report and rebuilds the constructor input; errors name the bad path. */
export function reportFromJSON(json: unknown): EvaluationReportInit {
  const root = expectObject(json, 'report');
  if (root.format !== undefined && root.format !== REPORT_FORMAT) {
    fail('report.format', `expected '${REPORT_FORMAT}', got ${JSON.stringify(root.format)}`);
  }
  const name = expectString(root.name, 'report.name');
  const cases = expectArray(root.cases ?? [], 'report.cases').map((c, i) =>
    readCase(c, `report.cases[${i}]`),
  );
  const failures = expectArray(root.failures ?? [], 'report.failures').map((f, i) =>
    readFailure(f, `report.failures[${i}]`),
  );
  return {
    name,
    cases,
    failures,
    analyses: analysesFromJSON(expectArray(root.analyses ?? [], 'report.analyses')) as ReportAnalysis[],
    reportEvaluatorFailures: expectArray(
      root.reportEvaluatorFailures ?? [],
      'report.reportEvaluatorFailures',
    ) as EvaluatorFailure[],
    experimentMetadata:
      root.experimentMetadata == null
        ? undefined
        : expectObject(root.experimentMetadata, 'report.experimentMetadata'),
    aborted: root.aborted === true,
    traceId: optionalString(root.traceId, 'report.traceId'),
    spanId: optionalString(root.spanId, 'report.spanId'),
    summary: root.summary == null ? undefined : readSummary(root.summary),
  };
}

function readCase(value: unknown, path: string): ReportCase {
  const c = expectObject(value, path);
  expectString(c.name, `${path}.name`);
  for (const key of ['scores', 'labels', 'assertions', 'metrics', 'attributes']) {
    c[key] = c[key] == null ? {} : expectObject(c[key], `${path}.${key}`);
  }
  for (const key of ['taskDuration', 'totalDuration']) {
    if (typeof c[key] !== 'number')
      fail(`${path}.${key}`, `expected a number of seconds, got ${JSON.stringify(c[key])}`);
  }
  c.evaluatorFailures =
    c.evaluatorFailures == null ? [] : expectArray(c.evaluatorFailures, `${path}.evaluatorFailures`);
  c.sourceCaseName = optionalString(c.sourceCaseName, `${path}.sourceCaseName`);
  if (!('output' in c)) c.output = null;
  return c as unknown as ReportCase;
}

function readFailure(value: unknown, path: string): ReportCaseFailure {
  const f = expectObject(value, path);
  expectString(f.name, `${path}.name`);
  expectString(f.errorMessage, `${path}.errorMessage`);
  f.errorStack = typeof f.errorStack === 'string' ? f.errorStack : '';
  f.sourceCaseName = optionalString(f.sourceCaseName, `${path}.sourceCaseName`);
  return f as unknown as ReportCaseFailure;
}

function readSummary(value: unknown): ReportSummary {
  const s = expectObject(value, 'report.summary');
  return {
    caseCount: Number(s.caseCount ?? 0),
    failureCount: Number(s.failureCount ?? 0),
    averages: (s.averages ?? undefined) as ReportCaseAggregate | undefined,
  };
}

function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(path, `expected an object, got ${kind(value)}`);
  return { ...(value as Record<string, unknown>) };
}

function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, `expected an array, got ${kind(value)}`);
  return value as unknown[];
}

function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, `expected a string, got ${kind(value)}`);
  return value as string;
}

function optionalString(value: unknown, path: string): string | undefined {
  return value == null ? undefined : expectString(value, path);
}

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

function fail(path: string, message: string): never {
  throw new TypedEvalsError(`Invalid saved report at ${path}: ${message}`, 'INVALID_REPORT_JSON');
}
