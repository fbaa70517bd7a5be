import type { EvaluationResult, EvaluatorFailure } from '../evaluators/results.js';

export type { EvaluationResult, EvaluatorFailure } from '../evaluators/results.js';

/** A case run whose task succeeded, with everything its evaluators said. */
export interface ReportCase<Inputs = any, Output = any, Metadata = any> {
  /** `Case N` for unnamed cases; `name [i/n]` for repeated runs. */
  name: string;
  inputs: Inputs;
  metadata: Metadata | undefined;
  expectedOutput: Output | undefined;
  output: Output;
  metrics: Record<string, number>;
  attributes: Record<string, unknown>;
  scores: Record<string, EvaluationResult<number>>;
  labels: Record<string, EvaluationResult<string>>;
  assertions: Record<string, EvaluationResult<boolean>>;
  /** Seconds of the successful task attempt. */
  taskDuration: number;
  /** Seconds from the case's start (after any queue wait) to the end of its teardown. */
  totalDuration: number;
  /** The case's own name when it ran several times (`repeat`). */
  sourceCaseName: string | undefined;
  evaluatorFailures: EvaluatorFailure[];
  /** Message of the lifecycle teardown error, if teardown threw. */
  teardownError?: string;
  traceId?: string;
  spanId?: string;
}

/** A case run whose task (or setup) failed. */
export interface ReportCaseFailure<Inputs = any, Output = any, Metadata = any> {
  name: string;
  inputs: Inputs;
  metadata: Metadata | undefined;
  expectedOutput: Output | undefined;
  /** `'<ErrorName>: <message>'`. */
  errorMessage: string;
  errorStack: string;
  sourceCaseName: string | undefined;
  teardownError?: string;
  traceId?: string;
  spanId?: string;
}

export type CaseResult<Inputs = any, Output = any, Metadata = any> =
  | ReportCase<Inputs, Output, Metadata>
  | ReportCaseFailure<Inputs, Output, Metadata>;

/** True for a failed case run (it has an `errorMessage` and no output). */
export function isCaseFailure<I, O, M>(result: CaseResult<I, O, M>): result is ReportCaseFailure<I, O, M> {
  return typeof (result as ReportCaseFailure).errorMessage === 'string' && !('output' in result);
}

/** Means over cases: what the Averages row shows. */
export interface ReportCaseAggregate {
  name: string;
  scores: Record<string, number>;
  /** Per label name, the frequency of each value (summing to 1). */
  labels: Record<string, Record<string, number>>;
  metrics: Record<string, number>;
  /** Passing assertions / all assertions, or null when there are none. */
  assertions: number | null;
  taskDuration: number;
  totalDuration: number;
}

/** The runs of one case when `repeat` > 1. */
export interface ReportCaseGroup<Inputs = any, Output = any, Metadata = any> {
  name: string;
  inputs: Inputs;
  metadata: Metadata | undefined;
  expectedOutput: Output | undefined;
  runs: ReportCase<Inputs, Output, Metadata>[];
  failures: ReportCaseFailure<Inputs, Output, Metadata>[];
  summary: ReportCaseAggregate;
}
