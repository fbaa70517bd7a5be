import { context, createContextKey, ProxyTracerProvider, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { tracerProviderMaybeRegistered } from './detect.js';

const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();
const PROBE_KEY = createContextKey('typed-evals.context-probe');

/** True when a real (not no-op) tracer provider is registered globally. */
export function isTracerProviderRegistered(): boolean {
  if (!tracerProviderMaybeRegistered()) return false;
  const provider = trace.getTracerProvider() as { getDelegate?: () => unknown };
  // Duck-typed rather than instanceof: the provider may come from another copy of @opentelemetry/api.
  const delegate = typeof provider.getDelegate === 'function' ? provider.getDelegate() : provider;
  return delegate !== NOOP_PROVIDER && (delegate as object)?.constructor?.name !== 'NoopTracerProvider';
}

/** True when a context manager carries context through `context.with` (the no-op one does not). */
export function contextManagerWorks(): boolean {
  return context.with(
    ROOT_CONTEXT.setValue(PROBE_KEY, true),
    () => context.active().getValue(PROBE_KEY) === true,
  );
}
