/**
 * @module
 * typed-evals/online: the evaluators of your experiments, run on live calls. `withEvaluation` wraps a
 * function; sampled calls are evaluated in the background and their results go to OpenTelemetry log
 * events (`gen_ai.evaluation.result`) and to sinks. This file only re-exports.
 */
export { waitForEvaluations } from './background.js';
export {
  configureOnlineEvaluation,
  defaultOnlineEvalConfig,
  OnlineEvalConfig,
  type OnlineEvalConfigOptions,
} from './config.js';
export { OnlineEvaluatorContext } from './context.js';
export { JsonlFileSink, type JsonlFileSinkOptions, type JsonlRecord } from './jsonl-sink.js';
export { OnlineEvaluator, type OnlineEvaluatorOptions } from './online-evaluator.js';
export { runEvaluators } from './run-evaluators.js';
export { disableEvaluation, isEvaluationDisabled } from './scope.js';
export { CallbackSink } from './sinks.js';
export type {
  EvaluationSink,
  OnErrorHandler,
  OnErrorLocation,
  OnMaxConcurrencyHandler,
  OnSamplingErrorHandler,
  SampleRate,
  SamplingContext,
  SamplingMode,
  SinkCallback,
  SinkPayload,
  SinkSpec,
  SpanReference,
} from './types.js';
export { type WithEvaluationOptions, withEvaluation } from './with-evaluation.js';
