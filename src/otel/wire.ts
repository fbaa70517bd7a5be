import type { EvaluatorSpec } from '../evaluators/evaluator.js';
import type { EvaluationResult, EvaluatorFailure, ReportCaseAggregate } from '../report/model.js';

/**
 * The pydantic-evals (snake_case) shapes of report data, as span attributes carry them: what Logfire
 * reads from a pydantic-evals experiment, so it reads ours the same way.
 */

/** `{ name: { name, value, reason, source, evaluator_version } }`. */
export function resultsToWire(results: Record<string, EvaluationResult>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in results) {
    const r = results[key]!;
    out[key] = {
      name: r.name,
      value: r.value,
      reason: r.reason ?? null,
      source: specToWire(r.source),
      evaluator_version: null,
    };
  }
  return out;
}

/** Keyword arguments in their file spelling (`case_sensitive`), as pydantic writes a spec. */
export function specToWire(spec: EvaluatorSpec): Record<string, unknown> {
  const args = spec.arguments;
  if (args === null || Array.isArray(args)) return { name: spec.name, arguments: args };
  const snake: Record<string, unknown> = {};
  for (const key in args) snake[toSnakeCase(key)] = args[key];
  return { name: spec.name, arguments: snake };
}

export function aggregateToWire(aggregate: ReportCaseAggregate): Record<string, unknown> {
  return {
    name: aggregate.name,
    scores: aggregate.scores,
    labels: aggregate.labels,
    metrics: aggregate.metrics,
    assertions: aggregate.assertions,
    task_duration: aggregate.taskDuration,
    total_duration: aggregate.totalDuration,
  };
}

export function failureToWire(failure: EvaluatorFailure): Record<string, unknown> {
  return {
    name: failure.name,
    error_message: failure.errorMessage,
    error_stacktrace: failure.errorStack,
    error_type: failure.errorType,
    source: specToWire(failure.source),
  };
}

function toSnakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
