/**
 * A JSON-safe copy of any value: Maps become objects, Sets arrays, Dates ISO strings, bigints strings,
 * Errors `{ name, message }`, non-finite numbers null; functions, symbols and undefined object fields are
 * dropped; a cycle becomes the string '[Circular]'. Plain JSON values come back unchanged.
 */
export function toJsonSafe(value: unknown, seen: Set<object> = new Set()): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) return '[Circular]';
  seen.add(obj);
  try {
    return objectToJsonSafe(obj, seen);
  } finally {
    seen.delete(obj);
  }
}

function objectToJsonSafe(obj: object, seen: Set<object>): unknown {
  if (Array.isArray(obj)) return obj.map((v) => toJsonSafe(v, seen) ?? null);
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
  if (obj instanceof Map) return entriesToObject(obj.entries(), seen);
  if (obj instanceof Set) return [...obj].map((v) => toJsonSafe(v, seen) ?? null);
  if (obj instanceof Error) return { name: obj.name, message: obj.message };
  if (ArrayBuffer.isView(obj)) return Array.from(obj as unknown as ArrayLike<number>);
  const withToJSON = obj as { toJSON?: () => unknown };
  if (typeof withToJSON.toJSON === 'function') return toJsonSafe(withToJSON.toJSON(), seen);
  return entriesToObject(Object.entries(obj), seen);
}

function entriesToObject(entries: Iterable<[unknown, unknown]>, seen: Set<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const safe = toJsonSafe(v, seen);
    if (safe !== undefined) out[String(k)] = safe;
  }
  return out;
}
