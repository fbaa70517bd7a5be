import { SpanTreeRecordingError } from '../../errors.js';
import type { EvaluatorContext } from '../../evaluators/context.js';
import type { SpanTree } from '../span-tree.js';

/**
 * The case's span tree, or the SpanTreeRecordingError that says why there is none. Other errors are
 * rethrown. Matched by name too, in case the error comes from another copy of the package.
 */
export function spanTreeOrError(ctx: EvaluatorContext): SpanTree | SpanTreeRecordingError {
  try {
    return ctx.spanTree as SpanTree;
  } catch (error) {
    if (error instanceof SpanTreeRecordingError) return error;
    if (error instanceof Error && error.name === 'SpanTreeRecordingError')
      return error as SpanTreeRecordingError;
    throw error;
  }
}

/** The reason an agentic evaluator fails with when spans were not captured (pydantic-evals' wording, then how to fix it). */
export function noSpanTreeReason(error: Error): string {
  return `No span tree available — ${error.message}`;
}

export interface Named {
  /** Rename the result (default: the evaluator's name). */
  evaluationName?: string;
}

export const evaluationNameSchema = {
  type: 'string',
  description: 'Name the result is recorded under (default: the evaluator name).',
} as const;

export const includeFailedSchema = (byDefault: boolean) =>
  ({
    type: 'boolean',
    default: byDefault,
    description: 'Count tool calls whose span has an error status.',
  }) as const;

/** Throws a TypeError naming the evaluator and the option, e.g. "ToolCorrectness: expectedTools must be ...". */
export function optionError(evaluator: string, message: string): TypeError {
  return new TypeError(`${evaluator}: ${message}`);
}

export function requireObject(evaluator: string, options: unknown, example: string): Record<string, unknown> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw optionError(evaluator, `expects an options object, e.g. new ${evaluator}(${example})`);
  }
  return options as Record<string, unknown>;
}

export function checkStringList(evaluator: string, key: string, value: unknown): void {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw optionError(
      evaluator,
      `${key} must be a list of tool names (strings), got ${JSON.stringify(value)}`,
    );
  }
}

export function checkBoolean(evaluator: string, key: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw optionError(evaluator, `${key} must be a boolean, got ${JSON.stringify(value)}`);
  }
}

export function checkCount(evaluator: string, key: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw optionError(evaluator, `${key} must be an integer >= 0, got ${JSON.stringify(value)}`);
  }
}
