import {
  type SpanQuery,
  SpanQueryError,
  spanQueryFromSnakeCase,
  spanQueryToSnakeCase,
} from 'typed-evals/otel';
import { describe, expect, it } from 'vitest';
import { buildTree } from './trees.js';

/*
 * agent (2s, ok)                 depth 0
 * ├─ chat a (0.5s)               depth 1
 * ├─ execute_tool search (error) depth 1
 * │  └─ http GET                 depth 2
 * │     └─ dns                   depth 3
 * └─ chat b (0.3s)               depth 1
 * orphan                         depth 0 (a second root)
 */
const tree = buildTree([
  {
    name: 'agent',
    duration: 2,
    status: 'ok',
    attributes: {
      model: 'gpt',
      tags: '["a","b"]',
      config: '{"t":1,"k":[2]}',
      list: ['x', 'y'],
      count: 42,
      str42: '42',
    },
    children: [
      { name: 'chat a', duration: 0.5, attributes: { 'gen_ai.operation.name': 'chat' } },
      {
        name: 'execute_tool search',
        status: 'error',
        duration: 0.1,
        children: [{ name: 'http GET', duration: 0.05, children: [{ name: 'dns', duration: 0.001 }] }],
      },
      { name: 'chat b', duration: 0.3, attributes: { 'gen_ai.operation.name': 'chat' } },
    ],
  },
  { name: 'orphan', duration: 0 },
]);
const find = (query: SpanQuery) => tree.find(query).map((n) => n.name);
const ALL = ['agent', 'chat a', 'execute_tool search', 'http GET', 'dns', 'chat b', 'orphan'];

describe('SpanQuery: name conditions', () => {
  it('nameEquals', () => {
    expect(find({ nameEquals: 'chat a' })).toEqual(['chat a']);
    expect(find({ nameEquals: 'chat' })).toEqual([]);
  });
  it('nameContains', () => {
    expect(find({ nameContains: 'chat' })).toEqual(['chat a', 'chat b']);
    expect(find({ nameContains: 'zzz' })).toEqual([]);
  });
  it('nameMatchesRegex is anchored at the start like re.match, not at the end', () => {
    expect(find({ nameMatchesRegex: 'chat' })).toEqual(['chat a', 'chat b']);
    expect(find({ nameMatchesRegex: 'a' })).toEqual(['agent']);
    expect(find({ nameMatchesRegex: 'GET' })).toEqual([]);
    expect(find({ nameMatchesRegex: 'http|dns' })).toEqual(['http GET', 'dns']);
    expect(find({ nameMatchesRegex: '(?P<kind>chat) (?P=kind)?b' })).toEqual(['chat b']);
    expect(find({ nameMatchesRegex: '(?i)HTTP' })).toEqual(['http GET']);
  });
  it("'' is honoured (unlike pydantic-evals, where a falsy value is skipped)", () => {
    expect(find({ nameEquals: '' })).toEqual([]);
    expect(find({ nameContains: '' })).toEqual(ALL);
  });
});

describe('SpanQuery: attribute conditions', () => {
  it('hasAttributes compares values', () => {
    expect(find({ hasAttributes: { model: 'gpt', count: 42 } })).toEqual(['agent']);
    expect(find({ hasAttributes: { model: 'other' } })).toEqual([]);
  });
  it('hasAttributes: an object or list matches an attribute holding its JSON text; a list matches a list', () => {
    expect(find({ hasAttributes: { tags: ['a', 'b'] } })).toEqual(['agent']);
    expect(find({ hasAttributes: { config: { k: [2], t: 1 } } })).toEqual(['agent']);
    expect(find({ hasAttributes: { list: ['x', 'y'] } })).toEqual(['agent']);
    expect(find({ hasAttributes: { list: ['y', 'x'] } })).toEqual([]);
  });
  it("hasAttributes: a stored '42' does not match 42, nor 42 match '42'", () => {
    expect(find({ hasAttributes: { str42: 42 } })).toEqual([]);
    expect(find({ hasAttributes: { count: '42' } })).toEqual([]);
  });
  it('hasAttributes: {} matches every span', () => {
    expect(find({ hasAttributes: {} })).toEqual(ALL);
  });
  it('hasAttributeKeys', () => {
    expect(find({ hasAttributeKeys: ['gen_ai.operation.name'] })).toEqual(['chat a', 'chat b']);
    expect(find({ hasAttributeKeys: ['model', 'missing'] })).toEqual([]);
  });
  it('hasStatus', () => {
    expect(find({ hasStatus: 'error' })).toEqual(['execute_tool search']);
    expect(find({ hasStatus: 'ok' })).toEqual(['agent']);
    expect(find({ hasStatus: 'unset' })).toEqual(['chat a', 'http GET', 'dns', 'chat b', 'orphan']);
  });
});

