import type { EvaluatorContext } from '../../evaluators/context.js';
import { EvaluationReason, Evaluator } from '../../evaluators/evaluator.js';
import { pyRepr } from '../../util/repr.js';
import {
  checkBoolean,
  checkStringList,
  evaluationNameSchema,
  includeFailedSchema,
  type Named,
  noSpanTreeReason,
  optionError,
  requireObject,
  spanTreeOrError,
} from './span-access.js';
import { extractToolCalls } from './tool-calls.js';
import { countNames } from './tool-correctness.js';

/**
 * - `'exact'`: 1 when the sequences are equal, else 0;
 * - `'in_order'`: F1 of the longest common subsequence (extra calls lower precision, missing ones recall);
 * - `'any_order'`: F1 of the multiset intersection (order ignored).
 */
export type TrajectoryOrder = 'exact' | 'in_order' | 'any_order';

export interface TrajectoryMatchOptions extends Named {
  /** The tool names in the order they should be called. */
  expectedTrajectory: string[];
  /** @default 'in_order' */
  order?: TrajectoryOrder;
  /** Count calls whose span has an error status. @default false */
  includeFailed?: boolean;
}

const ORDERS: readonly TrajectoryOrder[] = ['exact', 'in_order', 'any_order'];

/**
 * A score in [0, 1] comparing the sequence of tools called to `expectedTrajectory`. Both empty scores 1;
 * exactly one empty scores 0. The reason shows the numbers the score comes from.
 */
export class TrajectoryMatch extends Evaluator<any, any, any, TrajectoryMatchOptions> {
  static override primaryArg = 'expectedTrajectory';
  static override defaults = { order: 'in_order', includeFailed: false };
  static optionsSchema = {
    type: 'object',
    properties: {
      expectedTrajectory: {
        type: 'array',
        items: { type: 'string' },
        description: 'Tool names in expected order.',
      },
      order: { enum: [...ORDERS], default: 'in_order', description: 'How strictly to compare.' },
      includeFailed: includeFailedSchema(false),
      evaluationName: evaluationNameSchema,
    },
    required: ['expectedTrajectory'],
    additionalProperties: false,
  };

  constructor(options: TrajectoryMatchOptions) {
    const o = requireObject('TrajectoryMatch', options, "{ expectedTrajectory: ['search', 'answer'] }");
    checkStringList('TrajectoryMatch', 'expectedTrajectory', o.expectedTrajectory);
    if (o.order !== undefined && !ORDERS.includes(o.order as TrajectoryOrder)) {
      throw optionError(
        'TrajectoryMatch',
        `order must be 'exact', 'in_order' or 'any_order', got ${JSON.stringify(o.order)}`,
      );
    }
    checkBoolean('TrajectoryMatch', 'includeFailed', o.includeFailed);
    super(options);
  }

  evaluate(ctx: EvaluatorContext): EvaluationReason<number> {
    const tree = spanTreeOrError(ctx);
    if (tree instanceof Error) return new EvaluationReason(0, noSpanTreeReason(tree));
    const actual = extractToolCalls(tree, this.options.includeFailed ?? false).map((call) => call.name);
    const expected = [...this.options.expectedTrajectory];
    const order = this.options.order ?? 'in_order';
    if (order === 'exact') {
      if (actual.length === expected.length && actual.every((name, i) => name === expected[i])) {
        return new EvaluationReason(1, `actual trajectory matches expected: ${pyRepr(actual)}`);
      }
      return new EvaluationReason(
        0,
        `actual trajectory ${pyRepr(actual)} does not equal expected ${pyRepr(expected)}`,
      );
    }
    if (actual.length === 0 && expected.length === 0) {
      return new EvaluationReason(1, 'both actual and expected trajectories are empty');
    }
    const common = order === 'any_order' ? multisetOverlap(actual, expected) : lcsLength(actual, expected);
    const label = order === 'any_order' ? 'multiset overlap' : 'LCS';
    return f1Reason(label, common, actual, expected);
  }
}

function f1Reason(
  label: string,
  common: number,
  actual: string[],
  expected: string[],
): EvaluationReason<number> {
  const precision = actual.length > 0 ? common / actual.length : 0;
  const recall = expected.length > 0 ? common / expected.length : 0;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const reason =
    `${label}=${common}, precision=${common}/${actual.length}=${precision.toFixed(3)}, ` +
    `recall=${common}/${expected.length}=${recall.toFixed(3)}, F1=${f1.toFixed(3)} ` +
    `(expected: ${pyRepr(expected)}, actual: ${pyRepr(actual)})`;
  return new EvaluationReason(f1, reason);
}

/** Length of the longest common subsequence (rolling one-row dynamic programming). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    previous = current;
  }
  return previous[b.length]!;
}

function multisetOverlap(a: readonly string[], b: readonly string[]): number {
  const counts = countNames(b);
  let overlap = 0;
  for (const [name, count] of countNames(a)) overlap += Math.min(count, counts.get(name) ?? 0);
  return overlap;
}
