/**
 * Number, percentage and duration formatting of the report, digit for digit as pydantic-evals'
 * `render_numbers.py` (Python's format specs), except that JS has one number type: an integer-valued
 * number is formatted as a Python int.
 */

import { fixed, general, groupThousands, nonFinite } from '../../util/py-format.js';

const SIG_FIGS = 3;
/** Below this |old|, a change more than 10x |old| shows no relative part. */
const SMALL_BASE = 1e-2;
const SMALL_BASE_FACTOR = 10;
/** Multipliers at or above this are shown without decimals (`1,250x`). */
const MULTIPLIER_NO_DECIMALS = 100;

/** `17,348` for integers; `2.50`, `12.0`, `0.123`, `0.000` for other numbers (3 significant figures). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  if (Number.isInteger(value)) return groupThousands(integerDigits(value));
  const abs = Math.abs(value);
  let decimals: number;
  if (abs >= 1) {
    const digits = Math.floor(Math.log10(abs)) + 1;
    decimals = Math.max(1, SIG_FIGS - digits);
  } else {
    decimals = -Math.floor(Math.log10(abs)) + SIG_FIGS - 1;
  }
  return fixed(value, decimals, true);
}

/** Python's `{:,.1%}`: `100.0%`, `68.8%`. */
export function formatPercentage(fraction: number): string {
  if (!Number.isFinite(fraction)) return `${nonFinite(fraction)}%`;
  return `${fixed(fraction * 100, 1, true)}%`;
}

/** `0s`, `12µs`, `0.1µs`, `123.5ms`, `1,234.6s`; `micro` is the microsecond unit (`us` in ASCII mode). */
export function formatDuration(seconds: number, micro = 'µs'): string {
  return renderDuration(seconds, false, micro);
}

/**
 * The change from `old` to `next`: undefined when equal; `+1` when both are integers; else a signed delta
 * with 3 significant figures and, when meaningful, a relative part (`+0.7 / +70.0%`, `+11.5 / 12.5x`).
 */
export function formatNumberDiff(old: number, next: number): string | undefined {
  if (old === next) return undefined;
  if (Number.isInteger(old) && Number.isInteger(next)) {
    const delta = integerDigits(next - old);
    return delta.startsWith('-') ? delta : `+${delta}`;
  }
  return withRelative(signedGeneral(next - old), next, old);
}

/** The change of a duration: `+700.0ms / +70.0%`, `-50.0ms`; undefined when equal. */
export function formatDurationDiff(old: number, next: number, micro = 'µs'): string | undefined {
  if (old === next) return undefined;
  return withRelative(renderDuration(next - old, true, micro), next, old);
}

function withRelative(absolute: string, next: number, old: number): string {
  const relative = relativeChange(next, old);
  return relative === undefined ? absolute : `${absolute} / ${relative}`;
}

/**
 * `+70.0%` when |change| <= |base| (or the base is negative, where a multiplier reads backwards), else a
 * multiplier `12.5x`. Undefined when the base is 0, when a tiny base changed by more than 10x, or when
 * the percentage rounds to 0.0%.
 */
export function relativeChange(next: number, base: number): string | undefined {
  if (base === 0) return undefined;
  const delta = next - base;
  if (Math.abs(base) < SMALL_BASE && Math.abs(delta) > SMALL_BASE_FACTOR * Math.abs(base)) return undefined;
  const percent = `${signed(fixed((delta / Math.abs(base)) * 100, 1, false))}%`;
  if (percent === '+0.0%' || percent === '-0.0%') return undefined;
  if (Math.abs(delta) / Math.abs(base) <= 1 || base < 0) return percent;
  const multiplier = next / base;
  return `${fixed(multiplier, Math.abs(multiplier) < MULTIPLIER_NO_DECIMALS ? 1 : 0, true)}x`;
}

function renderDuration(seconds: number, forceSign: boolean, micro: string): string {
  if (seconds === 0) return '0s';
  if (!Number.isFinite(seconds)) return nonFinite(seconds);
  const abs = Math.abs(seconds);
  let value = seconds;
  let unit = 's';
  let decimals = 1;
  if (abs < 1e-3) {
    value = seconds * 1_000_000;
    unit = micro;
    if (Math.abs(value) >= 1) decimals = 0;
  } else if (abs < 1) {
    value = seconds * 1_000;
    unit = 'ms';
  }
  const text = fixed(value, decimals, true);
  return `${forceSign ? signed(text) : text}${unit}`;
}

/** Python's `{:+.3g}` of a delta, with `.0` appended when the result has neither a point nor an exponent. */
export function signedGeneral(value: number): string {
  let text = general(Math.abs(value), SIG_FIGS);
  if (!text.includes('e') && !text.includes('.')) text += '.0';
  return `${value >= 0 ? '+' : '-'}${text}`;
}

function signed(text: string): string {
  return text.startsWith('-') ? text : `+${text}`;
}

/** All digits of an integer-valued number (`String` switches to `1e+21` from 1e21 on). */
function integerDigits(value: number): string {
  return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
}
