import type { EvaluatorContext } from '../evaluators/context.js';
import type { Evaluator } from '../evaluators/evaluator.js';
import type { EvaluationResult, EvaluatorFailure } from '../evaluators/results.js';

/** What a `sampleRate` function sees for one evaluator of one call. */
export interface SamplingContext {
  /** The evaluator being sampled. */
  readonly evaluator: Evaluator;
  /** The call's inputs: the single argument, the arguments as an array, or `extractInputs(args)`. */
  readonly inputs: unknown;
  /** The config's `metadata`. */
  readonly metadata: Readonly<Record<string, unknown>> | undefined;
  /** One uniform draw in [0, 1) per call, shared by every evaluator of that call. */
  readonly callSeed: number;
}

/**
 * How often an evaluator runs: a probability (`>= 1` always, `<= 0` never), a boolean, or a function of
 * the call that returns either. A function that throws is a sampling error (see `onSamplingError`).
 */
export type SampleRate = number | boolean | ((ctx: SamplingContext) => number | boolean);

/**
 * `'independent'`: each evaluator draws its own random number. `'correlated'`: every evaluator compares
 * its rate with the call's one `callSeed`, so a call sampled at 1% is also sampled at 10%.
 */
export type SamplingMode = 'independent' | 'correlated';

/** The OpenTelemetry span that was active when the evaluated call was made. */
export interface SpanReference {
  readonly traceId: string;
  readonly spanId: string;
}

/** What a sink receives: every result and failure of one call that goes to that sink. */
export interface SinkPayload {
  readonly results: readonly EvaluationResult[];
  readonly failures: readonly EvaluatorFailure[];
  readonly context: EvaluatorContext;
  /** The span active at call time, when there was a valid one. */
  readonly spanReference: SpanReference | undefined;
  /** The name of the evaluated function (`target` option, default: the function's name). */
  readonly target: string;
}

/** A destination for online evaluation results. `submit` is called at most once per call. */
export interface EvaluationSink {
  submit(payload: SinkPayload): void | Promise<void>;
}

/** The short form of a sink: a function of the results, failures and context of one call. */
export type SinkCallback = (
  results: readonly EvaluationResult[],
  failures: readonly EvaluatorFailure[],
  context: EvaluatorContext,
) => void | Promise<void>;

/** One sink, one callback, or a list mixing both. */
export type SinkSpec = EvaluationSink | SinkCallback | readonly (EvaluationSink | SinkCallback)[];

/** Where a background error happened: a sink's submit, the `onMaxConcurrency` handler, or OTel emission. */
export type OnErrorLocation = 'sink' | 'onMaxConcurrency' | 'otel';

/** Called with errors from sinks, `onMaxConcurrency` and OTel emission. Its own errors are swallowed. */
export type OnErrorHandler = (
  error: unknown,
  context: EvaluatorContext,
  evaluator: Evaluator,
  location: OnErrorLocation,
) => void | Promise<void>;

/** Called when an evaluation is dropped because the evaluator already runs `maxConcurrency` times. */
export type OnMaxConcurrencyHandler = (context: EvaluatorContext) => void | Promise<void>;

/**
 * Called when a `sampleRate` function (or `extractInputs`, needed to sample) throws; the evaluator is
 * skipped for that call. Without a handler the error reaches the caller and the function is not called.
 */
export type OnSamplingErrorHandler = (error: unknown, evaluator: Evaluator) => void;
