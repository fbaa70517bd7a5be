import { type Context, createContextKey } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Span capture per task attempt. The attempt's OTel context carries a SpanCollector under
 * CAPTURE_KEY; the capture processor files every span started in such a context with that collector,
 * and the attempt keeps those that ended before it did. Concurrent cases have different contexts, so
 * their spans never mix. Spans started outside any attempt cost one context lookup.
 */

/** `createContextKey` uses `Symbol.for`, so two copies of this module share the key. */
export const CAPTURE_KEY = createContextKey('typed-evals.span-capture');

/** The spans of one task attempt, in the order they started. */
export class SpanCollector {
  readonly started: Span[] = [];
  open = true;

  /** Stops collecting; returns the spans that ended while the attempt ran, in start order. */
  close(): ReadableSpan[] {
    this.open = false;
    return this.started.filter((span) => span.ended);
  }
}

/**
 * Which span a capture processor saw start last, shared by every copy of this module in the process
 * (a bundled and a source copy can both be loaded).
 */
const STATE_KEY = Symbol.for('typed-evals.otel.capture-state');
const globals = globalThis as Record<symbol, { lastStarted: unknown } | undefined>;
globals[STATE_KEY] ??= { lastStarted: undefined };
const state = globals[STATE_KEY];

/**
 * Files each span with the collector of the attempt it starts in. Only the start is hooked: a span
 * that has `ended` when its attempt closes belongs to the attempt, so nothing runs when spans end.
 */
class CaptureSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    state.lastStarted = span;
    const collector = parentContext.getValue(CAPTURE_KEY) as SpanCollector | undefined;
    if (collector === undefined || !collector.open) return;
    // Two capture processors on one provider see the same span one after the other: keep it once.
    if (collector.started[collector.started.length - 1] !== span) collector.started.push(span);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The SpanProcessor that lets evaluators read a case's spans (`ctx.spanTree`). `setupSpanCapture()`
 * installs it; add it yourself when you build your own provider:
 * `new BasicTracerProvider({ spanProcessors: [spanCaptureProcessor(), myExportProcessor] })`.
 * It keeps spans only while their task attempt runs, and exports nothing.
 */
export function spanCaptureProcessor(): SpanProcessor {
  return new CaptureSpanProcessor();
}

/** True when a capture processor saw `span` start (it is then attached to the provider that made it). */
export function captureSawStart(span: unknown): boolean {
  return state.lastStarted === span;
}
