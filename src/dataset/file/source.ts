import type { DataPath, PendingIssue } from './errors.js';
import { findJsonSyntaxError, jsonLocator, lineColumnAt, lineColumnFinder } from './json-scan.js';
import { type Position, parseYaml } from './yaml.js';

/** A parsed YAML or JSON text: its value, its syntax errors, and a way to place a path in the text. */
export interface ParsedText {
  value: unknown;
  syntaxIssues: PendingIssue[];
  locate(path: DataPath, atKey?: boolean): Position | undefined;
}

/** Parses one YAML or JSON document (a leading byte-order mark is ignored). */
export function parseText(text: string, format: 'yaml' | 'json'): ParsedText {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return format === 'yaml' ? parseYamlText(source) : parseJsonText(source);
}

function parseYamlText(text: string): ParsedText {
  const parsed = parseYaml(text);
  const syntaxIssues = parsed.errors.map(({ message, position }) => ({
    path: [],
    message,
    line: position?.line,
    column: position?.column,
  }));
  return { value: parsed.value, syntaxIssues, locate: parsed.locate };
}

function parseJsonText(text: string): ParsedText {
  const offsetOf = jsonLocator(text);
  const position = lineColumnFinder(text);
  const locate = (path: DataPath, atKey = false) => position(offsetOf(path, atKey));
  try {
    return { value: JSON.parse(text), syntaxIssues: [], locate };
  } catch (error) {
    return { value: undefined, syntaxIssues: [jsonSyntaxIssue(text, error)], locate: () => undefined };
  }
}

/** The issue for a text JSON.parse refused, placed by our scanner. */
export function jsonSyntaxIssue(text: string, error: unknown): PendingIssue {
  const found = findJsonSyntaxError(text);
  const fallback = error instanceof Error ? error.message : 'Invalid JSON';
  const { line, column } = lineColumnAt(text, found?.offset ?? 0);
  return { path: [], message: found?.message ?? fallback, line, column };
}
