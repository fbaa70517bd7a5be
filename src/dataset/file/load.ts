import { readFileSync } from 'node:fs';
import { TypedEvalsError } from '../../errors.js';
import type { Evaluator } from '../../evaluators/evaluator.js';
import type { ReportEvaluator } from '../../evaluators/report-evaluator.js';
import type { CaseInit } from '../case.js';
import { Dataset } from '../dataset.js';
import { type EvaluatorClassLike, EvaluatorRegistry, type ReportEvaluatorClassLike } from '../registry.js';
import {
  type DataPath,
  type DatasetIssue,
  DatasetLoadError,
  formatPath,
  IssueList,
  type PendingIssue,
} from './errors.js';
import { checkFormat, type DatasetFormat, fileStem, inferFormat, toFilePath } from './format.js';
import { jsonLocator, lineColumnAt } from './json-scan.js';
import { isBlankLine, jsonlLines, readJsonlLine, withFile } from './jsonl.js';
import { type DatasetParts, type ReadContext, readDataset } from './read-dataset.js';
import { parseText } from './source.js';
import { checkDatasetSchema, type DatasetSchema } from './validate.js';
import type { Position } from './yaml.js';

/** Options shared by every loader. */
export interface LoadOptions<Inputs = any, Output = any, Metadata = any> {
  /**
   * Custom evaluator classes that files may name (`[StartsWithExpected]`), built as `new Cls(options)`.
   * Evaluator instances given here are added to the dataset's evaluators, after the file's.
   */
  evaluators?: readonly (EvaluatorClassLike<any> | Evaluator<Inputs, Output, Metadata>)[];
  /** Custom report evaluator classes (and instances to add), as for `evaluators`. */
  reportEvaluators?: readonly (ReportEvaluatorClassLike | ReportEvaluator<Inputs, Output, Metadata>)[];
  /** Standard Schemas that every case's inputs, expected output and metadata must pass. */
  schema?: DatasetSchema<Inputs, Output, Metadata>;
}

export interface FromFileOptions<Inputs = any, Output = any, Metadata = any>
  extends LoadOptions<Inputs, Output, Metadata> {
  /** Default: from the extension (`.yaml`, `.yml`, `.json`, `.jsonl`). */
  format?: DatasetFormat;
}

export interface FromTextOptions<Inputs = any, Output = any, Metadata = any>
  extends LoadOptions<Inputs, Output, Metadata> {
  /** @default 'yaml' */
  format?: DatasetFormat;
  /** Used when the data has no `name`. */
  defaultName?: string;
}

export interface FromObjectOptions<Inputs = any, Output = any, Metadata = any>
  extends LoadOptions<Inputs, Output, Metadata> {
  /** Used when the data has no `name`. */
  defaultName?: string;
}

/** Marks DatasetInit whose cases were already validated against its schema (by a loader). */
export const VALIDATED_CASES: unique symbol = Symbol('typed-evals.validatedCases');

type Locate = (path: DataPath, atKey?: boolean) => Position | undefined;

export function loadFile<I, O, M>(
  file: string | URL,
  options: FromFileOptions<I, O, M> = {},
): Dataset<I, O, M> {
  const path = toFilePath(file);
  const format = inferFormat(path, options.format);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason =
      (error as { code?: string }).code === 'ENOENT'
        ? 'File not found'
        : `Cannot read the file: ${String(error)}`;
    throw new DatasetLoadError([{ path: '', message: reason, file: path }], { file: path, cause: error });
  }
  return loadText(text, { ...options, format, defaultName: fileStem(path) }, path);
}

export function loadText<I, O, M>(
  text: string,
  options: FromTextOptions<I, O, M> = {},
  file?: string,
): Dataset<I, O, M> {
  if (typeof text !== 'string') {
    throw new TypedEvalsError(`Dataset.fromText expects a string, got ${typeof text}`, 'INVALID_OPTION');
  }
  const format = checkFormat(options.format ?? 'yaml');
  const ctx = readContext(options);
  if (format === 'jsonl') return loadJsonl(text, ctx, options, file);
  const parsed = parseText(text, format);
  if (parsed.syntaxIssues.length > 0) throw loadError(parsed.syntaxIssues, parsed.locate, file);
  const parts = readDataset(parsed.value, ctx);
  return finish(parts, ctx, options, (issues) => loadError(issues, parsed.locate, file));
}

export function loadObject<I, O, M>(
  value: unknown,
  options: FromObjectOptions<I, O, M> = {},
): Dataset<I, O, M> {
  const ctx = readContext(options);
  const parts = readDataset(value, ctx);
  return finish(parts, ctx, options, (issues) => loadError(issues, () => undefined, undefined));
}

/** Registries and schema from the options; evaluator instances are kept aside to add to the dataset. */
export function readContext(options: LoadOptions): ReadContext & { extra: ExtraEvaluators } {
  checkDatasetSchema(options.schema);
  const evaluators = splitClasses(options.evaluators, 'evaluators');
  const reportEvaluators = splitClasses(options.reportEvaluators, 'reportEvaluators');
  return {
    evaluators: EvaluatorRegistry.create('evaluator', evaluators.classes),
    reportEvaluators: EvaluatorRegistry.create('report evaluator', reportEvaluators.classes),
    schema: options.schema,
    issues: new IssueList(),
    extra: {
      evaluators: evaluators.instances as Evaluator[],
      reportEvaluators: reportEvaluators.instances as ReportEvaluator[],
    },
  };
}

