import type { EvaluatorContext } from '../../evaluators/context.js';
import { EvaluationReason, Evaluator } from '../../evaluators/evaluator.js';
import { isModelRequestSpan } from '../metrics.js';
import {
  checkBoolean,
  checkCount,
  evaluationNameSchema,
  includeFailedSchema,
  type Named,
  noSpanTreeReason,
  requireObject,
  spanTreeOrError,
} from './span-access.js';
import { extractToolCalls } from './tool-calls.js';

export interface MaxToolCallsOptions extends Named {
  /** The most tool calls allowed (inclusive). */
  maxCalls: number;
  /** Count calls whose span has an error status. @default true */
  includeFailed?: boolean;
}

/** The task made at most `maxCalls` tool calls. */
export class MaxToolCalls extends Evaluator<any, any, any, MaxToolCallsOptions> {
  static override primaryArg = 'maxCalls';
  static override defaults = { includeFailed: true };
  static optionsSchema = {
    type: 'object',
    properties: {
      maxCalls: { type: 'integer', minimum: 0, description: 'The most tool calls allowed (inclusive).' },
      includeFailed: includeFailedSchema(true),
      evaluationName: evaluationNameSchema,
    },
    required: ['maxCalls'],
    additionalProperties: false,
  };

  constructor(options: MaxToolCallsOptions) {
    const o = requireObject('MaxToolCalls', options, '{ maxCalls: 5 }');
    checkCount('MaxToolCalls', 'maxCalls', o.maxCalls);
    checkBoolean('MaxToolCalls', 'includeFailed', o.includeFailed);
    super(options);
  }

  evaluate(ctx: EvaluatorContext): EvaluationReason<boolean> {
    const tree = spanTreeOrError(ctx);
    if (tree instanceof Error) return new EvaluationReason(false, noSpanTreeReason(tree));
    const count = extractToolCalls(tree, this.options.includeFailed ?? true).length;
    const { maxCalls } = this.options;
    return new EvaluationReason(count <= maxCalls, `${count} tool call(s), budget=${maxCalls}`);
  }
}

export interface MaxModelRequestsOptions extends Named {
  /** The most model requests allowed (inclusive). */
  maxRequests: number;
}

/**
 * The task made at most `maxRequests` model requests: the `requests` metric when there is one (set
 * from captured spans, or by the task), else model-request spans counted in the span tree.
 */
export class MaxModelRequests extends Evaluator<any, any, any, MaxModelRequestsOptions> {
  static override primaryArg = 'maxRequests';
  static optionsSchema = {
    type: 'object',
    properties: {
      maxRequests: {
        type: 'integer',
        minimum: 0,
        description: 'The most model requests allowed (inclusive).',
      },
      evaluationName: evaluationNameSchema,
    },
    required: ['maxRequests'],
    additionalProperties: false,
  };

  constructor(options: MaxModelRequestsOptions) {
    const o = requireObject('MaxModelRequests', options, '{ maxRequests: 3 }');
    checkCount('MaxModelRequests', 'maxRequests', o.maxRequests);
    super(options);
  }

  evaluate(ctx: EvaluatorContext): EvaluationReason<boolean> {
    const { maxRequests } = this.options;
    const metric = ctx.metrics?.requests;
    let count: number;
    let source: string;
    if (typeof metric === 'number' && Number.isFinite(metric)) {
      count = Math.trunc(metric);
      source = "ctx.metrics['requests']";
    } else {
      const tree = spanTreeOrError(ctx);
      if (tree instanceof Error) return new EvaluationReason(false, noSpanTreeReason(tree));
      count = 0;
      for (const node of tree) if (isModelRequestSpan(node)) count++;
      source = 'span tree';
    }
    return new EvaluationReason(
      count <= maxRequests,
      `${count} model request(s) (from ${source}), budget=${maxRequests}`,
    );
  }
}
