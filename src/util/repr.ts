/**
 * Python-style `repr` of JSON-like values: `{'query': 'What is 2+2?'}`, `[1, 2, 3]`, `True`, `None`.
 * Reports and evaluator reasons use it so that output reads like pydantic-evals' output.
 */
export function pyRepr(value: unknown, seen: Set<unknown> = new Set()): string {
  if (value === null || value === undefined) return 'None';
  switch (typeof value) {
    case 'string':
      return reprString(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return reprNumber(value);
    case 'bigint':
      return value.toString();
    case 'function':
      return `<function ${value.name || 'anonymous'}>`;
    case 'symbol':
      return value.toString();
  }
  if (seen.has(value)) return '...';
  seen.add(value);
  try {
    return reprObject(value as object, seen);
  } finally {
    seen.delete(value);
  }
}

function reprObject(value: object, seen: Set<unknown>): string {
  if (Array.isArray(value)) return `[${value.map((v) => pyRepr(v, seen)).join(', ')}]`;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) {
    const parts = [...value].map(([k, v]) => `${pyRepr(k, seen)}: ${pyRepr(v, seen)}`);
    return `{${parts.join(', ')}}`;
  }
  if (value instanceof Set)
    return value.size === 0 ? 'set()' : `{${[...value].map((v) => pyRepr(v, seen)).join(', ')}}`;
  if (value instanceof Error) return `${value.name}(${reprString(value.message)})`;
  const entries = Object.entries(value).map(([k, v]) => `${reprString(k)}: ${pyRepr(v, seen)}`);
  return `{${entries.join(', ')}}`;
}

function reprNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

/** Python's string repr: single quotes unless the text has a single quote and no double quote. */
export function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return out + quote;
}

/** Keeps the first and last halves of a long repr, joined by `...`. */
export function truncatedRepr(value: unknown, maxLength: number): string {
  const text = pyRepr(value);
  if (text.length <= maxLength) return text;
  const half = Math.floor(maxLength / 2);
  return `${text.slice(0, half)}...${text.slice(text.length - half)}`;
}