interface ExtraEvaluators {
  evaluators: Evaluator[];
  reportEvaluators: ReportEvaluator[];
}

function splitClasses(list: readonly unknown[] | undefined, option: string) {
  const classes: unknown[] = [];
  const instances: unknown[] = [];
  if (list === undefined) return { classes, instances };
  if (!Array.isArray(list)) {
    throw new TypedEvalsError(`${option} must be an array of evaluator classes`, 'INVALID_OPTION');
  }
  for (const item of list) {
    if (typeof item === 'function') {
      classes.push(item);
    } else if (typeof (item as { evaluate?: unknown })?.evaluate === 'function') {
      instances.push(item);
    } else {
      const what = `${option} holds ${String(item)}`;
      throw new TypedEvalsError(`${what}: not an evaluator class nor an evaluator`, 'INVALID_OPTION');
    }
  }
  return { classes, instances };
}

function finish<I, O, M>(
  parts: DatasetParts,
  ctx: ReadContext & { extra: ExtraEvaluators },
  options: FromObjectOptions<I, O, M>,
  fail: (issues: readonly PendingIssue[]) => DatasetLoadError,
): Dataset<I, O, M> {
  const name = parts.name ?? options.defaultName;
  if (name === undefined || name === '') {
    ctx.issues.add(
      [],
      "Dataset name is required: provide one in the data ('name: ...') or via `defaultName`",
    );
  }
  if (ctx.issues.size > 0) throw fail(ctx.issues.items);
  return buildDataset(name!, parts.cases, parts, ctx);
}

function buildDataset<I, O, M>(
  name: string,
  cases: CaseInit[],
  parts: Omit<DatasetParts, 'cases' | 'name'>,
  ctx: ReadContext & { extra: ExtraEvaluators },
): Dataset<I, O, M> {
  return new Dataset<I, O, M>({
    name,
    cases,
    evaluators: [...parts.evaluators, ...ctx.extra.evaluators],
    reportEvaluators: [...parts.reportEvaluators, ...ctx.extra.reportEvaluators],
    schema: ctx.schema,
    [VALIDATED_CASES]: true,
  } as ConstructorParameters<typeof Dataset<I, O, M>>[0]);
}

/** A JSONL text read whole: one case per non-blank line; the dataset name comes from the file or `defaultName`. */
function loadJsonl<I, O, M>(
  text: string,
  ctx: ReadContext & { extra: ExtraEvaluators },
  options: FromTextOptions<I, O, M>,
  file: string | undefined,
): Dataset<I, O, M> {
  const issues: DatasetIssue[] = [];
  const cases: CaseInit[] = [];
  const firstLine = new Map<string, number>();
  const lineContext = { ...ctx, issues: new IssueList() };
  for (const [line, lineNumber] of jsonlLines(text)) {
    if (isBlankLine(line)) continue;
    const read = readJsonlLine(line, lineNumber, lineContext, file);
    issues.push(...read.issues);
    const name = read.case?.name;
    if (name !== undefined && name !== '') {
      const first = firstLine.get(name);
      if (first !== undefined) {
        const { column } = lineColumnAt(line, jsonLocator(line)(['name']));
        const message = `Duplicate case name: '${name}' (first used on line ${first})`;
        issues.push(withFile({ path: 'name', message, line: lineNumber, column }, file));
        continue;
      }
      firstLine.set(name, lineNumber);
    }
    if (read.case) cases.push(read.case);
  }
  const name = options.defaultName;
  if (name === undefined || name === '')
    issues.push(withFile({ path: '', message: 'Dataset name is required: pass `defaultName`' }, file));
  if (issues.length > 0) throw new DatasetLoadError(issues, { file });
  return buildDataset(name!, cases, { evaluators: [], reportEvaluators: [] }, ctx);
}

/** Places pending issues in the text and sorts them by position. */
function loadError(
  pending: readonly PendingIssue[],
  locate: Locate,
  file: string | undefined,
): DatasetLoadError {
  const issues = pending.map((issue): DatasetIssue => {
    const position =
      issue.line !== undefined
        ? { line: issue.line, column: issue.column }
        : (locate(issue.path, issue.atKey) ?? (file !== undefined ? { line: 1, column: 1 } : undefined));
    const placed: DatasetIssue = { path: formatPath(issue.path), message: issue.message };
    if (file !== undefined) placed.file = file;
    if (position?.line !== undefined) placed.line = position.line;
    if (position?.column !== undefined) placed.column = position.column;
    return placed;
  });
  const order = (issue: DatasetIssue) => (issue.line ?? 0) * 1e6 + (issue.column ?? 0);
  issues.sort((a, b) => order(a) - order(b));
  return new DatasetLoadError(issues, { file });
}
