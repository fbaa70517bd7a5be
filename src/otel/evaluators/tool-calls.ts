import {
  AI_SDK_TOOL_CALL_ARGS,
  AI_SDK_TOOL_CALL_NAME,
  AI_SDK_TOOL_CALL_SPAN,
  EXECUTE_TOOL_SPAN_PREFIX,
  GEN_AI_OPERATION_NAME,
  GEN_AI_TOOL_CALL_ARGUMENTS,
  GEN_AI_TOOL_NAME,
  LOGFIRE_MSG,
  OPERATION_EXECUTE_TOOL,
  OUTPUT_FUNCTION_MSG_PREFIX,
  PYDANTIC_AI_DEFERRAL_NAME,
  PYDANTIC_AI_OUTPUT_FUNCTION_SPAN,
  PYDANTIC_AI_TOOL_ARGUMENTS,
  PYDANTIC_AI_TOOL_SPAN,
} from '../constants.js';
import type { SpanNode } from '../span-node.js';
import type { SpanTree } from '../span-tree.js';

/** One locally executed tool call attempt found in a span tree. */
export interface ToolCall {
  name: string;
  /** The JSON text of the arguments, or undefined when the instrumentation did not record them. */
  arguments: string | undefined;
  /** The span has an error status (the tool threw). */
  failed: boolean;
  node: SpanNode;
}

/**
 * The tool name when `node` is a tool call:
 * - OpenTelemetry GenAI conventions / pydantic-ai v3+: `execute_tool <name>` (or `gen_ai.operation.name`
 *   'execute_tool') with `gen_ai.tool.name`, unless `logfire.msg` says it ran an output function;
 * - pydantic-ai v2: `running tool` with `gen_ai.tool.name` (never `running output function`);
 * - the AI SDK's `experimental_telemetry`: `ai.toolCall` with `ai.toolCall.name`.
 * Deferred calls (`pydantic_ai.tool.deferral.name`) never ran, so they do not count.
 */
export function toolCallName(node: SpanNode): string | undefined {
  const attributes = node.attributes;
  if (node.name === AI_SDK_TOOL_CALL_SPAN) {
    const name = attributes[AI_SDK_TOOL_CALL_NAME];
    return typeof name === 'string' ? name : undefined;
  }
  const name = attributes[GEN_AI_TOOL_NAME];
  if (typeof name !== 'string' || attributes[PYDANTIC_AI_DEFERRAL_NAME] !== undefined) return undefined;
  if (node.name === PYDANTIC_AI_OUTPUT_FUNCTION_SPAN) return undefined;
  if (node.name === PYDANTIC_AI_TOOL_SPAN) return name;
  const isExecuteTool =
    node.name.startsWith(EXECUTE_TOOL_SPAN_PREFIX) ||
    attributes[GEN_AI_OPERATION_NAME] === OPERATION_EXECUTE_TOOL;
  if (!isExecuteTool) return undefined;
  const message = attributes[LOGFIRE_MSG];
  return typeof message === 'string' && message.startsWith(OUTPUT_FUNCTION_MSG_PREFIX) ? undefined : name;
}

function toolArguments(node: SpanNode): string | undefined {
  const attributes = node.attributes;
  const value =
    attributes[GEN_AI_TOOL_CALL_ARGUMENTS] ??
    attributes[PYDANTIC_AI_TOOL_ARGUMENTS] ??
    attributes[AI_SDK_TOOL_CALL_ARGS];
  return typeof value === 'string' ? value : undefined;
}

/** Tool calls in start-time order, nested (sub-agent) calls included; failed ones only with `includeFailed`. */
export function extractToolCalls(tree: SpanTree, includeFailed: boolean): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const node of tree) {
    const name = toolCallName(node);
    if (name === undefined) continue;
    const failed = node.status === 'error';
    if (failed && !includeFailed) continue;
    calls.push({ name, arguments: toolArguments(node), failed, node });
  }
  return calls;
}
