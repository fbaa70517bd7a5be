import { type Context, isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import type * as LogsApi from '@opentelemetry/api-logs';
import type { EvaluatorSpec } from '../evaluators/evaluator.js';
import type { EvaluationResult, EvaluatorFailure } from '../evaluators/results.js';
import { toJsonSafe } from '../util/json-safe.js';
import { formatScore } from './python-format.js';
import type { SpanReference } from './types.js';

/*
 * The `gen_ai.evaluation.result` log events. These names are a contract with OTel backends and with
 * pydantic-evals (`_otel_emit.py`): keep them byte-identical.
 */
export const EVENT_NAME = 'gen_ai.evaluation.result';
export const ATTR_EVAL_NAME = 'gen_ai.evaluation.name';
export const ATTR_TARGET = 'gen_ai.evaluation.target';
export const ATTR_EVALUATOR_SOURCE = 'gen_ai.evaluation.evaluator.source';
export const ATTR_SCORE_VALUE = 'gen_ai.evaluation.score.value';
export const ATTR_SCORE_LABEL = 'gen_ai.evaluation.score.label';
export const ATTR_EXPLANATION = 'gen_ai.evaluation.explanation';
export const ATTR_ERROR_TYPE = 'error.type';
/** `error.type` of a failure that carries no error type of its own. */
export const FALLBACK_ERROR_TYPE = 'typed_evals.EvaluatorFailure';
const SCOPE = 'typed-evals';
/** SeverityNumber.WARN, written out so this module needs no runtime import of api-logs. */
const SEVERITY_WARN = 13;

type Logger = LogsApi.Logger;
type Attributes = Record<string, string | number>;

/*
 * `@opentelemetry/api-logs` is optional: it is imported the first time an event is due, and when it is
 * missing events are dropped.
 */
let logsApi: typeof LogsApi | null | undefined;
let loading: Promise<void> | undefined;

/** Ready when api-logs is loaded (or known to be missing); a promise only before the first load. */
export function loadLogsApi(): Promise<void> | undefined {
  if (logsApi !== undefined) return undefined;
  loading ??= import('@opentelemetry/api-logs').then(
    (mod) => {
      logsApi = mod;
    },
    () => {
      logsApi = null;
    },
  );
  return loading;
}

/** The logger of the global LoggerProvider (a no-op one when none is registered); null without api-logs. */
export function getEventLogger(): Logger | null {
  return logsApi ? logsApi.logs.getLogger(SCOPE) : null;
}

/** The span active at call time as a `{ traceId, spanId }`, when there is a valid one. */
export function spanReferenceOf(parent: Context): SpanReference | undefined {
  const span = trace.getSpanContext(parent);
  if (!span || !isSpanContextValid(span)) return undefined;
  return { traceId: span.traceId, spanId: span.spanId };
}

/** The baggage of the call's context as attributes, or undefined when there is none. */
export function baggageAttributes(parent: Context): Attributes | undefined {
  const entries = propagation.getBaggage(parent)?.getAllEntries();
  if (!entries || entries.length === 0) return undefined;
  const attrs: Attributes = {};
  for (const [key, entry] of entries) attrs[key] = entry.value;
  return attrs;
}

/** One event per result, parented to the call's context (its active span). */
export function emitResultEvent(
  logger: Logger,
  result: EvaluationResult,
  target: string,
  parent: Context,
  baggage: Attributes | undefined,
): void {
  const attributes = baseAttributes(target, result.name, result.source, baggage);
  const value = result.value;
  if (typeof value === 'boolean') {
    attributes[ATTR_SCORE_VALUE] = value ? 1 : 0;
    attributes[ATTR_SCORE_LABEL] = value ? 'pass' : 'fail';
  } else if (typeof value === 'number') attributes[ATTR_SCORE_VALUE] = value;
  else attributes[ATTR_SCORE_LABEL] = value;
  if (result.reason !== undefined && result.reason !== null) attributes[ATTR_EXPLANATION] = result.reason;
  logger.emit({
    eventName: EVENT_NAME,
    body: `evaluation: ${result.name}=${formatScore(value)}`,
    attributes,
    context: parent,
  });
}

/** One WARN event per failure: `error.type` set, no score. */
export function emitFailureEvent(
  logger: Logger,
  failure: EvaluatorFailure,
  target: string,
  parent: Context,
  baggage: Attributes | undefined,
): void {
  const attributes = baseAttributes(target, failure.name, failure.source, baggage);
  attributes[ATTR_ERROR_TYPE] = failure.errorType || FALLBACK_ERROR_TYPE;
  if (failure.errorMessage) attributes[ATTR_EXPLANATION] = failure.errorMessage;
  logger.emit({
    eventName: EVENT_NAME,
    body: failure.errorMessage
      ? `evaluation: ${failure.name} failed: ${failure.errorMessage}`
      : `evaluation: ${failure.name} failed`,
    attributes,
    severityNumber: SEVERITY_WARN,
    context: parent,
  });
}

/** Baggage first, so the standard attributes win on a clash. */
function baseAttributes(
  target: string,
  name: string,
  source: EvaluatorSpec,
  baggage: Attributes | undefined,
): Attributes {
  const attributes: Attributes = baggage ? { ...baggage } : {};
  attributes[ATTR_TARGET] = target;
  attributes[ATTR_EVAL_NAME] = name;
  attributes[ATTR_EVALUATOR_SOURCE] = JSON.stringify(toJsonSafe(source));
  return attributes;
}