describe('SpanQuery: durations (seconds, inclusive)', () => {
  it('minDuration', () => {
    expect(find({ minDuration: 0.3 })).toEqual(['agent', 'chat a', 'chat b']);
    expect(find({ minDuration: 0 })).toEqual(ALL);
  });
  it('maxDuration', () => {
    expect(find({ maxDuration: 0.05 })).toEqual(['http GET', 'dns', 'orphan']);
    expect(find({ maxDuration: 0 })).toEqual(['orphan']);
  });
});

describe('SpanQuery: children', () => {
  it('minChildCount / maxChildCount, 0 honoured', () => {
    expect(find({ minChildCount: 3 })).toEqual(['agent']);
    expect(find({ minChildCount: 1, maxChildCount: 1 })).toEqual(['execute_tool search', 'http GET']);
    expect(find({ maxChildCount: 0 })).toEqual(['chat a', 'dns', 'chat b', 'orphan']);
  });
  it('someChildHas', () => {
    expect(find({ someChildHas: { nameEquals: 'dns' } })).toEqual(['http GET']);
  });
  it('allChildrenHave is vacuously true without children', () => {
    expect(find({ allChildrenHave: { nameContains: 'chat' } })).toEqual([
      'chat a',
      'dns',
      'chat b',
      'orphan',
    ]);
    expect(find({ minChildCount: 1, allChildrenHave: { maxDuration: 1 } })).toEqual([
      'agent',
      'execute_tool search',
      'http GET',
    ]);
  });
  it('noChildHas', () => {
    expect(find({ minChildCount: 1, noChildHas: { hasStatus: 'error' } })).toEqual([
      'execute_tool search',
      'http GET',
    ]);
  });
});

describe('SpanQuery: descendants', () => {
  it('minDescendantCount / maxDescendantCount (0 honoured)', () => {
    expect(find({ minDescendantCount: 2 })).toEqual(['agent', 'execute_tool search']);
    expect(find({ maxDescendantCount: 0 })).toEqual(['chat a', 'dns', 'chat b', 'orphan']);
  });
  it('someDescendantHas', () => {
    expect(find({ someDescendantHas: { nameEquals: 'dns' } })).toEqual([
      'agent',
      'execute_tool search',
      'http GET',
    ]);
  });
  it('allDescendantsHave', () => {
    expect(find({ minDescendantCount: 1, allDescendantsHave: { maxDuration: 0.1 } })).toEqual([
      'execute_tool search',
      'http GET',
    ]);
  });
  it('noDescendantHas', () => {
    expect(find({ minDescendantCount: 1, noDescendantHas: { hasStatus: 'error' } })).toEqual([
      'execute_tool search',
      'http GET',
    ]);
  });
});

describe('SpanQuery: ancestors and depth', () => {
  it('minDepth / maxDepth (roots are 0, and 0 is honoured)', () => {
    expect(find({ minDepth: 2 })).toEqual(['http GET', 'dns']);
    expect(find({ maxDepth: 0 })).toEqual(['agent', 'orphan']);
    expect(find({ minDepth: 1, maxDepth: 1 })).toEqual(['chat a', 'execute_tool search', 'chat b']);
  });
  it('someAncestorHas', () => {
    expect(find({ someAncestorHas: { hasStatus: 'error' } })).toEqual(['http GET', 'dns']);
  });
  it('allAncestorsHave is vacuously true for roots', () => {
    expect(find({ allAncestorsHave: { nameEquals: 'agent' } })).toEqual([
      'agent',
      'chat a',
      'execute_tool search',
      'chat b',
      'orphan',
    ]);
  });
  it('noAncestorHas', () => {
    expect(find({ minDepth: 1, noAncestorHas: { hasStatus: 'error' } })).toEqual([
      'chat a',
      'execute_tool search',
      'chat b',
    ]);
  });
});

