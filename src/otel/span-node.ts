import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { reprString } from '../util/repr.js';
import { compileQuery, type SpanPredicate, type SpanQuery } from './span-query.js';
import { walkAncestors, walkDescendants } from './traversal.js';

/** A span attribute value (what OpenTelemetry allows). */
export type AttributeValue =
  | string
  | number
  | boolean
  | (string | null | undefined)[]
  | (number | null | undefined)[]
  | (boolean | null | undefined)[];

export type SpanStatus = 'unset' | 'ok' | 'error';

/** The plain-data form of a SpanNode (what `toJSON` writes). Times are milliseconds since the epoch. */
export interface SpanNodeJSON {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  startTime: number;
  endTime: number;
  attributes: Record<string, AttributeValue>;
  status: SpanStatus;
}

export interface ReprXmlOptions {
  /** @default true */
  includeChildren?: boolean;
  includeTraceId?: boolean;
  includeSpanId?: boolean;
  includeStartTimestamp?: boolean;
  includeDuration?: boolean;
}

/** A query object or a function of the node. */
export type SpanMatcher = SpanQuery | SpanPredicate;

const STATUS_BY_CODE: readonly SpanStatus[] = ['unset', 'ok', 'error'];

/**
 * One finished span in a SpanTree, linked to its parent and children. Children are in start-time
 * order; `descendants` is a depth-first pre-order walk in that order; `ancestors` are nearest first.
 */
export class SpanNode {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  /** Milliseconds since the epoch (fractional). */
  readonly startTime: number;
  readonly endTime: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly status: SpanStatus;
  /** Set by the tree that holds the node. */
  parent: SpanNode | undefined = undefined;
  /** @internal the tree keeps this list sorted by start time. */
  readonly childList: SpanNode[] = [];

  constructor(data: SpanNodeJSON) {
    this.name = data.name;
    this.traceId = data.traceId;
    this.spanId = data.spanId;
    this.parentSpanId = data.parentSpanId || undefined;
    this.startTime = data.startTime;
    this.endTime = data.endTime;
    this.attributes = data.attributes;
    this.status = data.status;
  }

  /** A node from an OpenTelemetry SDK span (attributes are copied). */
  static fromReadableSpan(span: ReadableSpan): SpanNode {
    const context = span.spanContext();
    return new SpanNode({
      name: span.name,
      traceId: context.traceId,
      spanId: context.spanId,
      parentSpanId: span.parentSpanContext?.spanId,
      startTime: span.startTime[0] * 1000 + span.startTime[1] / 1e6,
      endTime: span.endTime[0] * 1000 + span.endTime[1] / 1e6,
      attributes: { ...(span.attributes as Record<string, AttributeValue>) },
      status: STATUS_BY_CODE[span.status.code] ?? 'unset',
    });
  }

  static fromJSON(data: SpanNodeJSON): SpanNode {
    return new SpanNode(data);
  }

  toJSON(): SpanNodeJSON {
    const out: SpanNodeJSON = {
      name: this.name,
      traceId: this.traceId,
      spanId: this.spanId,
      startTime: this.startTime,
      endTime: this.endTime,
      attributes: { ...this.attributes },
      status: this.status,
    };
    if (this.parentSpanId !== undefined) out.parentSpanId = this.parentSpanId;
    return out;
  }

  /** `traceId:spanId`: unique within a tree. */
  get nodeKey(): string {
    return `${this.traceId}:${this.spanId}`;
  }

  get parentNodeKey(): string | undefined {
    return this.parentSpanId === undefined ? undefined : `${this.traceId}:${this.parentSpanId}`;
  }

  get startTimestamp(): Date {
    return new Date(this.startTime);
  }

  get endTimestamp(): Date {
    return new Date(this.endTime);
  }

  /** Seconds. */
  get duration(): number {
    return (this.endTime - this.startTime) / 1000;
  }

  get children(): readonly SpanNode[] {
    return this.childList;
  }

  get descendants(): SpanNode[] {
    return [...walkDescendants(this, undefined)];
  }

  /** Nearest first. */
  get ancestors(): SpanNode[] {
    return [...walkAncestors(this, undefined)];
  }

