import { type Attributes, type Context, type Span, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { serializeError } from '../util/serialize-error.js';
import type { AttributeEncoder } from './attributes.js';
import {
  LEVEL_INFO,
  LOGFIRE_LEVEL_NUM,
  LOGFIRE_MSG,
  LOGFIRE_MSG_TEMPLATE,
  LOGFIRE_SPAN_TYPE,
} from './constants.js';

/**
 * Starts a span the way logfire does: the span name is the message template, the formatted text is
 * `logfire.msg`, and values are encoded by `encoder` (JSON text for objects). Not made active: the
 * caller decides which code runs in its context.
 */
export function startEvalSpan(
  tracer: Tracer,
  parent: Context,
  spanName: string,
  template: string,
  message: string,
  values: Record<string, unknown>,
  encoder: AttributeEncoder,
): Span {
  const attributes: Attributes = {
    [LOGFIRE_MSG_TEMPLATE]: template,
    [LOGFIRE_MSG]: message,
    [LOGFIRE_SPAN_TYPE]: 'span',
    [LOGFIRE_LEVEL_NUM]: LEVEL_INFO,
    ...encoder.encode(values),
  };
  return tracer.startSpan(spanName, { attributes }, parent);
}

/** Records a thrown value on the span as an exception event and marks the span failed. */
export function recordError(span: Span, error: unknown): void {
  const { name, message, stack } = serializeError(error);
  recordFailure(span, name, message, stack);
}

/** The same from what a report keeps of an error (`'Name: message'` and a stack). */
export function recordFailureMessage(span: Span, errorMessage: string, stack: string | undefined): void {
  const colon = errorMessage.indexOf(': ');
  const name = colon > 0 ? errorMessage.slice(0, colon) : 'Error';
  recordFailure(span, name, colon > 0 ? errorMessage.slice(colon + 2) : errorMessage, stack);
}

function recordFailure(span: Span, name: string, message: string, stack: string | undefined): void {
  span.recordException({ name, message, stack });
  span.setStatus({ code: SpanStatusCode.ERROR, message: `${name}: ${message}` });
}
