import type { EvaluatorContext } from '../../evaluators/context.js';
import { EvaluationReason, Evaluator } from '../../evaluators/evaluator.js';
import { deepEqual } from '../../util/deep-equal.js';
import { pyRepr, reprString } from '../../util/repr.js';
import {
  checkBoolean,
  evaluationNameSchema,
  includeFailedSchema,
  type Named,
  noSpanTreeReason,
  optionError,
  requireObject,
  spanTreeOrError,
} from './span-access.js';
import { extractToolCalls, type ToolCall } from './tool-calls.js';

export interface ArgumentCorrectnessOptions extends Named {
  toolName: string;
  /** Argument names and values the call must have. */
  expectedArguments: Record<string, unknown>;
  /** `'subset'`: every expected key is present with an equal value (top-level keys only); `'exact'`: no other keys either. @default 'subset' */
  matchMode?: 'subset' | 'exact';
  /** Which call of the tool to check: `'first'`, `'last'` or a 0-based index. @default 'first' */
  occurrence?: 'first' | 'last' | number;
  /** Count calls whose span has an error status. @default false */
  includeFailed?: boolean;
}

const NAME = 'ArgumentCorrectness';

/** A call of `toolName` received `expectedArguments` (read from the JSON arguments its span recorded). */
export class ArgumentCorrectness extends Evaluator<any, any, any, ArgumentCorrectnessOptions> {
  static override primaryArg = 'toolName';
  static override defaults = { matchMode: 'subset', occurrence: 'first', includeFailed: false };
  static optionsSchema = {
    type: 'object',
    properties: {
      toolName: { type: 'string', minLength: 1, description: 'The tool whose arguments are checked.' },
      expectedArguments: { type: 'object', description: 'Argument names and the values expected.' },
      matchMode: { enum: ['subset', 'exact'], default: 'subset' },
      occurrence: {
        anyOf: [{ enum: ['first', 'last'] }, { type: 'integer', minimum: 0 }],
        default: 'first',
        description: "Which call to check: 'first', 'last' or a 0-based index.",
      },
      includeFailed: includeFailedSchema(false),
      evaluationName: evaluationNameSchema,
    },
    required: ['toolName', 'expectedArguments'],
    additionalProperties: false,
  };

  constructor(options: ArgumentCorrectnessOptions) {
    const o = requireObject(NAME, options, "{ toolName: 'search', expectedArguments: { query: 'paris' } }");
    if (typeof o.toolName !== 'string' || o.toolName.length === 0) {
      throw optionError(NAME, `toolName must be a non-empty string, got ${JSON.stringify(o.toolName)}`);
    }
    const args = o.expectedArguments;
    if (typeof args !== 'object' || args === null || Array.isArray(args)) {
      throw optionError(
        NAME,
        `expectedArguments must be an object of argument values, got ${JSON.stringify(args)}`,
      );
    }
    if (o.matchMode !== undefined && o.matchMode !== 'subset' && o.matchMode !== 'exact') {
      throw optionError(NAME, `matchMode must be 'subset' or 'exact', got ${JSON.stringify(o.matchMode)}`);
    }
    const at = o.occurrence;
    if (
      at !== undefined &&
      at !== 'first' &&
      at !== 'last' &&
      !(Number.isInteger(at) && (at as number) >= 0)
    ) {
      throw optionError(
        NAME,
        `occurrence must be 'first', 'last' or an index >= 0, got ${JSON.stringify(at)}`,
      );
    }
    checkBoolean(NAME, 'includeFailed', o.includeFailed);
    super(options);
  }

  evaluate(ctx: EvaluatorContext): EvaluationReason<boolean> {
    const tree = spanTreeOrError(ctx);
    if (tree instanceof Error) return new EvaluationReason(false, noSpanTreeReason(tree));
    const { toolName, includeFailed = false, occurrence = 'first' } = this.options;
    const tool = reprString(toolName);
    const calls = extractToolCalls(tree, includeFailed).filter((call) => call.name === toolName);
    if (calls.length === 0) return new EvaluationReason(false, `No calls to tool ${tool} were recorded.`);
    const selected = select(calls, occurrence);
    if (selected === undefined) {
      return new EvaluationReason(
        false,
        `Tool ${tool} was called ${calls.length} time(s); occurrence=${pyRepr(occurrence)} is out of range.`,
      );
    }
    if (selected.arguments === undefined) {
      return new EvaluationReason(
        false,
        `Tool ${tool} arguments not available in span (content recording may be disabled).`,
      );
    }
    let actual: unknown;
    try {
      actual = JSON.parse(selected.arguments);
    } catch (error) {
      return new EvaluationReason(
        false,
        `Tool ${tool} arguments could not be parsed as JSON: ${(error as Error).message}`,
      );
    }
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return new EvaluationReason(false, `Tool ${tool} arguments are not a JSON object: ${pyRepr(actual)}`);
    }
    const diffs = diffArguments(
      actual as Record<string, unknown>,
      this.options.expectedArguments,
      this.options.matchMode ?? 'subset',
    );
    if (diffs.length > 0)
      return new EvaluationReason(false, `Tool ${tool} argument mismatch: ${diffs.join('; ')}`);
    return new EvaluationReason(true);
  }
}

function select(calls: ToolCall[], occurrence: 'first' | 'last' | number): ToolCall | undefined {
  if (occurrence === 'first') return calls[0];
  if (occurrence === 'last') return calls[calls.length - 1];
  return calls[occurrence];
}

/** Mismatch descriptions, empty when the arguments match. */
function diffArguments(
  actual: Record<string, unknown>,
  expected: Record<string, unknown>,
  mode: 'subset' | 'exact',
): string[] {
  const diffs: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    if (!Object.hasOwn(actual, key)) diffs.push(`missing key ${reprString(key)}`);
    else if (!deepEqual(actual[key], value)) {
      diffs.push(`key ${reprString(key)}: expected ${pyRepr(value)}, got ${pyRepr(actual[key])}`);
    }
  }
  if (mode === 'exact') {
    for (const key of Object.keys(actual)) {
      if (!Object.hasOwn(expected, key))
        diffs.push(`unexpected key ${reprString(key)} with value ${pyRepr(actual[key])}`);
    }
  }
  return diffs;
}
