/**
 * @module
 * The stored form of a value: what goes into the JSON of a run file (docs/store.md).
 */
import { scrub } from '../otel/attributes.js';
import { toJsonSafe } from '../util/json-safe.js';

/** A value as it goes into a JSON column: JSON-safe, secrets scrubbed; `undefined` becomes null. */
export function jsonable(value: unknown): unknown {
  switch (typeof value) {
    case 'number':
    case 'boolean':
      return value;
    case 'string':
      return scrub(value);
    case 'object':
      return value === null ? null : scrub(toJsonSafe(value));
    case 'bigint':
      return value.toString();
    default:
      return null;
  }
}
