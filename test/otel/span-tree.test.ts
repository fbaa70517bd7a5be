import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { SpanNode, SpanTree } from 'typed-evals/otel';
import { describe, expect, it } from 'vitest';
import { buildTree } from './trees.js';

/*
 * root
 * ├─ a            (starts 3rd)
 * │  ├─ a1
 * │  └─ a2
 * └─ b
 *    └─ b1
 * other-root
 */
const tree = buildTree([
  {
    name: 'root',
    duration: 1.5,
    children: [
      { name: 'a', children: [{ name: 'a1' }, { name: 'a2', status: 'error' }] },
      { name: 'b', children: [{ name: 'b1', attributes: { k: 'v' } }] },
    ],
  },
  { name: 'other-root', start: 100 },
]);
const names = (nodes: readonly SpanNode[]) => nodes.map((n) => n.name);
const node = (name: string) => tree.first({ nameEquals: name })!;

describe('SpanTree', () => {
  it('roots are spans whose parent is not in the tree; iteration is in start order', () => {
    expect(names(tree.roots)).toEqual(['root', 'other-root']);
    expect(names([...tree])).toEqual(['root', 'a', 'a1', 'a2', 'b', 'b1', 'other-root']);
    expect(tree.size).toBe(7);
    expect(String(tree)).toBe('<SpanTree num_roots=2 total_spans=7 />');
    expect(String(new SpanTree())).toBe('<SpanTree num_roots=0 total_spans=0 />');
  });

  it('find / first / any take a query or a function', () => {
    expect(names(tree.find({ nameMatchesRegex: 'a' }))).toEqual(['a', 'a1', 'a2']);
    expect(tree.first((n) => n.name.startsWith('b'))?.name).toBe('b');
    expect(tree.first({ nameEquals: 'missing' })).toBeUndefined();
    expect(tree.any({ hasStatus: 'error' })).toBe(true);
    expect(tree.any({ nameEquals: 'missing' })).toBe(false);
  });

  it('orders children by start time whatever order spans are added in', () => {
    const shuffled = new SpanTree([...tree].reverse().map((n) => SpanNode.fromJSON(n.toJSON())));
    expect(names([...shuffled])).toEqual(names([...tree]));
    expect(names(shuffled.first({ nameEquals: 'root' })!.children)).toEqual(['a', 'b']);
  });

  it('addSpans links spans whose parent arrives later', () => {
    const all = [...tree].map((n) => n.toJSON());
    const partial = new SpanTree(all.filter((n) => n.name !== 'a').map((n) => SpanNode.fromJSON(n)));
    expect(names(partial.roots)).toEqual(['root', 'a1', 'a2', 'other-root']);
    partial.addSpans([SpanNode.fromJSON(all.find((n) => n.name === 'a')!)]);
    expect(names(partial.roots)).toEqual(['root', 'other-root']);
    expect(names(partial.first({ nameEquals: 'a' })!.children)).toEqual(['a1', 'a2']);
    expect(partial.nodesById.size).toBe(7);
  });

  it('round-trips through JSON', () => {
    const copy = SpanTree.fromJSON(JSON.parse(JSON.stringify(tree)));
    expect(copy.reprXml({ includeSpanId: true, includeDuration: true })).toBe(
      tree.reprXml({ includeSpanId: true, includeDuration: true }),
    );
    expect(copy.first({ nameEquals: 'b1' })!.attributes).toEqual({ k: 'v' });
    expect(copy.first({ nameEquals: 'a2' })!.status).toBe('error');
    expect(() => SpanTree.fromJSON({} as never)).toThrow('SpanTree.fromJSON expects { spans: [...] }');
  });

  it('reprXml prints the outline like pydantic-evals', () => {
    expect(new SpanTree().reprXml()).toBe('<SpanTree />');
    expect(tree.reprXml()).toBe(
      [
        '<SpanTree>',
        "  <SpanNode name='root' >",
        "    <SpanNode name='a' >",
        "      <SpanNode name='a1' />",
        "      <SpanNode name='a2' />",
        '    </SpanNode>',
        "    <SpanNode name='b' >",
        "      <SpanNode name='b1' />",
        '    </SpanNode>',
        '  </SpanNode>',
        "  <SpanNode name='other-root' />",
        '</SpanTree>',
      ].join('\n'),
    );
    expect(node('root').reprXml({ includeChildren: false })).toBe("<SpanNode name='root' children=... />");
    expect(
      node('a1').reprXml({
        includeDuration: true,
        includeSpanId: true,
        includeTraceId: true,
        includeStartTimestamp: true,
      }),
    ).toBe(
      `<SpanNode name='a1' trace_id='${'t'.padStart(32, '0')}' span_id='${node('a1').spanId}' ` +
        `start_timestamp='${node('a1').startTimestamp.toISOString()}' duration='0:00:00.010000' />`,
    );
    expect(node('root').reprXml({ includeChildren: false, includeDuration: true })).toBe(
      "<SpanNode name='root' duration='0:00:01.500000' children=... />",
    );
    expect(String(node('a'))).toBe(`<SpanNode name='a' span_id='${node('a').spanId}'>...</SpanNode>`);
    expect(String(node('a1'))).toBe(`<SpanNode name='a1' span_id='${node('a1').spanId}' />`);
  });
});

