import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { TypedEvalsError } from '../../errors.js';
import { MatchesSchema } from '../../evaluators/common.js';
import type { EvaluatorSpec } from '../../evaluators/evaluator.js';
import type { Case } from '../case.js';
import type { Dataset } from '../dataset.js';
import { type EvaluatorClassLike, EvaluatorRegistry, type ReportEvaluatorClassLike } from '../registry.js';
import { type DataPath, formatIssue, formatPath, IssueList } from './errors.js';
import { type DatasetFormat, fileStem, inferFormat, toFilePath } from './format.js';
import { buildDatasetJsonSchema } from './json-schema.js';
import { writeSpec } from './spec.js';
import { stringifyYaml } from './yaml.js';

export interface ToFileOptions {
  /**
   * Where the JSON Schema file goes, relative to the dataset's folder (`{stem}` is the dataset file's
   * name without extension); `null` writes none. The file is only rewritten when its content changes.
   * @default '{stem}_schema.json'
   */
  schemaPath?: string | null;
  /** Default: from the extension. */
  format?: DatasetFormat;
  /** More evaluator classes for the schema file (the dataset's own are included). */
  evaluators?: readonly EvaluatorClassLike<any>[];
  reportEvaluators?: readonly ReportEvaluatorClassLike[];
}

/** The pydantic-evals file layout: snake_case keys, shortest evaluator specs, absent fields left out. */
export function datasetToObject(dataset: Dataset, allowNonFinite = true): Record<string, unknown> {
  const issues = new IssueList();
  const data = (value: unknown, path: DataPath) => toPlainData(value, path, issues, allowNonFinite);
  const specs = (list: readonly { toSpec(): EvaluatorSpec }[], path: DataPath) =>
    list.map((evaluator, i) => specToFile(evaluator, [...path, i], issues, allowNonFinite));
  const cases = dataset.cases.map((c: Case, i) => {
    const out: Record<string, unknown> = {};
    if (c.name !== undefined) out.name = c.name;
    out.inputs = c.inputs === undefined ? null : data(c.inputs, ['cases', i, 'inputs']);
    if (c.metadata !== undefined) out.metadata = data(c.metadata, ['cases', i, 'metadata']);
    if (c.expectedOutput !== undefined)
      out.expected_output = data(c.expectedOutput, ['cases', i, 'expected_output']);
    if (c.evaluators.length > 0) out.evaluators = specs(c.evaluators, ['cases', i, 'evaluators']);
    return out;
  });
  const result: Record<string, unknown> = { name: dataset.name, cases };
  if (dataset.evaluators.length > 0) result.evaluators = specs(dataset.evaluators, ['evaluators']);
  if (dataset.reportEvaluators.length > 0) {
    result.report_evaluators = specs(dataset.reportEvaluators, ['report_evaluators']);
  }
  if (issues.size > 0) throw notSerialisable(dataset.name, issues);
  return result;
}

function specToFile(
  evaluator: { toSpec(): EvaluatorSpec },
  path: DataPath,
  issues: IssueList,
  allowNonFinite: boolean,
) {
  const spec = evaluator.toSpec();
  if (evaluator instanceof MatchesSchema) {
    issues.add(
      path,
      'MatchesSchema is code-only (a schema is not data): add it in code after loading the file',
    );
    return spec.name;
  }
  const before = issues.size;
  const args = toPlainData(spec.arguments, path, issues, allowNonFinite);
  if (issues.size > before) {
    const added = issues.items.splice(before);
    issues.add(path, `${spec.name} cannot be written to a file: ${added.map((i) => i.message).join('; ')}`);
  }
  return writeSpec({ name: spec.name, arguments: args as EvaluatorSpec['arguments'] });
}

/**
 * A JSON/YAML-ready copy: plain objects, arrays, strings, finite numbers, booleans, null; Dates become
 * ISO strings; object fields that are undefined are left out. Anything else is an issue.
 */
