/**
 * The only module that imports `yaml`: parsing with positions, and writing in a form that YAML 1.2
 * readers (this library, yaml-language-server) and YAML 1.1 readers (PyYAML, so pydantic-evals) read the
 * same way.
 */
import {
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parse,
  parseDocument,
  visit,
} from 'yaml';
import type { DataPath } from './errors.js';

export interface Position {
  line: number;
  column: number;
}

export interface ParsedYaml {
  value: unknown;
  /** Syntax errors and refused tags, with positions; when not empty, `value` is undefined. */
  errors: { message: string; position: Position | undefined }[];
  /** Position of the value at `path` (of its key with `atKey`), or of the deepest node found. */
  locate(path: DataPath, atKey?: boolean): Position | undefined;
}

export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: true });
  const errors = doc.errors.map((error) => ({
    message:
      error.code === 'MULTIPLE_DOCS'
        ? "A dataset file holds one YAML document; remove the '---' separator"
        : firstLine(error.message),
    position: toPosition(error.linePos?.[0]),
  }));
  for (const warning of doc.warnings) {
    if (warning.code !== 'TAG_RESOLVE_FAILED') continue;
    const tag = firstLine(warning.message)
      .replace(/^Unresolved tag: /, '')
      .replace(/^tag:yaml\.org,2002:/, '!!');
    errors.push({
      message: `Unsupported YAML tag ${tag}: tags that build objects or code are not loaded; quote the value`,
      position: toPosition(warning.linePos?.[0]),
    });
  }
  if (errors.length === 0) errors.push(...complexKeys(doc, lineCounter));
  const locate = (path: DataPath, atKey = false) => {
    const offset = locateNode(doc, path, atKey);
    return offset === undefined ? undefined : toPosition(lineCounter.linePos(offset));
  };
  if (errors.length > 0) return { value: undefined, errors, locate };
  try {
    return { value: doc.toJS({ maxAliasCount: 1000 }), errors, locate };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      value: undefined,
      errors: [{ message: `Could not read the YAML: ${message}`, position: undefined }],
      locate,
    };
  }
}

/** Keys that are lists or mappings (`? [a, b] : c`) have no JSON form: report them instead of stringifying. */
function complexKeys(doc: Document, lineCounter: LineCounter): ParsedYaml['errors'] {
  const found: ParsedYaml['errors'] = [];
  visit(doc, {
    Pair(_key, pair) {
      if (pair.key === null || isScalar(pair.key)) return;
      const offset = rangeStart(pair.key);
      found.push({
        message: 'Mapping keys must be plain strings or numbers, not lists, mappings or aliases',
        position: offset === undefined ? undefined : toPosition(lineCounter.linePos(offset)),
      });
    },
  });
  return found;
}

/** `Map keys must be unique at line 2, column 1:\n...` → `Map keys must be unique`. */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function toPosition(linePos: { line: number; col: number } | undefined): Position | undefined {
  return linePos ? { line: linePos.line, column: linePos.col } : undefined;
}

function locateNode(doc: Document, path: DataPath, atKey: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const segment = path[i]!;
    let next: unknown;
    let keyNode: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      next = pair?.value;
      keyNode = pair?.key;
    } else if (isSeq(node) && Number.isInteger(Number(segment))) {
      next = node.items[Number(segment)];
    }
    const start =
      i === path.length - 1 && atKey && keyNode !== undefined ? rangeStart(keyNode) : rangeStart(next);
    if (start === undefined) break;
    offset = start;
    node = next;
  }
  return offset;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}

/** YAML text with no aliases, no line folding, and strings quoted whenever YAML 1.1 would read them as another type. */
export function stringifyYaml(value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && readsAsOtherTypeInYaml11(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true });
}

/** `yes`, `on`, `0777`, `1:20`, `2024-01-01`... are strings in YAML 1.2 but not in YAML 1.1 (PyYAML). */
function readsAsOtherTypeInYaml11(text: string): boolean {
  if (text.length === 0 || text.length > 40 || !/^[\w.+\-:~<= ]+$/.test(text)) return false;
  try {
    return parse(text, { version: '1.1' }) !== text;
  } catch {
    return true;
  }
}
