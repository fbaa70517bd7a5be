/**
 * @module
 * Parsers for option values, used as commander custom parsers: each returns the parsed value or throws
 * an InvalidArgumentError naming what was expected and what was given (commander adds the option name
 * and exits with code 2 through main).
 */
import { InvalidArgumentError } from 'commander';

/** An integer >= `min` (`--concurrency`, `--repeat`, `--width`). */
export function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min) {
      throw new InvalidArgumentError(`Expected an integer >= ${min}, got '${value}'.`);
    }
    return n;
  };
}

/** A finite number > 0 (`--timeout <ms>`). */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError(`Expected a number > 0, got '${value}'.`);
  }
  return n;
}

/**
 * A pass rate: a fraction from 0 to 1 (`0.9`) or a percentage (`90%`). A bare number above 1 is refused
 * rather than guessed at (`95` might mean 95% or be a typo for 0.95).
 */
export function passRate(value: string): number {
  const text = value.trim();
  const percent = text.endsWith('%');
  const n = Number(percent ? text.slice(0, -1).trim() : text);
  const rate = percent ? n / 100 : n;
  if (text === '' || text === '%' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new InvalidArgumentError(
      `Expected a pass rate from 0 to 1 (0.9) or a percentage (90%), got '${value}'.`,
    );
  }
  return rate;
}

/** Collects a repeatable `--metadata key=value` into a record; values stay strings. */
export function keyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`Expected key=value, got '${value}'.`);
  return { ...previous, [value.slice(0, at).trim()]: value.slice(at + 1) };
}

export const FAIL_ON_VALUES = ['failures', 'regressions', 'case-regressions'] as const;
export type FailOn = (typeof FAIL_ON_VALUES)[number];

/** Collects a repeatable `--fail-on <failures|regressions|case-regressions>`; a comma-separated list works too. */
export function failOn(value: string, previous: FailOn[] = []): FailOn[] {
  const result = [...previous];
  for (const part of value.split(',').map((p) => p.trim())) {
    if (!(FAIL_ON_VALUES as readonly string[]).includes(part)) {
      throw new InvalidArgumentError(`Expected one of ${FAIL_ON_VALUES.join(', ')}, got '${part}'.`);
    }
    if (!result.includes(part as FailOn)) result.push(part as FailOn);
  }
  return result;
}

/** Collects a repeatable string option (`--filter`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
