import { SpanTreeRecordingError } from 'typed-evals';
import {
  extractToolCalls,
  HasMatchingSpan,
  SpanQueryError,
  ToolCorrectness,
  TrajectoryMatch,
} from 'typed-evals/otel';
import { describe, expect, it } from 'vitest';
import { buildTree, contextWith, type SpanDef, toolSpan } from './trees.js';

type Reason = { value: unknown; reason?: string };
const run = (evaluator: { evaluate(ctx: never): unknown }, tree: unknown, metrics?: Record<string, number>) =>
  evaluator.evaluate(contextWith(tree, metrics) as never) as Reason;
const callsTree = (...defs: SpanDef[]) => buildTree([{ name: 'agent run', children: defs }]);
const NOT_CAPTURED = new SpanTreeRecordingError('Spans were not captured for this case: no provider.');

describe('tool-call detection', () => {
  it('recognises OTel GenAI, pydantic-ai v2/v3 and AI SDK tool spans, in start order, nested ones too', () => {
    const tree = buildTree([
      {
        name: 'agent run',
        children: [
          toolSpan('search', { q: 'a' }),
          { name: 'running tool', attributes: { 'gen_ai.tool.name': 'v2tool', tool_arguments: '{"x":1}' } },
          {
            name: 'ai.toolCall',
            attributes: { 'ai.toolCall.name': 'weather', 'ai.toolCall.args': '{"city":"Paris"}' },
          },
          {
            name: 'tool span',
            attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'semconv' },
          },
          { name: 'sub agent', children: [toolSpan('nested')] },
        ],
      },
    ]);
    const calls = extractToolCalls(tree, false);
    expect(calls.map((c) => c.name)).toEqual(['search', 'v2tool', 'weather', 'semconv', 'nested']);
    expect(calls.map((c) => c.arguments)).toEqual([
      '{"q":"a"}',
      '{"x":1}',
      '{"city":"Paris"}',
      undefined,
      undefined,
    ]);
  });

  it('ignores output functions, deferred calls and spans without a tool name', () => {
    const tree = callsTree(
      { name: 'running output function', attributes: { 'gen_ai.tool.name': 'final_result' } },
      toolSpan('final_result', undefined, {
        attributes: { 'logfire.msg': 'running output function: final_result' },
      }),
      toolSpan('approve', undefined, {
        attributes: { 'pydantic_ai.tool.deferral.name': 'ApprovalRequired' },
      }),
      { name: 'execute_tool nameless' },
      { name: 'ai.toolCall', attributes: { 'ai.toolCall.name': 7 } },
      { name: 'chat gpt', attributes: { 'gen_ai.tool.name': 'not-a-tool-span' } },
    );
    expect(extractToolCalls(tree, true)).toEqual([]);
  });

  it('leaves error-status calls out unless includeFailed', () => {
    const tree = callsTree(toolSpan('a'), toolSpan('b', undefined, { status: 'error' }));
    expect(extractToolCalls(tree, false).map((c) => c.name)).toEqual(['a']);
    expect(extractToolCalls(tree, true).map((c) => [c.name, c.failed])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });
});

describe('HasMatchingSpan', () => {
  const tree = callsTree(toolSpan('search'));
  it('is true when any span matches the query (camelCase or pydantic-evals snake_case)', () => {
    expect(
      new HasMatchingSpan({ query: { nameEquals: 'execute_tool search' } }).evaluate(contextWith(tree)),
    ).toBe(true);
    expect(
      new HasMatchingSpan({ query: { name_contains: 'search', max_child_count: 0 } }).evaluate(
        contextWith(tree),
      ),
    ).toBe(true);
    expect(new HasMatchingSpan({ query: { nameEquals: 'nope' } }).evaluate(contextWith(tree))).toBe(false);
  });

  it('throws without a span tree (an evaluator failure), with the how-to message', () => {
    const evaluator = new HasMatchingSpan({ query: { nameEquals: 'x' } });
    expect(() => evaluator.evaluate(contextWith(NOT_CAPTURED))).toThrow(NOT_CAPTURED);
    expect(() => evaluator.evaluate(contextWith(undefined))).toThrow(SpanTreeRecordingError);
  });

  it('checks the query when built, and keeps pydantic-evals spelling in its spec', () => {
    expect(() => new HasMatchingSpan({ query: { nameEqual: 'x' } })).toThrow(SpanQueryError);
    expect(() => new HasMatchingSpan({ query: { or: [], nameEquals: 'x' } })).toThrow(/Cannot combine 'or'/);
    expect(() => new HasMatchingSpan(undefined as never)).toThrow(
      /HasMatchingSpan: expects an options object/,
    );
    expect(
      new HasMatchingSpan({
        query: { nameEquals: 'a', someChildHas: { maxDepth: 1 } },
        evaluationName: 'x',
      }).toSpec(),
    ).toEqual({
      name: 'HasMatchingSpan',
      arguments: { query: { name_equals: 'a', some_child_has: { max_depth: 1 } }, evaluationName: 'x' },
    });
    expect(new HasMatchingSpan({ query: { nameEquals: 'a' }, evaluationName: 'has_a' }).evaluationName).toBe(
      'has_a',
    );
  });
});

