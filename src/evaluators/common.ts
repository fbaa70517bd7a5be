import type { StandardSchemaV1 } from '@standard-schema/spec';
import { deepEqual } from '../util/deep-equal.js';
import { truncatedRepr } from '../util/repr.js';
import type { EvaluatorContext } from './context.js';
import { EvaluationReason, Evaluator, type EvaluatorOutput } from './evaluator.js';

/** The pass of a check with nothing to explain; one shared object, not one per case. */
const PASSED = Object.freeze(new EvaluationReason(true));

interface Named {
  /** Rename the result (default: the evaluator's name). */
  evaluationName?: string;
}

function requireOptions<T extends object>(name: string, options: T | undefined, key: string): T {
  if (typeof options !== 'object' || options === null || !(key in options)) {
    throw new TypeError(`${name} expects an options object with '${key}', e.g. new ${name}({ ${key}: ... })`);
  }
  return options;
}

/** `output` deep-equals `value` (structural, no coercion). */
export class Equals extends Evaluator<any, any, any, { value: unknown } & Named> {
  static override primaryArg = 'value';
  constructor(options: { value: unknown } & Named) {
    super(requireOptions('Equals', options, 'value'));
  }
  evaluate(ctx: EvaluatorContext): boolean {
    return deepEqual(ctx.output, this.options.value);
  }
}

/** `output` deep-equals the case's `expectedOutput`; records nothing when there is none. */
export class EqualsExpected extends Evaluator<any, any, any, Named> {
  evaluate(ctx: EvaluatorContext): EvaluatorOutput {
    if (ctx.expectedOutput === undefined) return {};
    return deepEqual(ctx.output, ctx.expectedOutput);
  }
}

export interface ContainsOptions extends Named {
  value: unknown;
  /** @default true */
  caseSensitive?: boolean;
  /** Compare `String(value)` within `String(output)`. @default false */
  asStrings?: boolean;
}

/** Substring, key/subset or element containment, with pydantic-evals' reasons on failure. */
export class Contains extends Evaluator<any, any, any, ContainsOptions> {
  static override primaryArg = 'value';
  static override defaults = { caseSensitive: true, asStrings: false };
  constructor(options: ContainsOptions) {
    super(requireOptions('Contains', options, 'value'));
  }
  evaluate(ctx: EvaluatorContext): EvaluationReason<boolean> {
    const { value, caseSensitive = true, asStrings = false } = this.options;
    const failure = containsFailure(ctx.output, value, caseSensitive, asStrings);
    return failure === undefined ? PASSED : new EvaluationReason(false, failure);
  }
}

/** The reason `output` does not contain `value`, or undefined when it does. */
function containsFailure(output: unknown, value: unknown, caseSensitive: boolean, asStrings: boolean) {
  if (asStrings || (typeof output === 'string' && typeof value === 'string')) {
    let haystack = String(output);
    let needle = String(value);
    if (!caseSensitive) {
      haystack = haystack.toLowerCase();
      needle = needle.toLowerCase();
    }
    if (haystack.includes(needle)) return undefined;
    return `Output string ${truncatedRepr(output, 100)} does not contain expected string ${truncatedRepr(value, 100)}`;
  }
  if (isPlainObject(output)) return objectContainsFailure(output, value);
  if (Array.isArray(output)) {
    if (output.some((item) => deepEqual(item, value))) return undefined;
    return `Output ${truncatedRepr(output, 200)} does not contain provided value`;
  }
  if (output instanceof Set || output instanceof Map) {
    if (output.has(value)) return undefined;
    return `Output ${truncatedRepr(output, 200)} does not contain provided value`;
  }
  const kind = output === null ? 'null' : typeof output;
  if (typeof output === 'string') {
    return `Containment check failed: a string output can only contain a string value, got ${typeof value}`;
  }
  return `Containment check failed: output of type ${kind} cannot contain values`;
}

