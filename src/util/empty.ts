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

/** `list`, or a new `[]` in place of EMPTY_LIST. */
export function writableList<T>(list: T[]): T[] {
  return list === EMPTY_LIST ? [] : list;
}
