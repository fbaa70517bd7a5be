import {
  AI_SDK_MODEL_CALL_SPAN,
  GEN_AI_OPERATION_NAME,
  GEN_AI_REQUEST_MODEL,
  GEN_AI_USAGE_DETAILS_PREFIX,
  GEN_AI_USAGE_PREFIX,
  MODEL_REQUEST_OPERATIONS,
  OPERATION_COST,
} from './constants.js';
import type { SpanNode } from './span-node.js';

/**
 * True for a span that is one request to a model: it has `gen_ai.request.model` and is a chat
 * (OpenTelemetry GenAI conventions, pydantic-ai) or text/content generation, or it is an AI SDK
 * `ai.<fn>.doGenerate` / `ai.<fn>.doStream` call (those carry no `gen_ai.operation.name`).
 */
export function isModelRequestSpan(node: SpanNode): boolean {
  const attributes = node.attributes;
  if (attributes[GEN_AI_REQUEST_MODEL] === undefined) return false;
  return (
    MODEL_REQUEST_OPERATIONS.has(attributes[GEN_AI_OPERATION_NAME]) || AI_SDK_MODEL_CALL_SPAN.test(node.name)
  );
}

/**
 * Metrics from the model-call spans a task emitted, as pydantic-evals extracts them: for each span
 * with `gen_ai.request.model`: `requests` +1 per model request, `operation.cost` → `cost`,
 * numeric `gen_ai.usage.details.<k>` → `<k>`, numeric `gen_ai.usage.<k>` → `<k>` (so `input_tokens`,
 * `output_tokens`). Totals of 0 are left out, as incrementing a metric by 0 does not create it.
 */
export function extractGenAiMetrics(nodes: Iterable<SpanNode>): Record<string, number> | undefined {
  let metrics: Record<string, number> | undefined;
  const add = (name: string, amount: number) => {
    metrics ??= {};
    metrics[name] = (metrics[name] ?? 0) + amount;
  };
  for (const node of nodes) {
    if (node.attributes[GEN_AI_REQUEST_MODEL] === undefined) continue;
    if (isModelRequestSpan(node)) add('requests', 1);
    for (const key in node.attributes) {
      const value = node.attributes[key];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      if (key === OPERATION_COST) add('cost', value);
      else if (key.startsWith(GEN_AI_USAGE_DETAILS_PREFIX))
        add(key.slice(GEN_AI_USAGE_DETAILS_PREFIX.length), value);
      else if (key.startsWith(GEN_AI_USAGE_PREFIX)) add(key.slice(GEN_AI_USAGE_PREFIX.length), value);
    }
  }
  if (metrics) for (const name in metrics) if (metrics[name] === 0) delete metrics[name];
  return metrics;
}
