import { Dataset } from 'typed-evals';
import {
  ArgumentCorrectness,
  HasMatchingSpan,
  MaxModelRequests,
  MaxToolCalls,
  ToolCorrectness,
  TrajectoryMatch,
} from 'typed-evals/otel';
import { describe, expect, it } from 'vitest';

// Passed as custom classes until the built-in registry lists them.
const evaluators = [
  HasMatchingSpan,
  ToolCorrectness,
  TrajectoryMatch,
  ArgumentCorrectness,
  MaxToolCalls,
  MaxModelRequests,
];

const YAML = `
name: agentic
cases:
  - name: c
    inputs: x
    evaluators:
      - HasMatchingSpan:
          query: { name_equals: 'execute_tool search', some_child_has: { has_status: error } }
          evaluation_name: has_search
      - ToolCorrectness: [search, fetch]
      - TrajectoryMatch: { expected_trajectory: [search], order: any_order }
      - ArgumentCorrectness: { tool_name: search, expected_arguments: { query_text: paris }, occurrence: 1 }
      - MaxToolCalls: 3
      - MaxModelRequests: { max_requests: 2, evaluation_name: budget }
`;

describe('span-based evaluators in dataset files (pydantic-evals layout)', () => {
  it('load from the short and keyword forms and write back the same file', () => {
    const dataset = Dataset.fromText(YAML, { format: 'yaml', evaluators });
    const built = dataset.cases[0]!.evaluators;
    expect(built.map((e) => e.constructor.name)).toEqual(evaluators.map((cls) => cls.name));
    expect(built.map((e) => e.evaluationName)).toEqual([
      'has_search',
      'ToolCorrectness',
      'TrajectoryMatch',
      'ArgumentCorrectness',
      'MaxToolCalls',
      'budget',
    ]);
    expect((dataset.toObject() as { cases: { evaluators: unknown[] }[] }).cases[0]!.evaluators).toEqual([
      {
        HasMatchingSpan: {
          query: { name_equals: 'execute_tool search', some_child_has: { has_status: 'error' } },
          evaluation_name: 'has_search',
        },
      },
      { ToolCorrectness: ['search', 'fetch'] },
      { TrajectoryMatch: { expected_trajectory: ['search'], order: 'any_order' } },
      {
        ArgumentCorrectness: {
          tool_name: 'search',
          expected_arguments: { query_text: 'paris' },
          occurrence: 1,
        },
      },
      { MaxToolCalls: 3 },
      { MaxModelRequests: { max_requests: 2, evaluation_name: 'budget' } },
    ]);
  });

  it('report bad options with their place in the file', () => {
    const bad = `name: x
cases:
  - inputs: 1
    evaluators:
      - ToolCorrectness: { expected_tools: [1] }
      - MaxToolCalls: -1
      - HasMatchingSpan: { query: { name_equal: x } }
`;
    expect(() => Dataset.fromText(bad, { format: 'yaml', evaluators })).toThrow(
      /5:\d+: .*expected_tools[\s\S]*6:\d+: .*MaxToolCalls[\s\S]*7:\d+: .*unknown key 'name_equal' \(did you mean 'nameEquals'\?\)/,
    );
  });
});
