import { type AttributeValue, SpanNode, type SpanStatus, SpanTree } from 'typed-evals/otel';
import { CaseEvaluatorContext } from '../../src/evaluators/context.js';

/** A span to build by hand: children nest; times default to one millisecond apart, in definition order. */
export interface SpanDef {
  name: string;
  attributes?: Record<string, AttributeValue>;
  status?: SpanStatus;
  /** Start, in ms after the tree's first span. */
  start?: number;
  /** Seconds. @default 0.01 */
  duration?: number;
  children?: SpanDef[];
}

const EPOCH = 1_700_000_000_000;

/** A SpanTree from nested definitions (one trace; span ids in definition order: s1, s2...). */
export function buildTree(defs: SpanDef[]): SpanTree {
  const nodes: SpanNode[] = [];
  let next = 0;
  const visit = (def: SpanDef, parentSpanId: string | undefined) => {
    const index = next++;
    const spanId = `s${index + 1}`.padStart(16, '0');
    const startTime = EPOCH + (def.start ?? index);
    nodes.push(
      new SpanNode({
        name: def.name,
        traceId: 't'.padStart(32, '0'),
        spanId,
        parentSpanId,
        startTime,
        endTime: startTime + (def.duration ?? 0.01) * 1000,
        attributes: def.attributes ?? {},
        status: def.status ?? 'unset',
      }),
    );
    for (const child of def.children ?? []) visit(child, spanId);
  };
  for (const def of defs) visit(def, undefined);
  return new SpanTree(nodes);
}

/** An evaluator context holding `spanTree` (a tree, an Error to throw, or undefined = not captured). */
export function contextWith(spanTree: unknown, metrics: Record<string, number> = {}): CaseEvaluatorContext {
  return new CaseEvaluatorContext('case', {}, undefined, undefined, 'out', 0.1, {}, metrics, spanTree);
}

/** An OpenTelemetry GenAI tool-call span. */
export function toolSpan(name: string, args?: unknown, extra: Partial<SpanDef> = {}): SpanDef {
  const attributes: Record<string, AttributeValue> = { 'gen_ai.tool.name': name };
  if (args !== undefined)
    attributes['gen_ai.tool.call.arguments'] = typeof args === 'string' ? args : JSON.stringify(args);
  return { name: `execute_tool ${name}`, ...extra, attributes: { ...attributes, ...extra.attributes } };
}
