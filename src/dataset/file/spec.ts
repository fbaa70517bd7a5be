import type { EvaluatorSpec } from '../../evaluators/evaluator.js';
import { type DataPath, describeType, type IssueList, isMapping } from './errors.js';
import { toSnakeCase } from './naming.js';

/** An evaluator spec as read from a file: a name and its arguments in file form (snake_case keys). */
export interface FileSpec {
  name: string;
  arguments: null | { positional: unknown } | { keyword: Record<string, unknown> };
}

/**
 * Reads one evaluator spec in any pydantic-evals form: `'Name'`, `{ Name: value }` (one positional
 * argument, unless value is a mapping: keyword arguments), `{ Name: { key: value } }`, and the long form
 * `{ name, arguments }` with `arguments` null, a one-item list or a mapping.
 */
export function readSpec(raw: unknown, path: DataPath, issues: IssueList): FileSpec | undefined {
  if (typeof raw === 'string') {
    if (raw.length > 0) return { name: raw, arguments: null };
    issues.add(path, 'An evaluator name must not be empty');
    return undefined;
  }
  if (!isMapping(raw)) {
    issues.add(
      path,
      `Expected an evaluator spec ('Name', { Name: argument } or { Name: { option: value } }), got ${describeType(raw)}`,
    );
    return undefined;
  }
  const keys = Object.keys(raw);
  if (keys.length === 2 && Object.hasOwn(raw, 'name') && Object.hasOwn(raw, 'arguments')) {
    return readLongForm(raw, path, issues);
  }
  if (keys.length !== 1) {
    const found = keys.length === 0 ? 'none' : keys.map((key) => `'${key}'`).join(', ');
    issues.add(
      path,
      `Expected a single key containing the evaluator name, found ${keys.length === 0 ? '' : 'keys '}${found}`,
    );
    return undefined;
  }
  const name = keys[0]!;
  const value = raw[name];
  if (name.length === 0) {
    issues.add(path, 'An evaluator name must not be empty', { atKey: true });
    return undefined;
  }
  return { name, arguments: isMapping(value) ? { keyword: value } : { positional: value } };
}

function readLongForm(raw: Record<string, unknown>, path: DataPath, issues: IssueList): FileSpec | undefined {
  const { name, arguments: args } = raw;
  if (typeof name !== 'string' || name.length === 0) {
    issues.add(
      [...path, 'name'],
      `Expected the evaluator name as a non-empty string, got ${describeType(name)}`,
    );
    return undefined;
  }
  if (args === null || args === undefined) return { name, arguments: null };
  if (isMapping(args)) return { name, arguments: { keyword: args } };
  if (Array.isArray(args) && args.length === 1) return { name, arguments: { positional: args[0] } };
  issues.add(
    [...path, 'arguments'],
    `Expected arguments to be null, a one-item list or a mapping, got ${describeType(args)}`,
  );
  return undefined;
}

/**
 * The shortest file form of a spec that reads back the same: `'Name'`, `{ Name: value }` or
 * `{ Name: { snake_key: value } }`; option keys become snake_case.
 */
export function writeSpec(spec: EvaluatorSpec): unknown {
  const { name, arguments: args } = spec;
  if (args === null) return name;
  if (Array.isArray(args)) {
    const [value] = args;
    // A mapping would read back as keyword arguments: use the long form, as pydantic-evals does.
    return isMapping(value) ? { name, arguments: [value] } : { [name]: value };
  }
  return {
    [name]: Object.fromEntries(Object.entries(args).map(([key, value]) => [toSnakeCase(key), value])),
  };
}