function toPlainData(
  value: unknown,
  path: DataPath,
  issues: IssueList,
  allowNonFinite: boolean,
  seen = new Set<object>(),
): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value) && !allowNonFinite) issues.add(path, `${value} cannot be written to JSON`);
      return value;
    case 'undefined':
      return null;
    case 'object':
      break;
    default:
      issues.add(path, `a ${typeof value} cannot be written to a file`);
      return null;
  }
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) {
    issues.add(path, 'a circular reference cannot be written to a file');
    return null;
  }
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
    issues.add(
      path,
      `a ${proto?.constructor?.name ?? 'class'} instance cannot be written to a file (only plain data)`,
    );
    return null;
  }
  seen.add(value);
  try {
    if (Array.isArray(value))
      return value.map((item, i) => toPlainData(item, [...path, i], issues, allowNonFinite, seen));
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return Object.fromEntries(
      entries.map(([k, v]) => [k, toPlainData(v, [...path, k], issues, allowNonFinite, seen)]),
    );
  } finally {
    seen.delete(value);
  }
}

function notSerialisable(name: string, issues: IssueList): TypedEvalsError {
  const lines = issues.items.map(
    (issue) => `  ${formatIssue({ path: formatPath(issue.path), message: issue.message })}`,
  );
  return new TypedEvalsError(
    [`Dataset '${name}' cannot be written to a file:`, ...lines].join('\n'),
    'DATASET_NOT_SERIALIZABLE',
  );
}

/** The text of a dataset file; `schemaRef` goes in the yaml-language-server comment or the `$schema` key. */
export function datasetToText(dataset: Dataset, format: DatasetFormat, schemaRef?: string): string {
  if (format === 'jsonl') return jsonlText(dataset);
  if (format === 'json') {
    const body = datasetToObject(dataset, false);
    return `${JSON.stringify(schemaRef === undefined ? body : { $schema: schemaRef, ...body }, null, 2)}\n`;
  }
  const header = schemaRef === undefined ? '' : `# yaml-language-server: $schema=${schemaRef}\n`;
  return header + stringifyYaml(datasetToObject(dataset));
}

function jsonlText(dataset: Dataset): string {
  if (dataset.evaluators.length > 0 || dataset.reportEvaluators.length > 0) {
    throw new TypedEvalsError(
      `Dataset '${dataset.name}' has dataset-level evaluators, which a JSONL file (one case per line) cannot hold: ` +
        'write .yaml or .json, or pass them in code (Dataset.stream(path, { evaluators }))',
      'DATASET_NOT_SERIALIZABLE',
    );
  }
  const { cases } = datasetToObject(dataset, false) as { cases: unknown[] };
  return cases.map((c) => `${JSON.stringify(c)}\n`).join('');
}

/** Writes the dataset file, and its JSON Schema file beside it unless `schemaPath` is null (or the format is JSONL). */
export function writeDatasetFile(dataset: Dataset, file: string | URL, options: ToFileOptions = {}): void {
  const path = toFilePath(file);
  const format = inferFormat(path, options.format);
  const schemaFile =
    format === 'jsonl' || options.schemaPath === null ? undefined : schemaFilePath(path, options.schemaPath);
  const text = datasetToText(dataset, format, schemaFile?.ref);
  mkdirSync(dirname(resolve(path)), { recursive: true });
  if (schemaFile) {
    const evaluators = EvaluatorRegistry.create('evaluator', options.evaluators ?? []).withClassesOf(
      allEvaluators(dataset),
    );
    const reports = EvaluatorRegistry.create(
      'report evaluator',
      options.reportEvaluators ?? [],
    ).withClassesOf(dataset.reportEvaluators);
    const schema = buildDatasetJsonSchema(evaluators, reports, dataset.schema);
    writeIfChanged(schemaFile.absolute, `${JSON.stringify(schema, null, 2)}\n`);
  }
  writeFileSync(path, text, 'utf8');
}

function allEvaluators(dataset: Dataset): object[] {
  return [...dataset.evaluators, ...dataset.cases.flatMap((c) => c.evaluators)];
}

/** The schema file's absolute path and the reference written in the dataset (relative, with forward slashes). */
function schemaFilePath(datasetPath: string, schemaPath: string | undefined) {
  const folder = dirname(resolve(datasetPath));
  const given = (schemaPath ?? '{stem}_schema.json').replaceAll('{stem}', fileStem(datasetPath));
  const absolute = isAbsolute(given) ? given : resolve(folder, given);
  const ref = isAbsolute(given) ? relative(folder, absolute) : given;
  return { absolute, ref: ref.split(sep).join('/') };
}

function writeIfChanged(path: string, content: string): void {
  try {
    if (readFileSync(path, 'utf8') === content) return;
  } catch {
    // missing or unreadable: write it
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, 'utf8');
}
