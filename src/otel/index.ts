/**
 * @module
 * typed-evals/otel: OpenTelemetry support. Span capture for span-based evaluators (`ctx.spanTree`),
 * the SpanTree / SpanNode / SpanQuery API to inspect captured spans, and the span-based evaluators.
 * Experiments emit their own spans whenever a tracer provider is registered (see docs/otel.md).
 */

export { SpanTreeRecordingError } from '../errors.js';
export { spanCaptureProcessor } from './capture.js';
export * from './evaluators/index.js';
export { extractToolCalls, type ToolCall } from './evaluators/tool-calls.js';
export { extractGenAiMetrics, isModelRequestSpan } from './metrics.js';
export { type SpanCaptureHandle, type SpanCaptureOptions, setupSpanCapture } from './setup.js';
export {
  type AttributeValue,
  type ReprXmlOptions,
  type SpanMatcher,
  SpanNode,
  type SpanNodeJSON,
  type SpanStatus,
} from './span-node.js';
export { type SpanPredicate, type SpanQuery, SpanQueryError } from './span-query.js';
export { spanQueryFromSnakeCase, spanQueryToSnakeCase } from './span-query-snake.js';
export { SpanTree, type SpanTreeJSON } from './span-tree.js';
