/**
 * Shared frozen empties. Per-case records (attributes, metrics, scores, labels, assertions, evaluator
 * failures) start as these and are replaced by a real object on the first write: most cases leave most
 * of them empty, and two or three objects per case are a measurable share of the engine's cost. Frozen,
 * so a stray write fails loudly instead of leaking into every other case.
 */
export const EMPTY_RECORD: Record<string, never> = Object.freeze({});
export const EMPTY_LIST = Object.freeze([]) as unknown as never[];

/** `record`, or a new `{}` in place of EMPTY_RECORD: what to assign back before writing to a record. */
export function writable<T extends object>(record: T): T {
  return record === EMPTY_RECORD ? ({} as T) : record;
}

/**
 * `record` with `value` at `key`, or a new record holding it in place of EMPTY_RECORD. The new record is a
 * literal with its first entry, not `{}`: `{}` has no allocation site, so V8 could never learn that these
 * records (kept by their report case) survive and allocate them directly in the old generation, and the
 * young-generation GC copied each one twice.
 */
export function withEntry<T>(record: Record<string, T>, key: string, value: T): Record<string, T> {
  if (record === EMPTY_RECORD) return { [key]: value };
  record[key] = value;
  return record;
}

/** `list`, or a new `[]` in place of EMPTY_LIST. */
export function writableList<T>(list: T[]): T[] {
  return list === EMPTY_LIST ? [] : list;
}
