/**
 * Shared frozen empties. Per-case records (attributes, metrics, scores, labels, assertions, evaluator
 * failures) start as these and are replaced by a real object on the first write: most cases leave most
 * of them empty, and two or three objects per case are a measurable share of the engine's cost. Frozen,
 * so a stray write fails loudly instead of leaking into every other case.
 */
export const EMPTY_RECORD: Record<string, never> = Object.freeze({});
export const EMPTY_LIST = Object.freeze([]) as unknown as never[];
