import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
  type TracerConfig,
} from '@opentelemetry/sdk-trace-base';
import { TypedEvalsError } from '../errors.js';
import { spanCaptureProcessor } from './capture.js';
import { isTracerProviderRegistered } from './registration.js';

export interface SpanCaptureOptions {
  /** Extra processors (yours, e.g. a SimpleSpanProcessor around an InMemorySpanExporter), run in order. */
  spanProcessors?: SpanProcessor[];
  /** Exporters to send every span to (e.g. an OTLPTraceExporter), each behind a BatchSpanProcessor. */
  exporters?: SpanExporter[];
  /** Other BasicTracerProvider settings: sampler, resource, span limits, id generator. */
  providerConfig?: Omit<TracerConfig, 'spanProcessors'>;
}

export interface SpanCaptureHandle {
  readonly provider: BasicTracerProvider;
  /** Exports what is buffered, without shutting down. */
  forceFlush(): Promise<void>;
  /** Flushes and shuts the provider down, then unregisters what setupSpanCapture registered. */
  shutdown(): Promise<void>;
}

/**
 * Registers a global tracer provider that captures each task's spans for `ctx.spanTree` (plus your
 * processors and exporters) and an AsyncLocalStorage context manager (unless one is registered). With
 * it, experiments also emit their own spans (`evaluate {name}`, `case: {case_name}`...).
 *
 * Throws when another tracer provider is already registered: add `spanCaptureProcessor()` to that
 * provider's `spanProcessors` instead.
 */
export function setupSpanCapture(options: SpanCaptureOptions = {}): SpanCaptureHandle {
  if (isTracerProviderRegistered()) {
    throw new TypedEvalsError(
      'setupSpanCapture(): a tracer provider is already registered. Add spanCaptureProcessor() from ' +
        "'typed-evals/otel' to that provider's spanProcessors instead, or shut it down first (trace.disable()).",
      'TRACER_PROVIDER_REGISTERED',
    );
  }
  const processors = [
    spanCaptureProcessor(),
    ...(options.spanProcessors ?? []),
    ...(options.exporters ?? []).map((exporter) => new BatchSpanProcessor(exporter)),
  ];
  const provider = new BasicTracerProvider({ ...options.providerConfig, spanProcessors: processors });
  trace.setGlobalTracerProvider(provider);
  const contextManager = new AsyncLocalStorageContextManager();
  // Returns false (and leaves the existing one in place) when a context manager is already registered.
  const ownsContext = context.setGlobalContextManager(contextManager.enable());
  if (!ownsContext) contextManager.disable();
  let closed: Promise<void> | undefined;
  return {
    provider,
    forceFlush: () => provider.forceFlush(),
    shutdown: () => {
      closed ??= provider.shutdown().finally(() => {
        trace.disable();
        if (ownsContext) context.disable();
      });
      return closed;
    },
  };
}
