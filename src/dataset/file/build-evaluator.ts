import type { EvaluatorRegistry, JsonSchema, RegistryEntry } from '../registry.js';
import { type DataPath, describeType, IssueList, isMapping, thrownMessage } from './errors.js';
import { closestName, toCamelCase, toSnakeCase } from './naming.js';
import { checkAgainstSchema, snakeCaseOptionsSchema } from './options-schema.js';
import { type FileSpec, readSpec } from './spec.js';

/**
 * Builds the evaluators of one list (`evaluators:` of a case or of the dataset), adding an issue for
 * every spec that cannot be built. Never runs code named by the file: only registered classes are built.
 */
export function buildEvaluators<T>(
  raw: unknown,
  path: DataPath,
  registry: EvaluatorRegistry,
  issues: IssueList,
): T[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    issues.add(path, `Expected a list of evaluator specs, got ${describeType(raw)}`);
    return [];
  }
  const built: T[] = [];
  raw.forEach((item, index) => {
    const evaluator = buildEvaluator<T>(item, [...path, index], registry, issues);
    if (evaluator !== undefined) built.push(evaluator);
  });
  return built;
}

function buildEvaluator<T>(
  raw: unknown,
  path: DataPath,
  registry: EvaluatorRegistry,
  issues: IssueList,
): T | undefined {
  const spec = readSpec(raw, path, issues);
  if (!spec) return undefined;
  const longForm = isMapping(raw) && Object.hasOwn(raw, 'arguments') && Object.keys(raw).length === 2;
  const entry = registry.get(spec.name);
  if (!entry) {
    const message = registry.unknownNameMessage(spec.name, closestName(spec.name, registry.names()));
    if (longForm) issues.add([...path, 'name'], message);
    else if (isMapping(raw)) issues.add([...path, spec.name], message, { atKey: true });
    else issues.add(path, message);
    return undefined;
  }
  const argsPath = longForm ? [...path, 'arguments'] : [...path, spec.name];
  const local = new IssueList();
  const options = fileOptions(spec, entry, argsPath, local);
  issues.items.push(...local.items);
  if (options === undefined || local.size > 0) return undefined;
  return instantiate<T>(entry, options, registry.kind, path, issues);
}

/** The options in file form (snake_case keys), checked against the class's options schema when it has one. */
function fileOptions(spec: FileSpec, entry: RegistryEntry, argsPath: DataPath, issues: IssueList) {
  const schema = entry.optionsSchema ? snakeCaseOptionsSchema(entry.optionsSchema) : undefined;
  if (spec.arguments === null) {
    if (schema) checkAgainstSchema({}, schema, argsPath, issues);
    return {};
  }
  if ('keyword' in spec.arguments) {
    const options = spec.arguments.keyword;
    if (schema) checkAgainstSchema(options, schema, argsPath, issues);
    else checkDuplicateSpellings(options, argsPath, issues);
    return options;
  }
  return positionalOptions(spec.arguments.positional, entry, schema, argsPath, issues);
}

/** `- Name: value` fills the class's `primaryArg`. */
function positionalOptions(
  value: unknown,
  entry: RegistryEntry,
  schema: JsonSchema | undefined,
  valuePath: DataPath,
  issues: IssueList,
): Record<string, unknown> | undefined {
  const primary = entry.cls.primaryArg;
  if ((typeof primary !== 'string' || primary.length === 0) && value === null) {
    // `- Name:` with nothing after it (YAML null), for a class without a primary option: no options.
    if (schema) checkAgainstSchema({}, schema, valuePath, issues);
    return {};
  }
  if (typeof primary !== 'string' || primary.length === 0) {
    issues.add(
      valuePath,
      `${entry.name} takes no single argument; write its options as a mapping: - ${entry.name}: { option: value }`,
    );
    return undefined;
  }
  const key = toSnakeCase(primary);
  if (schema) {
    const properties = isMapping(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
    if (isMapping(properties[key])) checkAgainstSchema(value, properties[key], valuePath, issues);
    const required = Array.isArray(schema.required) ? schema.required.filter((name) => name !== key) : [];
    for (const name of required)
      issues.add(valuePath, `missing required option '${String(name)}': use the mapping form`);
  }
  return { [key]: value };
}

function checkDuplicateSpellings(options: Record<string, unknown>, path: DataPath, issues: IssueList): void {
  const seen = new Map<string, string>();
  for (const key of Object.keys(options)) {
    const camel = toCamelCase(key);
    const first = seen.get(camel);
    if (first !== undefined)
      issues.add([...path, key], `option '${key}' repeats '${first}'`, { atKey: true });
    else seen.set(camel, key);
  }
}

/** `new Cls(camelCaseOptions)`; a throwing constructor becomes an issue. */
function instantiate<T>(
  entry: RegistryEntry,
  fileOptions: Record<string, unknown>,
  kind: string,
  path: DataPath,
  issues: IssueList,
): T | undefined {
  let options = Object.fromEntries(
    Object.entries(fileOptions).map(([key, value]) => [toCamelCase(key), value]),
  );
  try {
    if (entry.coerce) options = entry.coerce(options);
    const instance = new entry.cls(options) as unknown;
    if (typeof (instance as { evaluate?: unknown })?.evaluate !== 'function') {
      issues.add(path, `Failed to instantiate ${kind} '${entry.name}': the class built no evaluator`);
      return undefined;
    }
    return instance as T;
  } catch (error) {
    issues.add(path, `Failed to instantiate ${kind} '${entry.name}': ${thrownMessage(error)}`);
    return undefined;
  }
}
