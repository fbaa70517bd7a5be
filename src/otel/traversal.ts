import type { SpanNode } from './span-node.js';

/** A test on one node (the function form of a SpanQuery). */
export type SpanPredicate = (node: SpanNode) => boolean;

/** Pre-order walk below `root`; the children of a node matching `stop` are not visited. */
export function* walkDescendants(root: SpanNode, stop: SpanPredicate | undefined): Generator<SpanNode> {
  const stack: SpanNode[] = [];
  for (let i = root.childList.length - 1; i >= 0; i--) stack.push(root.childList[i]!);
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    if (stop?.(node)) continue;
    for (let i = node.childList.length - 1; i >= 0; i--) stack.push(node.childList[i]!);
  }
}

/** Parent, grandparent, ...; stops after an ancestor matching `stop`. */
export function* walkAncestors(node: SpanNode, stop: SpanPredicate | undefined): Generator<SpanNode> {
  for (let current = node.parent; current; current = current.parent) {
    yield current;
    if (stop?.(current)) return;
  }
}
