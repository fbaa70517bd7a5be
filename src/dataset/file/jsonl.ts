import type { CaseInit } from '../case.js';
import { type DatasetIssue, formatPath, type PendingIssue } from './errors.js';
import { jsonLocator, lineColumnAt } from './json-scan.js';
import { type ReadContext, readCase } from './read-dataset.js';
import { jsonSyntaxIssue } from './source.js';

/** One JSONL line read as a case, or the issues that stopped it (placed at that line). */
export interface JsonlLine {
  case: CaseInit | undefined;
  issues: DatasetIssue[];
}

/**
 * Reads one line of a JSONL dataset: `{"name", "inputs", "expected_output", "metadata", "evaluators"}`.
 * Issue paths are relative to the line's object (`evaluators[0]`); `line` is the line number. The
 * context's issue list is used as scratch space.
 */
export function readJsonlLine(
  text: string,
  lineNumber: number,
  ctx: ReadContext,
  file: string | undefined,
): JsonlLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const issue = jsonSyntaxIssue(text, error);
    return {
      case: undefined,
      issues: [withFile({ path: '', message: issue.message, line: lineNumber, column: issue.column }, file)],
    };
  }
  const pending = ctx.issues.items;
  pending.length = 0;
  const c = readCase(value, [], ctx);
  if (pending.length === 0) return { case: c, issues: NO_ISSUES };
  const locate = jsonLocator(text);
  const issues = pending.map((issue) => placeInLine(issue, text, lineNumber, file, locate));
  pending.length = 0;
  return { case: c, issues };
}

const NO_ISSUES: DatasetIssue[] = [];

/** An issue placed at its column in one JSONL line. */
export function placeInLine(
  issue: PendingIssue,
  text: string,
  line: number,
  file: string | undefined,
  locate = jsonLocator(text),
): DatasetIssue {
  const { column } = lineColumnAt(text, locate(issue.path, issue.atKey));
  return withFile({ path: formatPath(issue.path), message: issue.message, line, column }, file);
}

/** The issue with `file` set when there is one (no `file: undefined` key). */
export function withFile(issue: DatasetIssue, file: string | undefined): DatasetIssue {
  if (file === undefined) return issue;
  return { path: issue.path, message: issue.message, file, line: issue.line, column: issue.column };
}

/** True for lines that hold no case (blank, or whitespace only). */
export function isBlankLine(text: string): boolean {
  return text.trim().length === 0;
}

/** Splits a whole JSONL text into lines (LF or CRLF), numbered from 1. */
export function* jsonlLines(text: string): Generator<[string, number]> {
  let start = 0;
  let lineNumber = 1;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (start <= source.length) {
    let end = source.indexOf('\n', start);
    if (end === -1) end = source.length;
    const line =
      source.charCodeAt(end - 1) === 0x0d ? source.slice(start, end - 1) : source.slice(start, end);
    yield [line, lineNumber++];
    start = end + 1;
  }
}
