/**
 * Error classes users can catch with `instanceof`. Each carries a stable `code`.
 */
export class TypedEvalsError extends Error {
  readonly code: string;
  constructor(message: string, code = 'TYPED_EVALS_ERROR', options?: ErrorOptions) {
    super(message, options);
    this.name = 'TypedEvalsError';
    this.code = code;
  }
}

/** A bad option or argument, thrown before anything runs. */
export class OptionsError extends TypedEvalsError {
  constructor(message: string) {
    super(message, 'INVALID_OPTION');
    this.name = 'OptionsError';
  }
}

/** A task attempt that ran longer than `timeoutMs`. Retryable by default. */
export class TimeoutError extends TypedEvalsError {
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`Task attempt timed out after ${timeoutMs} ms`, 'TASK_TIMEOUT');
    this.name = 'TimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** What a case that was stopped by the run's signal fails with, when the signal gave no reason of its own. */
export class AbortError extends TypedEvalsError {
  constructor(message = 'The evaluation was aborted') {
    super(message, 'ABORTED');
    this.name = 'AbortError';
  }
}

/** Thrown by `ctx.spanTree` when spans were not captured for the case. */
export class SpanTreeRecordingError extends TypedEvalsError {
  constructor(message: string) {
    super(message, 'SPAN_TREE_UNAVAILABLE');
    this.name = 'SpanTreeRecordingError';
  }
}

export function isAbortError(error: unknown): boolean {
  return (
    error instanceof AbortError ||
    (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError')
  );
}
