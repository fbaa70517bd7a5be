import { TypedEvalsError } from '../errors.js';
import { Contains, Equals, EqualsExpected, IsInstance, MaxDuration } from '../evaluators/common.js';
import { classEvaluatorName, type Evaluator, type EvaluatorClass } from '../evaluators/evaluator.js';
import { GEval, LLMJudge } from '../evaluators/llm/index.js';
import {
  ConfusionMatrixEvaluator,
  KolmogorovSmirnovEvaluator,
  PrecisionRecallEvaluator,
  ROCAUCEvaluator,
} from '../evaluators/report/index.js';
import type { ReportEvaluator } from '../evaluators/report-evaluator.js';
import {
  ArgumentCorrectness,
  HasMatchingSpan,
  MaxModelRequests,
  MaxToolCalls,
  ToolCorrectness,
  TrajectoryMatch,
} from '../otel/evaluators/index.js';

/** A JSON Schema object (draft 2020-12). */
export type JsonSchema = Record<string, unknown>;

/**
 * An evaluator class that files can name: `new Cls(options)` with camelCase options. It may declare
 * `static optionsSchema` (a JSON Schema of its options, camelCase keys) for validation and editor
 * completion, and `static primaryArg` for the short form `- Name: value`.
 */
export interface EvaluatorClassLike<T = Evaluator> extends EvaluatorClass {
  new (options: any): T;
  readonly name: string;
  optionsSchema?: JsonSchema;
}

export type ReportEvaluatorClassLike = EvaluatorClassLike<ReportEvaluator>;

/** One built-in: its class, the JSON Schema of its options, and an optional file-value coercion. */
interface BuiltinEntry {
  cls: EvaluatorClassLike<any>;
  optionsSchema: JsonSchema;
  /** Turns file values into constructor values (e.g. an ISO 8601 duration into seconds). */
  coerce?: (options: Record<string, unknown>) => Record<string, unknown>;
}

const evaluationName: JsonSchema = {
  type: 'string',
  description: 'Name the result is recorded under (default: the evaluator name).',
};

const optionsObject = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
  additionalProperties: false,
});

/**
 * Case evaluators every file may name, in pydantic-evals' order (its error messages list them so).
 * To add one (LLMJudge, HasMatchingSpan, the agentic ones), append an entry here.
 */
const BUILTIN_EVALUATORS: readonly BuiltinEntry[] = [
  {
    cls: Equals,
    optionsSchema: optionsObject(
      { value: { description: 'The output must deep-equal this value.' }, evaluationName },
      ['value'],
    ),
  },
  { cls: EqualsExpected, optionsSchema: optionsObject({ evaluationName }) },
  {
    cls: Contains,
    optionsSchema: optionsObject(
      {
        value: { description: 'Substring, key, subset mapping or element the output must contain.' },
        caseSensitive: { type: 'boolean', default: true },
        asStrings: { type: 'boolean', default: false, description: 'Compare as strings.' },
        evaluationName,
      },
      ['value'],
    ),
  },
  {
    cls: IsInstance,
    optionsSchema: optionsObject(
      {
        typeName: {
          type: 'string',
          minLength: 1,
          description: "A JS type or class name ('string', 'Date') or a Python name ('str', 'int', 'dict').",
        },
        evaluationName,
      },
      ['typeName'],
    ),
  },
  {
    cls: MaxDuration,
    optionsSchema: optionsObject(
      {
        seconds: {
          anyOf: [
            { type: 'number', minimum: 0 },
            {
              type: 'string',
              pattern: '^P(?:\\d+D)?(?:T(?:\\d+H)?(?:\\d+M)?(?:\\d+(?:\\.\\d+)?S)?)?$',
              description: 'an ISO 8601 duration such as PT2S',
            },
          ],
          description: 'Maximum task duration in seconds (inclusive), or an ISO 8601 duration like PT2S.',
        },
      },
      ['seconds'],
    ),
    coerce: (options) =>
      typeof options.seconds === 'string'
        ? { ...options, seconds: isoDurationSeconds(options.seconds) }
        : options,
  },
  ...[
    LLMJudge,
    HasMatchingSpan,
    ToolCorrectness,
    TrajectoryMatch,
    ArgumentCorrectness,
    MaxToolCalls,
    MaxModelRequests,
    GEval,
  ].map((cls) => ({ cls, optionsSchema: cls.optionsSchema as JsonSchema })),
];

/** Report evaluators every file may name, in pydantic-evals' order. */
const BUILTIN_REPORT_EVALUATORS: readonly BuiltinEntry[] = [
  ConfusionMatrixEvaluator,
  PrecisionRecallEvaluator,
  ROCAUCEvaluator,
  KolmogorovSmirnovEvaluator,
].map((cls) => ({ cls, optionsSchema: cls.optionsSchema }));

/** Built-ins that exist in code but cannot be named in a file, and why. */
const CODE_ONLY: Readonly<Record<string, string>> = {
  MatchesSchema:
    'MatchesSchema is code-only: its schema is code, not data, so it cannot be written in a file. ' +
    'Add it after loading: dataset.addEvaluator(new MatchesSchema({ schema }))',
};

