/** Why `ctx.spanTree` is unavailable, each with how to fix it. */

const HOW_TO =
  "Call setupSpanCapture() from 'typed-evals/otel' before running the evaluation, or, if you register " +
  "your own tracer provider, add spanCaptureProcessor() from 'typed-evals/otel' to its spanProcessors.";

/** No OpenTelemetry SDK registered at all (the text context.ts should use; see docs/otel.md). */
export const NO_SDK_MESSAGE = `Spans were not captured for this case: no OpenTelemetry tracer provider is registered. ${HOW_TO}`;

export const NO_CAPTURE_PROCESSOR_MESSAGE =
  'Spans were not captured for this case: the registered OpenTelemetry tracer provider has no span ' +
  "capture processor. Add spanCaptureProcessor() from 'typed-evals/otel' to its spanProcessors " +
  '(new BasicTracerProvider({ spanProcessors: [spanCaptureProcessor(), ...] })), or call setupSpanCapture() ' +
  'instead of registering a provider yourself.';

export const NO_CONTEXT_MANAGER_MESSAGE =
  'Spans were not captured for this case: no OpenTelemetry context manager is registered, so spans ' +
  "cannot be traced back to their case. Call setupSpanCapture() from 'typed-evals/otel', or register one: " +
  "context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()) from '@opentelemetry/context-async-hooks'.";

export const NOT_SAMPLED_MESSAGE =
  "Spans were not captured for this case: the tracer provider's sampler dropped the task's span, so " +
  'nothing under it is recorded. Use a sampler that records evaluation runs (e.g. the default AlwaysOnSampler).';
