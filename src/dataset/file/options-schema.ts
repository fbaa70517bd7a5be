import type { JsonSchema } from '../registry.js';
import { type DataPath, describeType, IssueList, isMapping } from './errors.js';
import { toSnakeCase } from './naming.js';

/**
 * A small JSON Schema checker for evaluator options: `type`, `enum`, `const`, `minimum`,
 * `exclusiveMinimum`, `maximum`, `minLength`, `pattern`, `properties`, `required`,
 * `additionalProperties`, `items`, `anyOf`. Other keywords are ignored, so a richer schema never rejects
 * valid options; it only validates less.
 */
export function checkAgainstSchema(
  value: unknown,
  schema: JsonSchema,
  path: DataPath,
  issues: IssueList,
): void {
  const problem = firstProblem(value, schema);
  if (problem === undefined) {
    if (isMapping(value)) checkProperties(value, schema, path, issues);
    else if (Array.isArray(value) && isMapping(schema.items)) {
      const items = schema.items as JsonSchema;
      for (let i = 0; i < value.length; i++) checkAgainstSchema(value[i], items, [...path, i], issues);
    }
    return;
  }
  issues.add(path, problem);
}

/** Problems with the value itself (not its properties), or undefined. */
function firstProblem(value: unknown, schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.anyOf)) {
    const options = schema.anyOf.filter(isMapping);
    if (options.length > 0 && !options.some((option) => matches(value, option))) {
      const sameType = options.filter(
        (option) => option.type !== undefined && typeMatches(value, option.type),
      );
      const specific = sameType.length === 1 ? firstProblem(value, sameType[0]!) : undefined;
      return specific ?? `expected ${options.map(describeSchema).join(' or ')}, got ${describeValue(value)}`;
    }
  }
  if (schema.type !== undefined && !typeMatches(value, schema.type)) {
    return `expected ${describeSchema(schema)}, got ${describeValue(value)}`;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => allowed === value)) {
    return `expected one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(value)}`;
  }
  if ('const' in schema && schema.const !== value) return `expected ${JSON.stringify(schema.const)}`;
  return typeof value === 'number' ? numberProblem(value, schema) : stringProblem(value, schema);
}

function numberProblem(value: number, schema: JsonSchema): string | undefined {
  if (typeof schema.minimum === 'number' && value < schema.minimum)
    return `must be >= ${schema.minimum}, got ${value}`;
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) {
    return `must be > ${schema.exclusiveMinimum}, got ${value}`;
  }
  if (typeof schema.maximum === 'number' && value > schema.maximum)
    return `must be <= ${schema.maximum}, got ${value}`;
  return undefined;
}

function stringProblem(value: unknown, schema: JsonSchema): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
    return schema.minLength === 1 ? 'must not be empty' : `must have at least ${schema.minLength} characters`;
  }
  if (typeof schema.pattern === 'string' && !safeRegExp(schema.pattern)?.test(value)) {
    if (typeof schema.description === 'string')
      return `expected ${schema.description}, got ${describeValue(value)}`;
    return `${JSON.stringify(value)} does not match the pattern ${schema.pattern}`;
  }
  return undefined;
}

function checkProperties(
  value: Record<string, unknown>,
  schema: JsonSchema,
  path: DataPath,
  issues: IssueList,
) {
  const properties = isMapping(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
  const spellings = new Set(Object.keys(value).map(toSnakeCase));
  for (const key of Array.isArray(schema.required) ? schema.required : []) {
    // A camelCase spelling of a required option gets its own "did you mean" issue below.
    if (typeof key === 'string' && !Object.hasOwn(value, key) && !spellings.has(key)) {
      issues.add(path, `missing required option '${key}'`);
    }
  }
  const known = Object.keys(properties);
  for (const [key, item] of Object.entries(value)) {
    if (Object.hasOwn(properties, key) && isMapping(properties[key])) {
      checkAgainstSchema(item, properties[key], [...path, key], issues);
    } else if (schema.additionalProperties === false && !Object.hasOwn(properties, key)) {
      const snake = toSnakeCase(key);
      const hint = Object.hasOwn(properties, snake)
        ? `; did you mean '${snake}'? (files use snake_case)`
        : '';
      const valid = known.length > 0 ? `; valid options: ${known.join(', ')}` : '; it takes no options';
      issues.add([...path, key], `unknown option '${key}'${hint || valid}`, { atKey: true });
    } else if (isMapping(schema.additionalProperties)) {
      checkAgainstSchema(item, schema.additionalProperties, [...path, key], issues);
    }
  }
}

/** True when the value passes the schema, properties included. */
function matches(value: unknown, schema: JsonSchema): boolean {
  const scratch = new IssueList();
  checkAgainstSchema(value, schema, [], scratch);
  return scratch.size === 0;
}

function typeMatches(value: unknown, type: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => {
    switch (t) {
      case 'string':
        return typeof value === 'string';
      case 'number':
        return typeof value === 'number' && Number.isFinite(value);
      case 'integer':
        return Number.isInteger(value);
      case 'boolean':
        return typeof value === 'boolean';
      case 'null':
        return value === null;
      case 'array':
        return Array.isArray(value);
      case 'object':
        return isMapping(value);
      default:
        return true;
    }
  });
}

function describeSchema(schema: JsonSchema): string {
  if (Array.isArray(schema.type)) return schema.type.map((t) => describeSchemaType(String(t))).join(' or ');
  if (typeof schema.type === 'string') {
    const base = describeSchemaType(schema.type);
    return typeof schema.minimum === 'number' ? `${base} >= ${schema.minimum}` : base;
  }
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  return 'a valid value';
}

function describeSchemaType(type: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    integer: 'an integer',
    boolean: 'a boolean',
    null: 'null',
    array: 'an array',
    object: 'a mapping',
  };
  return names[type] ?? type;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return describeType(value);
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

/** The file-side form of an options schema: top-level property names and `required` in snake_case. */
export function snakeCaseOptionsSchema(schema: JsonSchema): JsonSchema {
  const result: JsonSchema = { ...schema };
  if (isMapping(schema.properties)) {
    result.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [toSnakeCase(k), v]),
    );
  }
  if (Array.isArray(schema.required)) {
    result.required = schema.required.map((key) => (typeof key === 'string' ? toSnakeCase(key) : key));
  }
  return result;
}