function objectContainsFailure(output: Record<string, unknown>, value: unknown): string | undefined {
  if (isPlainObject(value)) {
    for (const [key, expected] of Object.entries(value)) {
      if (!Object.hasOwn(output, key))
        return `Output does not contain expected key ${truncatedRepr(key, 30)}`;
      if (!deepEqual(output[key], expected)) {
        return (
          `Output has different value for key ${truncatedRepr(key, 30)}: ` +
          `${truncatedRepr(output[key], 100)} != ${truncatedRepr(expected, 100)}`
        );
      }
    }
    return undefined;
  }
  if (typeof value === 'string' && Object.hasOwn(output, value)) return undefined;
  return `Output ${truncatedRepr(output, 200)} does not contain provided value as a key`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Python type names and what they accept. */
const PYTHON_TYPES: Record<string, (v: unknown) => boolean> = {
  str: (v) => typeof v === 'string',
  int: (v) => Number.isInteger(v) || typeof v === 'bigint',
  float: (v) => typeof v === 'number',
  bool: (v) => typeof v === 'boolean',
  dict: (v) => isPlainObject(v),
  list: (v) => Array.isArray(v),
  NoneType: (v) => v === null || v === undefined,
};

/** The output's type is `typeName`: a JS typeof name, a class name on its prototype chain, or a Python name. */
export class IsInstance extends Evaluator<any, any, any, { typeName: string } & Named> {
  static override primaryArg = 'typeName';
  constructor(options: { typeName: string } & Named) {
    if (typeof options?.typeName !== 'string' || options.typeName.length === 0) {
      throw new TypeError(
        "IsInstance expects { typeName: string }, e.g. new IsInstance({ typeName: 'string' })",
      );
    }
    super(options);
  }
  evaluate(ctx: EvaluatorContext): EvaluationReason<boolean> {
    const { typeName } = this.options;
    if (hasTypeName(ctx.output, typeName) || PYTHON_TYPES[typeName]?.(ctx.output)) {
      return PASSED;
    }
    return new EvaluationReason(false, `output is of type ${describeType(ctx.output)}`);
  }
}

/** True when `typeName` is the value's `typeof`, 'null'/'array', or a constructor name on its prototype chain. */
function hasTypeName(value: unknown, typeName: string): boolean {
  if (value === null) return typeName === 'null';
  if (typeof value === typeName) return true;
  if (typeName === 'array' && Array.isArray(value)) return true;
  let proto = value === undefined ? null : Object.getPrototypeOf(value);
  while (proto) {
    if (Object.hasOwn(proto, 'constructor') && (proto.constructor as { name?: string })?.name === typeName)
      return true;
    proto = Object.getPrototypeOf(proto);
  }
  return false;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (Object.getPrototypeOf(value)?.constructor?.name as string | undefined) ?? 'object';
}

/** The task took at most `seconds` (inclusive). Always named `MaxDuration`. */
export class MaxDuration extends Evaluator<any, any, any, { seconds: number }> {
  static override primaryArg = 'seconds';
  constructor(options: { seconds: number }) {
    if (typeof options?.seconds !== 'number' || !(options.seconds >= 0)) {
      throw new TypeError(
        `MaxDuration expects { seconds: number >= 0 }, got ${JSON.stringify(options?.seconds)}`,
      );
    }
    super(options);
  }
  override get evaluationName(): string {
    return this.evaluatorName;
  }
  evaluate(ctx: EvaluatorContext): boolean {
    return ctx.duration <= this.options.seconds;
  }
}

/** The output passes a Standard Schema (zod, valibot, arktype...); the reason lists the issues. */
export class MatchesSchema extends Evaluator<any, any, any, { schema: StandardSchemaV1 } & Named> {
  static override primaryArg = 'schema';
  constructor(options: { schema: StandardSchemaV1 } & Named) {
    if (typeof options?.schema?.['~standard']?.validate !== 'function') {
      throw new TypeError(
        'MatchesSchema expects { schema } where schema implements Standard Schema (zod, valibot...)',
      );
    }
    super(options);
  }
  evaluate(ctx: EvaluatorContext): EvaluationReason<boolean> | Promise<EvaluationReason<boolean>> {
    const result = this.options.schema['~standard'].validate(ctx.output);
    return result instanceof Promise ? result.then(toSchemaReason) : toSchemaReason(result);
  }
}

function toSchemaReason(result: StandardSchemaV1.Result<unknown>): EvaluationReason<boolean> {
  if (!result.issues) return PASSED;
  const text = result.issues
    .map((issue) => {
      const path = (issue.path ?? []).map((p) => (typeof p === 'object' ? p.key : p)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
  return new EvaluationReason(false, text);
}
