import type { EvaluatorContext } from '../../evaluators/context.js';
import { EvaluationReason, Evaluator } from '../../evaluators/evaluator.js';
import { reprString } from '../../util/repr.js';
import {
  checkBoolean,
  checkStringList,
  evaluationNameSchema,
  includeFailedSchema,
  type Named,
  noSpanTreeReason,
  requireObject,
  spanTreeOrError,
} from './span-access.js';
import { extractToolCalls } from './tool-calls.js';

export interface ToolCorrectnessOptions extends Named {
  /** Tool names the task must call; order does not matter, repeats do (`['search', 'search']` = twice). */
  expectedTools: string[];
  /** Accept calls to tools not listed. @default false */
  allowExtra?: boolean;
  /** Count calls whose span has an error status. @default false */
  includeFailed?: boolean;
}

/** The multiset of tools the task called equals `expectedTools` (or contains it, with `allowExtra`). */
export class ToolCorrectness extends Evaluator<any, any, any, ToolCorrectnessOptions> {
  static override primaryArg = 'expectedTools';
  static override defaults = { allowExtra: false, includeFailed: false };
  static optionsSchema = {
    type: 'object',
    properties: {
      expectedTools: {
        type: 'array',
        items: { type: 'string' },
        description: 'Tool names expected (a multiset).',
      },
      allowExtra: { type: 'boolean', default: false, description: 'Accept calls to tools not listed.' },
      includeFailed: includeFailedSchema(false),
      evaluationName: evaluationNameSchema,
    },
    required: ['expectedTools'],
    additionalProperties: false,
  };

  constructor(options: ToolCorrectnessOptions) {
    const o = requireObject('ToolCorrectness', options, "{ expectedTools: ['search'] }");
    checkStringList('ToolCorrectness', 'expectedTools', o.expectedTools);
    checkBoolean('ToolCorrectness', 'allowExtra', o.allowExtra);
    checkBoolean('ToolCorrectness', 'includeFailed', o.includeFailed);
    super(options);
  }

  evaluate(ctx: EvaluatorContext): EvaluationReason<boolean> {
    const tree = spanTreeOrError(ctx);
    if (tree instanceof Error) return new EvaluationReason(false, noSpanTreeReason(tree));
    const actual = countNames(
      extractToolCalls(tree, this.options.includeFailed ?? false).map((call) => call.name),
    );
    const expected = countNames(this.options.expectedTools);
    const problems: string[] = [];
    const missing = difference(expected, actual);
    if (missing.length > 0) problems.push(`missing tools: ${describeCounts(missing)}`);
    const extra = difference(actual, expected);
    if (extra.length > 0 && !this.options.allowExtra)
      problems.push(`unexpected tools: ${describeCounts(extra)}`);
    return problems.length > 0
      ? new EvaluationReason(false, problems.join('; '))
      : new EvaluationReason(true);
  }
}

export function countNames(names: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

/** `a - b` as multisets: names with a positive count left, sorted by name. */
function difference(a: Map<string, number>, b: Map<string, number>): [string, number][] {
  const out: [string, number][] = [];
  for (const [name, count] of a) {
    const left = count - (b.get(name) ?? 0);
    if (left > 0) out.push([name, left]);
  }
  return out.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
}

function describeCounts(entries: [string, number][]): string {
  return entries.map(([name, count]) => `${reprString(name)} (x${count})`).join(', ');
}
