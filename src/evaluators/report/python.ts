/**
 * Python semantics the report evaluators copy from pydantic-evals: `str(value)`, truthiness, sorting
 * strings by code point, and `format(x, '.3f')` (round half to even on exact ties).
 */
import { fixed } from '../../util/py-format.js';
import { pyRepr } from '../../util/repr.js';

/** Python's `str(value)`: a string as is, anything else as its repr (`True`, `[1, 2]`, `{'a': 1}`). */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/**
 * Python's `bool(value)`: false for `false`, `0`, `''`, `null`/`undefined`, and empty arrays, plain
 * objects, Maps and Sets; true otherwise (NaN too, as in Python).
 */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (typeof value === 'bigint') return value !== 0n;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Map || value instanceof Set) return value.size > 0;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.keys(value).length > 0;
  }
  return true;
}

/** Orders strings by Unicode code point, as Python's `sorted` does (JS `sort` uses UTF-16 code units). */
export function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const diff = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

/**
 * Python's `format(x, '.{digits}f')`: as `toFixed`, except that an exact tie rounds to the even digit
 * (`0.5625` → `'0.562'`, where `toFixed` gives `'0.563'`). The report renderer's {@link fixed}, ungrouped.
 */
export function pyFixed(x: number, digits: number): string {
  return fixed(x, digits, false);
}
