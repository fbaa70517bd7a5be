import { TypedEvalsError } from '../../errors.js';

/** One problem found in a dataset file or object. Lines and columns count from 1. */
export interface DatasetIssue {
  /** Where in the data, e.g. `cases[3].evaluators[0]`; '' for the file as a whole. */
  path: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** A path inside the loaded data: keys and array indexes. */
export type DataPath = readonly (string | number)[];

/** An issue before it is placed in the file: `atKey` points at a mapping key rather than its value. */
export interface PendingIssue {
  path: DataPath;
  message: string;
  atKey?: boolean;
  /** A position already known (syntax errors). */
  line?: number;
  column?: number;
}

/**
 * Everything wrong with one dataset file (or object): bad syntax, wrong types, unknown keys, unknown
 * evaluators, bad evaluator options, duplicate case names, schema failures. `issues` lists them all; the
 * message has one `file:line:col: message (at path)` line per issue.
 */
export class DatasetLoadError extends TypedEvalsError {
  readonly issues: readonly DatasetIssue[];
  /** The file, when the data came from one. */
  readonly file: string | undefined;

  constructor(issues: readonly DatasetIssue[], options: { file?: string; cause?: unknown } = {}) {
    super(describeIssues(issues, options.file), 'DATASET_LOAD_ERROR', { cause: options.cause });
    this.name = 'DatasetLoadError';
    this.issues = issues;
    this.file = options.file;
  }
}

/** `cases[3].evaluators[0]` from `['cases', 3, 'evaluators', 0]`. */
export function formatPath(path: DataPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** One line per issue: `file:line:col: message (at path)`. */
export function formatIssue(issue: DatasetIssue): string {
  const position = [issue.file, issue.line, issue.column].filter((part) => part !== undefined).join(':');
  const at = issue.path ? ` (at ${issue.path})` : '';
  return position
    ? `${position}: ${issue.message}${at}`
    : `${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/** The message lists this many issues; `issues` holds them all. */
const LISTED_ISSUES = 100;

function describeIssues(issues: readonly DatasetIssue[], file: string | undefined): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const head = file ? `Could not load dataset ${file}: ${count}` : `Invalid dataset: ${count}`;
  const shown = issues.slice(0, LISTED_ISSUES).map((issue) => `  ${formatIssue(issue)}`);
  const more =
    issues.length > LISTED_ISSUES
      ? [`  ... and ${issues.length - LISTED_ISSUES} more (see error.issues)`]
      : [];
  return [head, ...shown, ...more].join('\n');
}

/** Collects issues while reading; each reader prefixes its own path. */
export class IssueList {
  readonly items: PendingIssue[] = [];

  add(path: DataPath, message: string, extra: Omit<PendingIssue, 'path' | 'message'> = {}): void {
    this.items.push({ path, message, ...extra });
  }

  get size(): number {
    return this.items.length;
  }
}

/** A short description of a value's type for messages: `a string`, `an array`, `null`. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'a mapping';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return typeof value;
  }
}

/** A plain JSON/YAML mapping (not an array, not null). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message of anything thrown, for an issue. */
export function thrownMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  try {
    return String(error);
  } catch {
    return 'unknown error';
  }
}