describe('SpanQuery: stopRecursingWhen', () => {
  it('prunes below a matching node for descendant conditions; the matching node still counts', () => {
    const atTool = { nameMatchesRegex: 'execute_tool' };
    expect(find({ nameEquals: 'agent', someDescendantHas: { nameEquals: 'dns' } })).toEqual(['agent']);
    expect(
      find({ nameEquals: 'agent', someDescendantHas: { nameEquals: 'dns' }, stopRecursingWhen: atTool }),
    ).toEqual([]);
    expect(
      find({ nameEquals: 'agent', someDescendantHas: { hasStatus: 'error' }, stopRecursingWhen: atTool }),
    ).toEqual(['agent']);
    expect(
      find({ nameEquals: 'agent', noDescendantHas: { nameEquals: 'http GET' }, stopRecursingWhen: atTool }),
    ).toEqual(['agent']);
  });
  it('does not prune the descendant counts', () => {
    expect(
      find({ nameEquals: 'agent', minDescendantCount: 5, stopRecursingWhen: { nameContains: 'execute' } }),
    ).toEqual(['agent']);
  });
  it('stops the walk up at a matching ancestor (which still counts)', () => {
    const stopAtTool = { nameContains: 'execute_tool' };
    expect(find({ nameEquals: 'dns', someAncestorHas: { nameEquals: 'agent' } })).toEqual(['dns']);
    expect(
      find({ nameEquals: 'dns', someAncestorHas: { nameEquals: 'agent' }, stopRecursingWhen: stopAtTool }),
    ).toEqual([]);
    expect(
      find({ nameEquals: 'dns', someAncestorHas: { hasStatus: 'error' }, stopRecursingWhen: stopAtTool }),
    ).toEqual(['dns']);
    expect(find({ nameEquals: 'dns', minDepth: 3, stopRecursingWhen: stopAtTool })).toEqual(['dns']);
  });
  it('applies to SpanNode.findDescendants / findAncestors too', () => {
    const agent = tree.first({ nameEquals: 'agent' })!;
    expect(agent.findDescendants(() => true, { nameContains: 'execute' }).map((n) => n.name)).toEqual([
      'chat a',
      'execute_tool search',
      'chat b',
    ]);
    const dns = tree.first({ nameEquals: 'dns' })!;
    expect(dns.findAncestors(() => true, { hasStatus: 'error' }).map((n) => n.name)).toEqual([
      'http GET',
      'execute_tool search',
    ]);
  });
});

describe('SpanQuery: logical combinations', () => {
  it('conditions at one level are ANDed', () => {
    expect(find({ nameContains: 'chat', minDuration: 0.4 })).toEqual(['chat a']);
  });
  it('and', () => {
    expect(find({ and: [{ nameContains: 'chat' }, { maxDuration: 0.3 }] })).toEqual(['chat b']);
    expect(find({ and: [] })).toEqual(ALL);
  });
  it('or', () => {
    expect(find({ or: [{ nameEquals: 'dns' }, { hasStatus: 'ok' }] })).toEqual(['agent', 'dns']);
    expect(find({ or: [] })).toEqual([]);
  });
  it('not', () => {
    expect(find({ not: { nameContains: 'chat' }, maxDepth: 1, minDepth: 1 })).toEqual([
      'execute_tool search',
    ]);
  });
  it('nest', () => {
    const query: SpanQuery = {
      and: [{ or: [{ nameContains: 'chat' }, { nameEquals: 'dns' }] }, { not: { nameEquals: 'chat b' } }],
    };
    expect(find(query)).toEqual(['chat a', 'dns']);
  });
  it("'or' must be alone at its level", () => {
    expect(() => find({ or: [{ nameEquals: 'dns' }], maxDepth: 3 })).toThrow(
      "Cannot combine 'or' conditions with other conditions at the same level",
    );
    expect(() => find({ and: [{ or: [{ nameEquals: 'x' }], nameContains: 'y' }] })).toThrow(SpanQueryError);
    // A key left undefined does not count.
    expect(find({ or: [{ nameEquals: 'dns' }], maxDepth: undefined })).toEqual(['dns']);
  });
});

