/** Builders of report objects with fixed values, for golden-output tests. */
import type { EvaluationResult, EvaluatorFailure, ReportCase, ReportCaseFailure } from 'typed-evals';

const source = { name: 'Test', arguments: null };

export interface CaseFields {
  inputs?: unknown;
  metadata?: unknown;
  expectedOutput?: unknown;
  output?: unknown;
  scores?: Record<string, number | [number, string]>;
  labels?: Record<string, string | [string, string]>;
  assertions?: Record<string, boolean | [boolean, string]>;
  metrics?: Record<string, number>;
  taskDuration?: number;
  totalDuration?: number;
  sourceCaseName?: string;
  evaluatorFailures?: EvaluatorFailure[];
  teardownError?: string;
}

function results<V extends string | number | boolean>(
  record: Record<string, V | [V, string]> | undefined,
): Record<string, EvaluationResult<V>> {
  const out: Record<string, EvaluationResult<V>> = {};
  for (const [name, entry] of Object.entries(record ?? {})) {
    out[name] = Array.isArray(entry)
      ? { name, value: entry[0], reason: entry[1], source }
      : { name, value: entry as V, source };
  }
  return out;
}

export function reportCase(name: string, fields: CaseFields = {}): ReportCase {
  const c: ReportCase = {
    name,
    inputs: fields.inputs,
    metadata: fields.metadata,
    expectedOutput: fields.expectedOutput,
    output: fields.output,
    metrics: fields.metrics ?? {},
    attributes: {},
    scores: results(fields.scores),
    labels: results(fields.labels),
    assertions: results(fields.assertions),
    taskDuration: fields.taskDuration ?? 0.1,
    totalDuration: fields.totalDuration ?? 0.2,
    sourceCaseName: fields.sourceCaseName,
    evaluatorFailures: fields.evaluatorFailures ?? [],
  };
  if (fields.teardownError) c.teardownError = fields.teardownError;
  return c;
}

export function caseFailure(name: string, fields: Partial<ReportCaseFailure> = {}): ReportCaseFailure {
  return {
    name,
    inputs: fields.inputs,
    metadata: fields.metadata,
    expectedOutput: fields.expectedOutput,
    errorMessage: fields.errorMessage ?? 'Error: boom',
    errorStack: fields.errorStack ?? 'Error: boom\n    at task (task.ts:1:1)',
    sourceCaseName: fields.sourceCaseName,
  };
}

export function evaluatorFailure(name: string, errorMessage: string): EvaluatorFailure {
  return { name, errorMessage, errorType: 'Error', errorStack: '', source };
}

/** The test_case of pydantic-evals' test_reporting.py. */
export function sampleCase(overrides: CaseFields = {}): ReportCase {
  return reportCase('test_case', {
    inputs: { query: 'What is 2+2?' },
    metadata: { difficulty: 'easy' },
    expectedOutput: { answer: '4' },
    output: { answer: '4' },
    scores: { score1: 2.5 },
    labels: { label1: 'hello' },
    metrics: { accuracy: 0.95 },
    assertions: { assertion1: true },
    taskDuration: 0.1,
    totalDuration: 0.2,
    ...overrides,
  });
}

/** A golden output written as a template literal that starts and ends with a newline. */
export function block(text: string): string {
  return text.replace(/^\n/, '').replace(/\n$/, '');
}
