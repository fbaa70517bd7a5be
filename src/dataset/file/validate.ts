import type { StandardSchemaV1 } from '@standard-schema/spec';
import { TypedEvalsError } from '../../errors.js';
import { type DataPath, DatasetLoadError, formatPath, IssueList, thrownMessage } from './errors.js';

/**
 * Standard Schemas (zod, valibot, arktype...) for a dataset's data. A case's values are replaced by the
 * schema's output, so transforms and defaults apply. `expectedOutput` and `metadata` are only checked
 * when present.
 */
export interface DatasetSchema<Inputs = any, Output = any, Metadata = any> {
  inputs?: StandardSchemaV1<unknown, Inputs>;
  expectedOutput?: StandardSchemaV1<unknown, Output>;
  metadata?: StandardSchemaV1<unknown, Metadata>;
}

/** The values a schema checks, by their code names and their file names. */
const FIELDS = [
  ['inputs', 'inputs'],
  ['expectedOutput', 'expected_output'],
  ['metadata', 'metadata'],
] as const;

type CaseValues = { inputs?: unknown; expectedOutput?: unknown; metadata?: unknown };

/** Throws unless every given part is a Standard Schema. */
export function checkDatasetSchema(schema: unknown): asserts schema is DatasetSchema | undefined {
  if (schema === undefined) return;
  if (typeof schema !== 'object' || schema === null) {
    throw new TypedEvalsError(
      'schema must be an object like { inputs, expectedOutput, metadata }',
      'INVALID_OPTION',
    );
  }
  for (const key of Object.keys(schema)) {
    const part = (schema as Record<string, unknown>)[key];
    if (!FIELDS.some(([field]) => field === key)) {
      throw new TypedEvalsError(
        `schema.${key} is not a dataset field; use inputs, expectedOutput or metadata`,
        'INVALID_OPTION',
      );
    }
    if (part !== undefined && typeof (part as StandardSchemaV1)?.['~standard']?.validate !== 'function') {
      throw new TypedEvalsError(
        `schema.${key} must be a Standard Schema (zod, valibot, arktype...)`,
        'INVALID_OPTION',
      );
    }
  }
}

/**
 * Validates a case's values synchronously; returns the validated values, or undefined after adding
 * issues (paths under `path`, with file key names when `fileKeys`).
 */
export function validateCaseValues<T extends CaseValues>(
  values: T,
  schema: DatasetSchema,
  path: DataPath,
  issues: IssueList,
  fileKeys = true,
): T | undefined {
  const result = { ...values };
  let ok = true;
  for (const [field, fileKey] of FIELDS) {
    const part = schema[field];
    if (part === undefined || (field !== 'inputs' && values[field] === undefined)) continue;
    const where = [...path, fileKeys ? fileKey : field];
    const outcome = runSchema(part, values[field], where, issues);
    if (outcome === undefined) ok = false;
    else result[field] = outcome.value as T[typeof field];
  }
  return ok ? result : undefined;
}

/** The async form, for sources that can wait (JSONL streams). */
export async function validateCaseValuesAsync<T extends CaseValues>(
  values: T,
  schema: DatasetSchema,
  path: DataPath,
  issues: IssueList,
): Promise<T | undefined> {
  const result = { ...values };
  let ok = true;
  for (const [field, fileKey] of FIELDS) {
    const part = schema[field];
    if (part === undefined || (field !== 'inputs' && values[field] === undefined)) continue;
    let outcome: StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>;
    try {
      outcome = await part['~standard'].validate(values[field]);
    } catch (error) {
      issues.add([...path, fileKey], `schema validation threw: ${thrownMessage(error)}`);
      ok = false;
      continue;
    }
    if (addSchemaIssues(outcome, [...path, fileKey], issues))
      result[field] = (outcome as { value: unknown }).value as never;
    else ok = false;
  }
  return ok ? result : undefined;
}

function runSchema(part: StandardSchemaV1, value: unknown, path: DataPath, issues: IssueList) {
  let outcome: StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>;
  try {
    outcome = part['~standard'].validate(value);
  } catch (error) {
    issues.add(path, `schema validation threw: ${thrownMessage(error)}`);
    return undefined;
  }
  if (outcome instanceof Promise) {
    outcome.catch(() => {});
    issues.add(
      path,
      'the schema validates asynchronously; loading needs a synchronous schema (Dataset.stream accepts async ones)',
    );
    return undefined;
  }
  return addSchemaIssues(outcome, path, issues) ? (outcome as { value: unknown }) : undefined;
}

/** Adds the schema's issues under `path`; true when there were none. */
function addSchemaIssues(
  outcome: StandardSchemaV1.Result<unknown>,
  path: DataPath,
  issues: IssueList,
): boolean {
  if (!outcome.issues) return true;
  for (const issue of outcome.issues) {
    const segments = (issue.path ?? []).map((segment) => {
      const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
      return typeof key === 'number' ? key : String(key);
    });
    issues.add([...path, ...segments], issue.message);
  }
  if (outcome.issues.length === 0) issues.add(path, 'failed schema validation');
  return false;
}

/**
 * For code paths (the Dataset constructor, addCase): validates every case, then throws one
 * DatasetLoadError listing all issues (paths with code names: `cases[2].expectedOutput`), or returns the
 * validated values.
 */
export function validateCasesOrThrow<T extends CaseValues>(
  cases: readonly T[],
  schema: DatasetSchema,
  pathOf: (index: number) => DataPath,
): T[] {
  const issues = new IssueList();
  const results = cases.map((values, index) =>
    validateCaseValues(values, schema, pathOf(index), issues, false),
  );
  if (issues.size === 0) return results as T[];
  throw new DatasetLoadError(
    issues.items.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  );
}
