import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  indent,
  type ReprXmlOptions,
  type SpanMatcher,
  SpanNode,
  type SpanNodeJSON,
  toPredicate,
} from './span-node.js';

/** The plain-data form of a SpanTree: its spans in start-time order. */
export interface SpanTreeJSON {
  spans: SpanNodeJSON[];
}

/**
 * The spans a task emitted, as a forest: a span whose parent is not in the tree is a root. Iterating
 * a tree (and `find` / `first` / `any`) visits every node in start-time order.
 */
export class SpanTree implements Iterable<SpanNode> {
  #nodes: SpanNode[] = [];
  #byKey = new Map<string, SpanNode>();
  #roots: SpanNode[] = [];

  constructor(nodes: Iterable<SpanNode> = []) {
    this.addSpans(nodes);
  }

  /** A tree of OpenTelemetry SDK spans (e.g. from an InMemorySpanExporter). */
  static fromReadableSpans(spans: Iterable<ReadableSpan>): SpanTree {
    const tree = new SpanTree();
    tree.addReadableSpans(spans);
    return tree;
  }

  /** Rebuilds a tree saved with `toJSON()`. */
  static fromJSON(data: SpanTreeJSON): SpanTree {
    if (typeof data !== 'object' || data === null || !Array.isArray(data.spans)) {
      throw new TypeError('SpanTree.fromJSON expects { spans: [...] } as written by SpanTree.toJSON()');
    }
    return new SpanTree(data.spans.map((span) => SpanNode.fromJSON(span)));
  }

  toJSON(): SpanTreeJSON {
    return { spans: this.#nodes.map((node) => node.toJSON()) };
  }

  get roots(): readonly SpanNode[] {
    return this.#roots;
  }

  /** Nodes by `traceId:spanId`, in start-time order. */
  get nodesById(): ReadonlyMap<string, SpanNode> {
    return this.#byKey;
  }

  get size(): number {
    return this.#nodes.length;
  }

  /** Adds nodes (a node with the key of one already held replaces it) and relinks the tree. */
  addSpans(nodes: Iterable<SpanNode>): void {
    for (const node of nodes) this.#byKey.set(node.nodeKey, node);
    if (this.#byKey.size > 0) this.#rebuild();
  }

  addReadableSpans(spans: Iterable<ReadableSpan>): void {
    const nodes: SpanNode[] = [];
    for (const span of spans) nodes.push(SpanNode.fromReadableSpan(span));
    this.addSpans(nodes);
  }

  [Symbol.iterator](): Iterator<SpanNode> {
    return this.#nodes[Symbol.iterator]();
  }

  find(query: SpanMatcher): SpanNode[] {
    const match = toPredicate(query);
    return this.#nodes.filter((node) => match(node));
  }

  first(query: SpanMatcher): SpanNode | undefined {
    const match = toPredicate(query);
    return this.#nodes.find((node) => match(node));
  }

  any(query: SpanMatcher): boolean {
    return this.first(query) !== undefined;
  }

  reprXml(options: ReprXmlOptions = {}): string {
    if (this.#roots.length === 0) return '<SpanTree />';
    return ['<SpanTree>', ...this.#roots.map((root) => indent(root.reprXml(options))), '</SpanTree>'].join(
      '\n',
    );
  }

  toString(): string {
    return `<SpanTree num_roots=${this.#roots.length} total_spans=${this.#nodes.length} />`;
  }

  #rebuild(): void {
    const nodes = [...this.#byKey.values()];
    for (const node of nodes) {
      node.childList.length = 0;
      const parentKey = node.parentNodeKey;
      const parent = parentKey === undefined ? undefined : this.#byKey.get(parentKey);
      node.parent = parent === node ? undefined : parent;
    }
    breakCycles(nodes);
    // Start times are often whole milliseconds, so ties are common: a parent goes before its children,
    // and otherwise the sort is stable (capture adds spans in the order they started).
    const depth = new Map(nodes.map((node) => [node, node.depth]));
    nodes.sort((a, b) => a.startTime - b.startTime || depth.get(a)! - depth.get(b)!);
    this.#nodes = nodes;
    this.#byKey = new Map(nodes.map((node) => [node.nodeKey, node]));
    const roots: SpanNode[] = [];
    for (const node of nodes) {
      if (node.parent) node.parent.childList.push(node);
      else roots.push(node);
    }
    this.#roots = roots;
  }
}

/** Malformed data (a span that is its own ancestor) would make walks loop forever: such a link is cut. */
function breakCycles(nodes: SpanNode[]): void {
  for (const node of nodes) {
    let steps = 0;
    for (let up = node.parent; up; up = up.parent) {
      if (++steps > nodes.length) {
        node.parent = undefined;
        break;
      }
    }
  }
}
