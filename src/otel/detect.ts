/**
 * The per-run check of whether tracing could be on, for evaluate.ts: it imports nothing, so a
 * process that never sets up OpenTelemetry never loads it. @opentelemetry/api 1.x keeps its globals
 * under this symbol, and sets `trace` only when a tracer provider is registered.
 */
const OTEL_API_GLOBAL = Symbol.for('opentelemetry.js.api.1');

export function tracerProviderMaybeRegistered(): boolean {
  const api = (globalThis as Record<symbol, { trace?: unknown } | undefined>)[OTEL_API_GLOBAL];
  return api?.trace !== undefined;
}
