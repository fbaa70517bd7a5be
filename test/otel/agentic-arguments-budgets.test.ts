import { SpanTreeRecordingError } from 'typed-evals';
import { ArgumentCorrectness, MaxModelRequests, MaxToolCalls } from 'typed-evals/otel';
import { describe, expect, it } from 'vitest';
import { buildTree, contextWith, type SpanDef, toolSpan } from './trees.js';

type Reason = { value: unknown; reason?: string };
const run = (evaluator: { evaluate(ctx: never): unknown }, tree: unknown, metrics?: Record<string, number>) =>
  evaluator.evaluate(contextWith(tree, metrics) as never) as Reason;
const callsTree = (...defs: SpanDef[]) => buildTree([{ name: 'agent run', children: defs }]);
const NOT_CAPTURED = new SpanTreeRecordingError('Spans were not captured for this case: no provider.');

describe('ArgumentCorrectness', () => {
  const tree = callsTree(
    toolSpan('search', { query: 'paris', limit: 5, filters: { lang: 'fr' } }),
    toolSpan('search', { query: 'rome', limit: 5 }),
    toolSpan('noargs'),
    toolSpan('badjson', '{not json'),
    toolSpan('listargs', [1, 2]),
  );
  const check = (options: ConstructorParameters<typeof ArgumentCorrectness>[0]) =>
    run(new ArgumentCorrectness(options), tree);
  it('subset mode: expected keys present with equal values (nested values compared whole)', () => {
    expect(check({ toolName: 'search', expectedArguments: { query: 'paris' } }).value).toBe(true);
    expect(check({ toolName: 'search', expectedArguments: { filters: { lang: 'fr' } } }).value).toBe(true);
    expect(check({ toolName: 'search', expectedArguments: { query: 'rome', extra: 1 } })).toEqual({
      value: false,
      reason:
        "Tool 'search' argument mismatch: key 'query': expected 'rome', got 'paris'; missing key 'extra'",
    });
  });
  it('exact mode also fails on extra keys', () => {
    expect(
      check({
        toolName: 'search',
        expectedArguments: { query: 'rome', limit: 5 },
        matchMode: 'exact',
        occurrence: 1,
      }).value,
    ).toBe(true);
    expect(
      check({
        toolName: 'search',
        expectedArguments: { query: 'rome' },
        matchMode: 'exact',
        occurrence: 'last',
      }),
    ).toEqual({
      value: false,
      reason: "Tool 'search' argument mismatch: unexpected key 'limit' with value 5",
    });
  });
  it('occurrence selects first, last or an index; out of range fails', () => {
    expect(
      check({ toolName: 'search', expectedArguments: { query: 'rome' }, occurrence: 'last' }).value,
    ).toBe(true);
    expect(check({ toolName: 'search', expectedArguments: { query: 'paris' }, occurrence: 0 }).value).toBe(
      true,
    );
    expect(check({ toolName: 'search', expectedArguments: {}, occurrence: 2 })).toEqual({
      value: false,
      reason: "Tool 'search' was called 2 time(s); occurrence=2 is out of range.",
    });
  });
  it('fails gracefully: never called, no arguments recorded, invalid JSON, not an object, no span tree', () => {
    expect(check({ toolName: 'other', expectedArguments: {} }).reason).toBe(
      "No calls to tool 'other' were recorded.",
    );
    expect(check({ toolName: 'noargs', expectedArguments: {} }).reason).toBe(
      "Tool 'noargs' arguments not available in span (content recording may be disabled).",
    );
    expect(check({ toolName: 'badjson', expectedArguments: {} }).reason).toMatch(
      /^Tool 'badjson' arguments could not be parsed as JSON: /,
    );
    expect(check({ toolName: 'listargs', expectedArguments: {} }).reason).toBe(
      "Tool 'listargs' arguments are not a JSON object: [1, 2]",
    );
    expect(run(new ArgumentCorrectness({ toolName: 'x', expectedArguments: {} }), NOT_CAPTURED).value).toBe(
      false,
    );
  });
  it('reads AI SDK and pydantic-ai v2 arguments; skips failed calls unless includeFailed', () => {
    const other = callsTree(
      {
        name: 'ai.toolCall',
        status: 'error',
        attributes: { 'ai.toolCall.name': 'w', 'ai.toolCall.args': '{"city":"Oslo"}' },
      },
      {
        name: 'ai.toolCall',
        attributes: { 'ai.toolCall.name': 'w', 'ai.toolCall.args': '{"city":"Paris"}' },
      },
      { name: 'running tool', attributes: { 'gen_ai.tool.name': 'v2', tool_arguments: '{"a":1}' } },
    );
    expect(
      run(new ArgumentCorrectness({ toolName: 'w', expectedArguments: { city: 'Paris' } }), other).value,
    ).toBe(true);
    expect(
      run(
        new ArgumentCorrectness({ toolName: 'w', expectedArguments: { city: 'Oslo' }, includeFailed: true }),
        other,
      ).value,
    ).toBe(true);
    expect(run(new ArgumentCorrectness({ toolName: 'v2', expectedArguments: { a: 1 } }), other).value).toBe(
      true,
    );
  });
  it('checks its options', () => {
    expect(() => new ArgumentCorrectness({ toolName: 'x', expectedArguments: {}, occurrence: -1 })).toThrow(
      /occurrence must be/,
    );
    expect(() => new ArgumentCorrectness({ toolName: '', expectedArguments: {} })).toThrow(
      /toolName must be/,
    );
    expect(() => new ArgumentCorrectness({ toolName: 'x', expectedArguments: [] as never })).toThrow(
      /expectedArguments must be/,
    );
    expect(new ArgumentCorrectness({ toolName: 'x', expectedArguments: { a: 1 } }).toSpec()).toEqual({
      name: 'ArgumentCorrectness',
      arguments: { toolName: 'x', expectedArguments: { a: 1 } },
    });
  });
});

