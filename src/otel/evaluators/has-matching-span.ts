import type { EvaluatorContext } from '../../evaluators/context.js';
import { buildSpec, Evaluator, type EvaluatorClass, type EvaluatorSpec } from '../../evaluators/evaluator.js';
import { compileQuery, type SpanPredicate, type SpanQuery } from '../span-query.js';
import { spanQueryFromSnakeCase, spanQueryToSnakeCase } from '../span-query-snake.js';
import type { SpanTree } from '../span-tree.js';
import { evaluationNameSchema, type Named, requireObject } from './span-access.js';

export interface HasMatchingSpanOptions extends Named {
  /** The span to look for; pydantic-evals' snake_case keys (`name_equals`) are accepted too. */
  query: SpanQuery | Record<string, unknown>;
}

/**
 * True when some span the task emitted matches `query`. Without captured spans it throws (an evaluator
 * failure whose message says how to enable capture), unlike the agentic evaluators.
 */
export class HasMatchingSpan extends Evaluator<any, any, any, HasMatchingSpanOptions> {
  static override primaryArg = 'query';
  static optionsSchema = {
    type: 'object',
    properties: {
      query: {
        type: 'object',
        description:
          "A SpanQuery, e.g. { name_equals: 'execute_tool search' }; see docs/otel.md for every key.",
      },
      evaluationName: evaluationNameSchema,
    },
    required: ['query'],
    additionalProperties: false,
  };

  readonly #match: SpanPredicate;
  #spec: EvaluatorSpec | undefined;

  constructor(options: HasMatchingSpanOptions) {
    const checked = requireObject(
      'HasMatchingSpan',
      options,
      "{ query: { nameEquals: 'execute_tool search' } }",
    );
    if (typeof checked.query !== 'object' || checked.query === null || Array.isArray(checked.query)) {
      throw new TypeError(
        "HasMatchingSpan: query must be a SpanQuery object, e.g. { nameEquals: 'execute_tool search' }",
      );
    }
    super(options);
    // Compiled now, so a bad query fails when the evaluator is built (or its file is loaded).
    this.#match = compileQuery(spanQueryFromSnakeCase(options.query as Record<string, unknown>));
  }

  evaluate(ctx: EvaluatorContext): boolean {
    return (ctx.spanTree as SpanTree).any(this.#match);
  }

  /** The spec keeps the query in pydantic-evals' spelling, so dataset files stay loadable there. */
  override toSpec(): EvaluatorSpec {
    if (!this.#spec) {
      const query = spanQueryToSnakeCase(
        spanQueryFromSnakeCase(this.options.query as Record<string, unknown>),
      );
      this.#spec = buildSpec(this.evaluatorName, this.constructor as EvaluatorClass, {
        ...this.options,
        query,
      });
    }
    return this.#spec;
  }
}
