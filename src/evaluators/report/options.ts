/** Option checks shared by the built-in report evaluators: run once, in the constructor, naming the bad value. */
import { OptionsError } from '../../errors.js';

/** A JSON Schema object; classes expose their options' schema as `static optionsSchema` for dataset files. */
export type JsonSchema = Record<string, unknown>;

/** `'expectedOutput'` (the TS field name) → `'expected_output'` (pydantic's); other names unchanged. */
export function normalizeSource<T>(value: T): T {
  return (value === 'expectedOutput' ? 'expected_output' : value) as T;
}

export function checkString(owner: string, key: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new OptionsError(`${owner}: expected \`${key}\` to be a non-empty string, got ${describe(value)}`);
  }
}

export function checkOptionalString(owner: string, key: string, value: unknown): void {
  if (value !== undefined && value !== null) checkString(owner, key, value);
}

export function checkEnum(owner: string, key: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    const choices = allowed.map((v) => `'${v}'`).join(', ');
    throw new OptionsError(`${owner}: expected \`${key}\` to be one of ${choices}, got ${describe(value)}`);
  }
}

export function checkInteger(owner: string, key: string, value: unknown, minimum: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new OptionsError(
      `${owner}: expected \`${key}\` to be an integer >= ${minimum}, got ${describe(value)}`,
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return Array.isArray(value) ? 'an array' : typeof value;
}
