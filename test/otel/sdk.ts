import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** Helpers to read spans an InMemorySpanExporter collected. */
export function named(spans: readonly ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((s) => s.name === name);
}

export function one(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = named(spans, name);
  if (found.length !== 1) throw new Error(`expected one '${name}' span, found ${found.length}`);
  return found[0]!;
}

export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

export function idOf(span: ReadableSpan): string {
  return span.spanContext().spanId;
}

/** An attribute holding JSON text, parsed. */
export function jsonAttr(span: ReadableSpan, key: string): unknown {
  const value = span.attributes[key];
  if (typeof value !== 'string')
    throw new Error(`attribute ${key} of '${span.name}' is not JSON text: ${String(value)}`);
  return JSON.parse(value);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
