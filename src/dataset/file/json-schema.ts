import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { EvaluatorRegistry, JsonSchema, RegistryEntry } from '../registry.js';
import { isMapping } from './errors.js';
import { toSnakeCase } from './naming.js';
import { snakeCaseOptionsSchema } from './options-schema.js';
import type { DatasetSchema } from './validate.js';

/**
 * The JSON Schema of a dataset file (draft 2020-12), for editor completion and checks: the
 * pydantic-evals layout, every registered evaluator in each spec form it accepts, and typed inputs /
 * expected_output / metadata when the dataset schema can describe itself (`~standard.jsonSchema`, e.g. zod 4).
 */
export function buildDatasetJsonSchema(
  evaluators: EvaluatorRegistry,
  reportEvaluators: EvaluatorRegistry,
  schema: DatasetSchema | undefined,
): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  const inputs = embedSchema(schema?.inputs, 'Inputs', defs);
  const expectedOutput = nullable(embedSchema(schema?.expectedOutput, 'ExpectedOutput', defs));
  const metadata = nullable(embedSchema(schema?.metadata, 'Metadata', defs));
  defs.Case = {
    type: 'object',
    properties: {
      name: {
        type: ['string', 'null'],
        description: 'Unique within the dataset; unnamed cases are called Case N.',
      },
      inputs: { ...inputs, description: 'Passed to the task.' },
      metadata: { ...metadata, description: 'Seen by evaluators, not by the task. null means none.' },
      expected_output: { ...expectedOutput, description: 'What the task should return. null means none.' },
      evaluators: {
        type: 'array',
        items: { $ref: '#/$defs/EvaluatorSpec' },
        description: 'Run on this case first.',
      },
    },
    required: ['inputs'],
    additionalProperties: false,
  };
  defs.EvaluatorSpec = specUnion(evaluators);
  defs.ReportEvaluatorSpec = specUnion(reportEvaluators);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'typed-evals dataset',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      name: {
        type: ['string', 'null'],
        description: 'Dataset name; default: the file name without extension.',
      },
      cases: { type: 'array', items: { $ref: '#/$defs/Case' } },
      evaluators: {
        type: 'array',
        items: { $ref: '#/$defs/EvaluatorSpec' },
        description: 'Run on every case.',
      },
      report_evaluators: { type: 'array', items: { $ref: '#/$defs/ReportEvaluatorSpec' } },
    },
    required: ['cases'],
    additionalProperties: false,
    $defs: defs,
  };
}

/** Every spec form of every registered class, plus the long form `{ name, arguments }`. */
function specUnion(registry: EvaluatorRegistry): JsonSchema {
  const entries = registry.entries();
  if (entries.length === 0) return { not: {}, description: `No ${registry.kind}s are registered.` };
  const longForm: JsonSchema = {
    type: 'object',
    properties: {
      name: { enum: entries.map((entry) => entry.name) },
      arguments: {
        anyOf: [{ type: 'null' }, { type: 'array', minItems: 1, maxItems: 1 }, { type: 'object' }],
      },
    },
    required: ['name', 'arguments'],
    additionalProperties: false,
  };
  return { anyOf: [...entries.flatMap(specForms), longForm] };
}

/** `'Name'` when no option is required, `{ Name: value }` for the primary option, `{ Name: { options } }`. */
function specForms(entry: RegistryEntry): JsonSchema[] {
  const { name } = entry;
  const single = (value: JsonSchema): JsonSchema => ({
    type: 'object',
    properties: { [name]: value },
    required: [name],
    additionalProperties: false,
  });
  if (!entry.optionsSchema) return [{ const: name }, single({})];
  const options = snakeCaseOptionsSchema(entry.optionsSchema);
  const properties = isMapping(options.properties) ? (options.properties as Record<string, JsonSchema>) : {};
  const required = Array.isArray(options.required) ? options.required : [];
  const forms: JsonSchema[] = [];
  if (required.length === 0) forms.push({ const: name });
  const primary = entry.cls.primaryArg ? toSnakeCase(entry.cls.primaryArg) : undefined;
  if (primary && isMapping(properties[primary]) && required.every((key) => key === primary)) {
    forms.push(single(properties[primary]));
  }
  if (Object.keys(properties).length > 0) forms.push(single(options));
  return forms;
}

/** `{ anyOf: [schema, null] }`: pydantic-evals writes null for absent values. */
function nullable(schema: JsonSchema): JsonSchema {
  return Object.keys(schema).length === 0 ? schema : { anyOf: [schema, { type: 'null' }] };
}

/**
 * A Standard Schema's own JSON Schema, moved into `$defs[name]` with its internal `$defs` and `$ref`s
 * renamed so they still resolve; `{}` (anything) when it cannot describe itself.
 */
function embedSchema(
  schema: StandardSchemaV1 | undefined,
  name: string,
  defs: Record<string, JsonSchema>,
): JsonSchema {
  const converter = (schema?.['~standard'] as { jsonSchema?: { input?: (o: object) => unknown } } | undefined)
    ?.jsonSchema;
  if (typeof converter?.input !== 'function') return {};
  let generated: unknown;
  try {
    generated = converter.input({ target: 'draft-2020-12' });
  } catch {
    return {};
  }
  if (!isMapping(generated)) return {};
  const { $schema: _ignored, $defs: inner, ...rest } = generated as JsonSchema;
  const rename = (ref: string) =>
    ref === '#' ? `#/$defs/${name}` : ref.replace(/^#\/\$defs\//, `#/$defs/${name}_`);
  if (isMapping(inner)) {
    for (const [key, value] of Object.entries(inner))
      defs[`${name}_${key}`] = rewriteRefs(value, rename) as JsonSchema;
  }
  defs[name] = rewriteRefs(rest, rename) as JsonSchema;
  return { $ref: `#/$defs/${name}` };
}

function rewriteRefs(value: unknown, rename: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, rename));
  if (!isMapping(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === '$ref' && typeof item === 'string' ? rename(item) : rewriteRefs(item, rename),
    ]),
  );
}