describe('ToolCorrectness', () => {
  const tree = callsTree(
    toolSpan('search'),
    toolSpan('search'),
    toolSpan('fetch'),
    toolSpan('broken', undefined, { status: 'error' }),
  );
  it('passes when the multiset of called tools equals the expected one', () => {
    expect(run(new ToolCorrectness({ expectedTools: ['fetch', 'search', 'search'] }), tree)).toEqual({
      value: true,
      reason: undefined,
    });
  });
  it('lists missing and unexpected tools with counts, sorted by name', () => {
    expect(
      run(new ToolCorrectness({ expectedTools: ['search', 'search', 'search', 'answer'] }), tree),
    ).toEqual({
      value: false,
      reason: "missing tools: 'answer' (x1), 'search' (x1); unexpected tools: 'fetch' (x1)",
    });
  });
  it('allowExtra accepts extra calls but still needs every expected one', () => {
    expect(run(new ToolCorrectness({ expectedTools: ['search'], allowExtra: true }), tree).value).toBe(true);
    expect(run(new ToolCorrectness({ expectedTools: ['x'], allowExtra: true }), tree)).toEqual({
      value: false,
      reason: "missing tools: 'x' (x1)",
    });
  });
  it('includeFailed counts error-status calls', () => {
    expect(
      run(
        new ToolCorrectness({ expectedTools: ['search', 'search', 'fetch', 'broken'], includeFailed: true }),
        tree,
      ).value,
    ).toBe(true);
  });
  it('empty expected and no calls passes', () => {
    expect(run(new ToolCorrectness({ expectedTools: [] }), buildTree([{ name: 'x' }])).value).toBe(true);
  });
  it('fails gracefully without a span tree', () => {
    expect(run(new ToolCorrectness({ expectedTools: ['a'] }), NOT_CAPTURED)).toEqual({
      value: false,
      reason: 'No span tree available — Spans were not captured for this case: no provider.',
    });
  });
  it('checks its options and writes a short spec', () => {
    expect(() => new ToolCorrectness({ expectedTools: 'search' as never })).toThrow(
      /expectedTools must be a list/,
    );
    expect(new ToolCorrectness({ expectedTools: ['a'] }).toSpec()).toEqual({
      name: 'ToolCorrectness',
      arguments: [['a']],
    });
    expect(new ToolCorrectness({ expectedTools: ['a'], allowExtra: true }).toSpec().arguments).toEqual({
      expectedTools: ['a'],
      allowExtra: true,
    });
  });
});

describe('TrajectoryMatch', () => {
  const tree = callsTree(toolSpan('search'), toolSpan('fetch'), toolSpan('answer'));
  it('in_order: F1 of the longest common subsequence', () => {
    const r = run(new TrajectoryMatch({ expectedTrajectory: ['search', 'answer', 'fetch'] }), tree);
    expect(r.value).toBeCloseTo(2 / 3, 12);
    expect(r.reason).toBe(
      "LCS=2, precision=2/3=0.667, recall=2/3=0.667, F1=0.667 (expected: ['search', 'answer', 'fetch'], actual: ['search', 'fetch', 'answer'])",
    );
    expect(run(new TrajectoryMatch({ expectedTrajectory: ['search', 'fetch', 'answer'] }), tree).value).toBe(
      1,
    );
  });
  it('any_order: F1 of the multiset intersection', () => {
    const r = run(
      new TrajectoryMatch({
        expectedTrajectory: ['answer', 'search', 'search', 'fetch'],
        order: 'any_order',
      }),
      tree,
    );
    expect(r.value).toBeCloseTo((2 * 1 * 0.75) / 1.75, 12);
    expect(r.reason).toBe(
      "multiset overlap=3, precision=3/3=1.000, recall=3/4=0.750, F1=0.857 (expected: ['answer', 'search', 'search', 'fetch'], actual: ['search', 'fetch', 'answer'])",
    );
  });
  it('exact: 1 or 0', () => {
    expect(
      run(new TrajectoryMatch({ expectedTrajectory: ['search', 'fetch', 'answer'], order: 'exact' }), tree),
    ).toEqual({
      value: 1,
      reason: "actual trajectory matches expected: ['search', 'fetch', 'answer']",
    });
    expect(run(new TrajectoryMatch({ expectedTrajectory: ['search'], order: 'exact' }), tree)).toEqual({
      value: 0,
      reason: "actual trajectory ['search', 'fetch', 'answer'] does not equal expected ['search']",
    });
  });
  it('both empty scores 1; exactly one empty scores 0', () => {
    const empty = buildTree([{ name: 'no tools' }]);
    for (const order of ['in_order', 'any_order'] as const) {
      expect(run(new TrajectoryMatch({ expectedTrajectory: [], order }), empty)).toEqual({
        value: 1,
        reason: 'both actual and expected trajectories are empty',
      });
      expect(run(new TrajectoryMatch({ expectedTrajectory: ['a'], order }), empty).value).toBe(0);
      expect(run(new TrajectoryMatch({ expectedTrajectory: [], order }), tree).value).toBe(0);
    }
    expect(run(new TrajectoryMatch({ expectedTrajectory: [], order: 'exact' }), empty).value).toBe(1);
  });
  it('scores 0 without a span tree, and checks its options', () => {
    expect(run(new TrajectoryMatch({ expectedTrajectory: ['a'] }), NOT_CAPTURED).value).toBe(0);
    expect(() => new TrajectoryMatch({ expectedTrajectory: ['a'], order: 'loose' as never })).toThrow(
      /order must be/,
    );
  });
  it('includeFailed', () => {
    const withFailure = callsTree(toolSpan('a'), toolSpan('b', undefined, { status: 'error' }));
    expect(
      run(new TrajectoryMatch({ expectedTrajectory: ['a', 'b'], order: 'exact' }), withFailure).value,
    ).toBe(0);
    expect(
      run(
        new TrajectoryMatch({ expectedTrajectory: ['a', 'b'], order: 'exact', includeFailed: true }),
        withFailure,
      ).value,
    ).toBe(1);
  });
});