describe('SpanQuery: validation', () => {
  it('names an unknown key, with a hint for snake_case keys', () => {
    expect(() => find({ nameEqual: 'x' } as SpanQuery)).toThrow(/unknown key 'nameEqual'/);
    expect(() => find({ name_equals: 'x' } as SpanQuery)).toThrow(/use 'nameEquals'.*spanQueryFromSnakeCase/);
  });
  it('names a value of the wrong type with its path', () => {
    expect(() => find({ someChildHas: { maxChildCount: -1 } })).toThrow(
      'SpanQuery.someChildHas.maxChildCount must be an integer >= 0, got -1 (number)',
    );
    expect(() => find({ hasStatus: 'failed' as never })).toThrow(
      /hasStatus must be 'unset', 'ok' or 'error'/,
    );
    expect(() => find({ nameMatchesRegex: '(' })).toThrow(/invalid regular expression/);
    expect(() => find({ and: {} as never })).toThrow(/and must be a list of queries/);
  });
});

describe('spanQueryFromSnakeCase / spanQueryToSnakeCase', () => {
  it('converts every key of pydantic-evals, recursively, and ISO durations to seconds', () => {
    const snake = {
      or_: [
        { name_equals: 'a', has_attributes: { some_key: 1 }, has_attribute_keys: ['k'], has_status: 'ok' },
        {
          not_: { name_contains: 'b' },
          and_: [{ name_matches_regex: 'c' }],
          min_duration: 'PT1.5S',
          max_duration: 2,
          min_child_count: 0,
          max_child_count: 1,
          some_child_has: { name_equals: 'x' },
          all_children_have: { name_equals: 'y' },
          no_child_has: { name_equals: 'z' },
          stop_recursing_when: { name_equals: 's' },
          min_descendant_count: 1,
          max_descendant_count: 2,
          some_descendant_has: { name_equals: 'd' },
          all_descendants_have: { name_equals: 'e' },
          no_descendant_has: { name_equals: 'f' },
          min_depth: 0,
          max_depth: 3,
          some_ancestor_has: { name_equals: 'g' },
          all_ancestors_have: { name_equals: 'h' },
          no_ancestor_has: { name_equals: 'i' },
        },
      ],
    };
    const camel = spanQueryFromSnakeCase(snake);
    expect(camel).toEqual({
      or: [
        { nameEquals: 'a', hasAttributes: { some_key: 1 }, hasAttributeKeys: ['k'], hasStatus: 'ok' },
        {
          not: { nameContains: 'b' },
          and: [{ nameMatchesRegex: 'c' }],
          minDuration: 1.5,
          maxDuration: 2,
          minChildCount: 0,
          maxChildCount: 1,
          someChildHas: { nameEquals: 'x' },
          allChildrenHave: { nameEquals: 'y' },
          noChildHas: { nameEquals: 'z' },
          stopRecursingWhen: { nameEquals: 's' },
          minDescendantCount: 1,
          maxDescendantCount: 2,
          someDescendantHas: { nameEquals: 'd' },
          allDescendantsHave: { nameEquals: 'e' },
          noDescendantHas: { nameEquals: 'f' },
          minDepth: 0,
          maxDepth: 3,
          someAncestorHas: { nameEquals: 'g' },
          allAncestorsHave: { nameEquals: 'h' },
          noAncestorHas: { nameEquals: 'i' },
        },
      ],
    });
    // Attribute names inside hasAttributes are data, never renamed; the way back gives the same file form.
    expect(spanQueryToSnakeCase(camel)).toEqual({
      ...snake,
      or_: [snake.or_[0], { ...snake.or_[1], min_duration: 1.5 }],
    });
    expect(find(spanQueryFromSnakeCase({ name_equals: 'dns', max_child_count: 0 }))).toEqual(['dns']);
  });
  it('leaves camelCase keys as they are', () => {
    expect(spanQueryFromSnakeCase({ nameEquals: 'a', some_child_has: { maxDepth: 1 } })).toEqual({
      nameEquals: 'a',
      someChildHas: { maxDepth: 1 },
    });
  });
});