export interface RegistryEntry {
  name: string;
  cls: EvaluatorClassLike<any>;
  /** JSON Schema of the options with camelCase keys, when known. */
  optionsSchema: JsonSchema | undefined;
  coerce: ((options: Record<string, unknown>) => Record<string, unknown>) | undefined;
}

export type RegistryKind = 'evaluator' | 'report evaluator';

/** Names that files may use for evaluators, mapped to the classes that build them. */
export class EvaluatorRegistry {
  readonly kind: RegistryKind;
  readonly #entries = new Map<string, RegistryEntry>();

  private constructor(kind: RegistryKind) {
    this.kind = kind;
  }

  /** Built-ins plus custom classes; a custom class may shadow a built-in, two custom ones may not share a name. */
  static create(kind: RegistryKind, custom: readonly unknown[] = []): EvaluatorRegistry {
    const registry = new EvaluatorRegistry(kind);
    const builtins = kind === 'evaluator' ? BUILTIN_EVALUATORS : BUILTIN_REPORT_EVALUATORS;
    for (const entry of builtins) registry.#set(entry.cls, entry.optionsSchema, entry.coerce);
    const customNames = new Set<string>();
    for (const cls of custom) {
      checkClass(kind, cls);
      const name = classEvaluatorName(cls);
      if (customNames.has(name)) {
        throw new TypedEvalsError(`Duplicate ${kind} class name: '${name}'`, 'DUPLICATE_EVALUATOR_NAME');
      }
      customNames.add(name);
      registry.#set(cls, ownOptionsSchema(cls), undefined);
    }
    return registry;
  }

  #set(
    cls: EvaluatorClassLike<any>,
    optionsSchema: JsonSchema | undefined,
    coerce: RegistryEntry['coerce'],
  ): void {
    const name = classEvaluatorName(cls);
    this.#entries.set(name, { name, cls, optionsSchema, coerce });
  }

  get(name: string): RegistryEntry | undefined {
    return this.#entries.get(name);
  }

  names(): string[] {
    return [...this.#entries.keys()];
  }

  entries(): RegistryEntry[] {
    return [...this.#entries.values()];
  }

  /** Why `name` is not loadable, listing the valid names. */
  unknownNameMessage(name: string, suggestion: string | undefined): string {
    if (this.kind === 'evaluator' && Object.hasOwn(CODE_ONLY, name)) return CODE_ONLY[name]!;
    const label = this.kind === 'evaluator' ? 'Evaluator' : 'Report evaluator';
    const option = this.kind === 'evaluator' ? 'evaluators' : 'reportEvaluators';
    const hint = suggestion ? ` Did you mean '${suggestion}'?` : '';
    const valid = this.names().length > 0 ? this.names().join(', ') : '(none)';
    return (
      `${label} '${name}' is not registered.${hint} Valid choices: ${valid}. ` +
      `For a custom ${this.kind}, pass its class: { ${option}: [${safeIdentifier(name)}] }`
    );
  }

  /** Adds the classes of evaluators found in a dataset, so that its file schema covers them. */
  withClassesOf(instances: readonly object[]): EvaluatorRegistry {
    const copy = new EvaluatorRegistry(this.kind);
    for (const [name, entry] of this.#entries) copy.#entries.set(name, entry);
    for (const instance of instances) {
      const cls = instance.constructor as EvaluatorClassLike<any>;
      const name = classEvaluatorName(cls);
      if (!copy.#entries.has(name) && (instance as { evaluatorName?: unknown }).evaluatorName === name) {
        copy.#set(cls, ownOptionsSchema(cls), undefined);
      }
    }
    return copy;
  }
}

function checkClass(kind: RegistryKind, cls: unknown): asserts cls is EvaluatorClassLike<any> {
  const proto = typeof cls === 'function' ? (cls as { prototype?: unknown }).prototype : undefined;
  if (
    typeof proto !== 'object' ||
    proto === null ||
    typeof (proto as { evaluate?: unknown }).evaluate !== 'function'
  ) {
    const what = typeof cls === 'object' && cls !== null ? 'an instance' : typeof cls;
    throw new TypedEvalsError(
      `Custom ${kind}s are registered by class (e.g. { evaluators: [StartsWithExpected] }), got ${what}`,
      'INVALID_EVALUATOR_CLASS',
    );
  }
}

function ownOptionsSchema(cls: EvaluatorClassLike<any>): JsonSchema | undefined {
  const schema = cls.optionsSchema;
  return typeof schema === 'object' && schema !== null ? schema : undefined;
}

function safeIdentifier(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : 'YourEvaluatorClass';
}

/** Seconds in an ISO 8601 duration such as `PT1M30.5S` (what pydantic writes for a timedelta). */
export function isoDurationSeconds(text: string): number {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!match) return Number.NaN;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(days) * 86_400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}