describe('MaxToolCalls', () => {
  const tree = callsTree(toolSpan('a'), toolSpan('b'), toolSpan('c', undefined, { status: 'error' }));
  it('counts tool calls (failed ones too, by default) against the budget, inclusive', () => {
    expect(run(new MaxToolCalls({ maxCalls: 3 }), tree)).toEqual({
      value: true,
      reason: '3 tool call(s), budget=3',
    });
    expect(run(new MaxToolCalls({ maxCalls: 2 }), tree)).toEqual({
      value: false,
      reason: '3 tool call(s), budget=2',
    });
    expect(run(new MaxToolCalls({ maxCalls: 2, includeFailed: false }), tree)).toEqual({
      value: true,
      reason: '2 tool call(s), budget=2',
    });
    expect(run(new MaxToolCalls({ maxCalls: 0 }), buildTree([{ name: 'x' }])).value).toBe(true);
  });
  it('fails gracefully without a span tree, and checks its options', () => {
    expect(run(new MaxToolCalls({ maxCalls: 1 }), NOT_CAPTURED).value).toBe(false);
    expect(() => new MaxToolCalls({ maxCalls: 1.5 })).toThrow(
      'MaxToolCalls: maxCalls must be an integer >= 0, got 1.5',
    );
    expect(new MaxToolCalls({ maxCalls: 4 }).toSpec()).toEqual({ name: 'MaxToolCalls', arguments: [4] });
  });
});

describe('MaxModelRequests', () => {
  const tree = buildTree([
    {
      name: 'agent',
      children: [
        {
          name: 'chat gpt-4o',
          attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.operation.name': 'chat' },
        },
        { name: 'ai.generateText.doGenerate', attributes: { 'gen_ai.request.model': 'm' } },
        { name: 'ai.generateText', attributes: { 'ai.model.id': 'm' } },
        {
          name: 'embeddings',
          attributes: { 'gen_ai.request.model': 'e', 'gen_ai.operation.name': 'embeddings' },
        },
      ],
    },
  ]);
  it('prefers the requests metric', () => {
    expect(run(new MaxModelRequests({ maxRequests: 1 }), tree, { requests: 1 })).toEqual({
      value: true,
      reason: "1 model request(s) (from ctx.metrics['requests']), budget=1",
    });
    expect(run(new MaxModelRequests({ maxRequests: 1 }), NOT_CAPTURED, { requests: 3 }).value).toBe(false);
  });
  it('else counts model-request spans (chat, AI SDK doGenerate; not embeddings or wrapper spans)', () => {
    expect(run(new MaxModelRequests({ maxRequests: 1 }), tree)).toEqual({
      value: false,
      reason: '2 model request(s) (from span tree), budget=1',
    });
  });
  it('fails gracefully with neither', () => {
    expect(run(new MaxModelRequests({ maxRequests: 1 }), NOT_CAPTURED).reason).toMatch(
      /^No span tree available — /,
    );
    expect(() => new MaxModelRequests({ maxRequests: -1 })).toThrow(/maxRequests must be an integer >= 0/);
  });
});