  /** Roots have depth 0. */
  get depth(): number {
    let depth = 0;
    for (let node = this.parent; node; node = node.parent) depth++;
    return depth;
  }

  matches(query: SpanMatcher): boolean {
    return toPredicate(query)(this);
  }

  findChildren(query: SpanMatcher): SpanNode[] {
    const match = toPredicate(query);
    return this.childList.filter((child) => match(child));
  }

  firstChild(query: SpanMatcher): SpanNode | undefined {
    const match = toPredicate(query);
    return this.childList.find((child) => match(child));
  }

  anyChild(query: SpanMatcher): boolean {
    return this.firstChild(query) !== undefined;
  }

  /** Depth-first, children in start order; below a node matching `stopRecursingWhen` nothing is visited. */
  findDescendants(query: SpanMatcher, stopRecursingWhen?: SpanMatcher): SpanNode[] {
    const match = toPredicate(query);
    return [...walkDescendants(this, optionalPredicate(stopRecursingWhen))].filter((node) => match(node));
  }

  firstDescendant(query: SpanMatcher, stopRecursingWhen?: SpanMatcher): SpanNode | undefined {
    const match = toPredicate(query);
    for (const node of walkDescendants(this, optionalPredicate(stopRecursingWhen)))
      if (match(node)) return node;
    return undefined;
  }

  anyDescendant(query: SpanMatcher, stopRecursingWhen?: SpanMatcher): boolean {
    return this.firstDescendant(query, stopRecursingWhen) !== undefined;
  }

  /** Nearest first; the walk stops after an ancestor matching `stopRecursingWhen`. */
  findAncestors(query: SpanMatcher, stopRecursingWhen?: SpanMatcher): SpanNode[] {
    const match = toPredicate(query);
    return [...walkAncestors(this, optionalPredicate(stopRecursingWhen))].filter((node) => match(node));
  }

  firstAncestor(query: SpanMatcher, stopRecursingWhen?: SpanMatcher): SpanNode | undefined {
    const match = toPredicate(query);
    for (const node of walkAncestors(this, optionalPredicate(stopRecursingWhen)))
      if (match(node)) return node;
    return undefined;
  }

  anyAncestor(query: SpanMatcher, stopRecursingWhen?: SpanMatcher): boolean {
    return this.firstAncestor(query, stopRecursingWhen) !== undefined;
  }

  /** An XML-like outline, as pydantic-evals prints it (`<SpanNode name='x' />`). */
  reprXml(options: ReprXmlOptions = {}): string {
    const parts = [`<SpanNode name=${reprString(this.name)}`];
    if (options.includeTraceId) parts.push(`trace_id='${this.traceId}'`);
    if (options.includeSpanId) parts.push(`span_id='${this.spanId}'`);
    if (options.includeStartTimestamp) parts.push(`start_timestamp='${this.startTimestamp.toISOString()}'`);
    if (options.includeDuration) parts.push(`duration='${formatDuration(this.duration)}'`);
    if (options.includeChildren !== false && this.childList.length > 0) {
      // `name='x' >` with a space, as pydantic-evals joins its parts.
      parts.push('>');
      const children = this.childList.map((child) => indent(child.reprXml(options)));
      return [parts.join(' '), ...children, '</SpanNode>'].join('\n');
    }
    if (this.childList.length > 0) parts.push('children=...');
    parts.push('/>');
    return parts.join(' ');
  }

  toString(): string {
    const head = `<SpanNode name=${reprString(this.name)} span_id='${this.spanId}'`;
    return this.childList.length > 0 ? `${head}>...</SpanNode>` : `${head} />`;
  }
}

export function toPredicate(query: SpanMatcher): SpanPredicate {
  return typeof query === 'function' ? query : compileQuery(query);
}

function optionalPredicate(query: SpanMatcher | undefined): SpanPredicate | undefined {
  return query === undefined ? undefined : toPredicate(query);
}

export function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** Python's `str(timedelta)`: `0:00:01.500000`, `0:00:02`. */
function formatDuration(seconds: number): string {
  const totalMicros = Math.round(seconds * 1e6);
  const micros = totalMicros % 1e6;
  const totalSeconds = Math.floor(totalMicros / 1e6);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const base = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return micros === 0 ? base : `${base}.${String(micros).padStart(6, '0')}`;
}