describe('SpanNode navigation', () => {
  it('children, parent, descendants (pre-order, start order), ancestors (nearest first), depth, duration', () => {
    expect(names(node('root').children)).toEqual(['a', 'b']);
    expect(node('a1').parent?.name).toBe('a');
    expect(node('root').parent).toBeUndefined();
    expect(names(node('root').descendants)).toEqual(['a', 'a1', 'a2', 'b', 'b1']);
    expect(names(node('b1').ancestors)).toEqual(['b', 'root']);
    expect(node('b1').depth).toBe(2);
    expect(node('root').duration).toBeCloseTo(1.5, 9);
    expect(node('root').startTimestamp).toBeInstanceOf(Date);
    expect(node('a').nodeKey).toBe(`${node('a').traceId}:${node('a').spanId}`);
  });

  it('findChildren / firstChild / anyChild', () => {
    expect(names(node('root').findChildren({ nameContains: '' }))).toEqual(['a', 'b']);
    expect(node('root').firstChild({ nameEquals: 'b' })?.name).toBe('b');
    expect(node('root').anyChild({ nameEquals: 'a1' })).toBe(false);
  });

  it('findDescendants / firstDescendant / anyDescendant, with stopRecursingWhen', () => {
    expect(names(node('root').findDescendants({ maxChildCount: 0 }))).toEqual(['a1', 'a2', 'b1']);
    expect(names(node('root').findDescendants({ maxChildCount: 0 }, { nameEquals: 'a' }))).toEqual(['b1']);
    expect(node('root').firstDescendant({ hasStatus: 'error' })?.name).toBe('a2');
    expect(node('root').anyDescendant({ nameEquals: 'b1' }, { nameEquals: 'b' })).toBe(false);
    expect(node('root').anyDescendant({ nameEquals: 'b' }, { nameEquals: 'b' })).toBe(true);
  });

  it('findAncestors / firstAncestor / anyAncestor, with stopRecursingWhen', () => {
    expect(names(node('a2').findAncestors(() => true))).toEqual(['a', 'root']);
    expect(names(node('a2').findAncestors(() => true, { nameEquals: 'a' }))).toEqual(['a']);
    expect(node('a2').firstAncestor({ maxDepth: 0 })?.name).toBe('root');
    expect(node('a2').anyAncestor({ nameEquals: 'root' }, { nameEquals: 'a' })).toBe(false);
  });

  it('matches takes a query or a predicate', () => {
    expect(node('b1').matches({ hasAttributes: { k: 'v' } })).toBe(true);
    expect(node('b1').matches((n) => n.depth === 1)).toBe(false);
  });

  it('a parent cycle in malformed data does not hang the walks', () => {
    const looped = new SpanTree([
      new SpanNode({
        name: 'x',
        traceId: 't',
        spanId: '1',
        parentSpanId: '2',
        startTime: 1,
        endTime: 2,
        attributes: {},
        status: 'unset',
      }),
      new SpanNode({
        name: 'y',
        traceId: 't',
        spanId: '2',
        parentSpanId: '1',
        startTime: 2,
        endTime: 3,
        attributes: {},
        status: 'unset',
      }),
    ]);
    expect(looped.roots.length).toBe(1);
    expect(
      looped.first({ nameEquals: 'x' })!.ancestors.length +
        looped.first({ nameEquals: 'y' })!.ancestors.length,
    ).toBe(1);
  });
});

describe('SpanTree from SDK spans', () => {
  it('addReadableSpans / fromReadableSpans keep names, ids, parents, attributes, status and times', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer('test');
    const outer = tracer.startSpan('outer', { attributes: { n: 1, list: ['a', 'b'] } });
    const inner = tracer.startSpan('inner', {}, trace.setSpan(ROOT_CONTEXT, outer));
    inner.setStatus({ code: 2, message: 'bad' });
    inner.end();
    outer.end();
    const tree = SpanTree.fromReadableSpans(exporter.getFinishedSpans());
    expect(names(tree.roots)).toEqual(['outer']);
    const innerNode = tree.first({ nameEquals: 'inner' })!;
    expect(innerNode.parent?.name).toBe('outer');
    expect(innerNode.status).toBe('error');
    expect(innerNode.traceId).toBe(outer.spanContext().traceId);
    expect(tree.roots[0]!.attributes).toEqual({ n: 1, list: ['a', 'b'] });
    expect(tree.roots[0]!.duration).toBeGreaterThanOrEqual(0);
    const added = new SpanTree();
    added.addReadableSpans(exporter.getFinishedSpans());
    expect(added.size).toBe(2);
  });
});
