import { deepEqual } from '../util/deep-equal.js';
import type { EvaluatorContext } from './context.js';

/** A result value with an explanation. `{ value, reason }` plain objects are read the same way. */
export class EvaluationReason<V extends EvaluationScalar = EvaluationScalar> {
  readonly value: V;
  readonly reason: string | undefined;
  constructor(value: V, reason?: string) {
    this.value = value;
    this.reason = reason;
  }
}

export type EvaluationScalar = boolean | number | string;
export type EvaluatorOutputValue =
  | EvaluationScalar
  | EvaluationReason
  | { value: EvaluationScalar; reason?: string };
/** What `evaluate` may return: one value, or a flat record of named values (`{}` records nothing). */
export type EvaluatorOutput = EvaluatorOutputValue | Record<string, EvaluatorOutputValue>;

/** How an evaluator is named in files and in `source` fields of results. */
export interface EvaluatorSpec {
  name: string;
  arguments: null | [unknown] | Record<string, unknown>;
}

/** The static side of an Evaluator class: its file name and the option its short form fills. */
export interface EvaluatorClass {
  evaluatorName?: string;
  primaryArg?: string;
  defaults?: Record<string, unknown>;
}

/**
 * Base class of case evaluators. Subclasses implement `evaluate(ctx)` (sync or async); options passed
 * to the constructor are kept as `options` and make up the evaluator's spec.
 */
export abstract class Evaluator<Inputs = any, Output = any, Metadata = any, Options extends object = object> {
  /** Name in dataset files and reports; default: the class name. */
  static evaluatorName?: string;
  /** The option that the short file form `- Name: value` fills. */
  static primaryArg?: string;
  /** Option values that are left out of the spec when equal. */
  static defaults?: Record<string, unknown>;

  readonly options: Readonly<Options>;
  #spec: EvaluatorSpec | undefined;
  #name: string | undefined;

  constructor(options?: Options) {
    this.options = (options ?? {}) as Options;
  }

  abstract evaluate(
    ctx: EvaluatorContext<Inputs, Output, Metadata>,
  ): EvaluatorOutput | Promise<EvaluatorOutput>;

  /** The name used in files and in `source`. */
  get evaluatorName(): string {
    this.#name ??= classEvaluatorName(this.constructor as EvaluatorClass & { name: string });
    return this.#name;
  }

  /** The name a scalar result is recorded under: `evaluationName` when given, else the evaluator's name. */
  get evaluationName(): string {
    const custom = (this.options as { evaluationName?: unknown }).evaluationName;
    return typeof custom === 'string' && custom.length > 0 ? custom : this.evaluatorName;
  }

  /** The spec `{ name, arguments }`: non-default options only, the primary-argument short form when it fits. */
  toSpec(): EvaluatorSpec {
    this.#spec ??= buildSpec(this.evaluatorName, this.constructor as EvaluatorClass, this.options);
    return this.#spec;
  }
}

/** Spec of an evaluator or report evaluator from its class statics and options. */
export function buildSpec(name: string, cls: EvaluatorClass, options: object): EvaluatorSpec {
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (cls.defaults && Object.hasOwn(cls.defaults, key) && deepEqual(cls.defaults[key], value)) continue;
    args[key] = value;
  }
  const keys = Object.keys(args);
  if (keys.length === 0) return { name, arguments: null };
  const only = keys[0]!;
  if (keys.length === 1 && only === cls.primaryArg && !isStringKeyedRecord(args[only])) {
    return { name, arguments: [args[only]] };
  }
  return { name, arguments: args };
}

/** Class name unless the class sets its own `evaluatorName`. */
export function classEvaluatorName(cls: EvaluatorClass & { name: string }): string {
  return Object.hasOwn(cls, 'evaluatorName') && cls.evaluatorName ? cls.evaluatorName : cls.name;
}

function isStringKeyedRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type EvaluateFn<Inputs, Output, Metadata> = (
  ctx: EvaluatorContext<Inputs, Output, Metadata>,
) => EvaluatorOutput | Promise<EvaluatorOutput>;

class FunctionEvaluator<Inputs, Output, Metadata> extends Evaluator<Inputs, Output, Metadata> {
  readonly #name: string;
  readonly #fn: EvaluateFn<Inputs, Output, Metadata>;
  constructor(name: string, fn: EvaluateFn<Inputs, Output, Metadata>) {
    super();
    this.#name = name;
    this.#fn = fn;
  }
  override get evaluatorName(): string {
    return this.#name;
  }
  evaluate(ctx: EvaluatorContext<Inputs, Output, Metadata>) {
    return this.#fn(ctx);
  }
}

/** The function form: `evaluator('word_count', (ctx) => ctx.output.split(' ').length)`. */
export function evaluator<Inputs = any, Output = any, Metadata = any>(
  name: string,
  fn: EvaluateFn<Inputs, Output, Metadata>,
): Evaluator<Inputs, Output, Metadata> {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(`evaluator(name, fn): name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
  if (typeof fn !== 'function') throw new TypeError(`evaluator('${name}', fn): fn must be a function`);
  return new FunctionEvaluator(name, fn);
}
