/**
 * Number, percentage and duration formatting of the report, digit for digit as pydantic-evals'
 * `render_numbers.py` (Python's format specs), except that JS has one number type: an integer-valued
 * number is formatted as a Python int.
 */

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

function nonFinite(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  return value > 0 ? 'inf' : '-inf';
}

// ---- Python-compatible digit formatting ----------------------------------------------------------------

/**
 * Python's `{:.Nf}` (with `,` grouping if asked). JS `toFixed` rounds exact binary ties (0.125, 2.5) away
 * from zero; Python rounds them to even, so ties are detected and corrected.
 */
export function fixed(value: number, decimals: number, grouping: boolean): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  if (decimals > 100) return tinyFixed(value, decimals);
  let text = value.toFixed(decimals);
  if (isExactTie(value, decimals)) text = roundTieToEven(value, decimals, text);
  return grouping ? groupThousands(text) : text;
}

/** `toFixed` stops at 100 decimals; values that need more (below 1e-97) are built from their digits. */
function tinyFixed(value: number, decimals: number): string {
  const magnitude = Math.abs(value);
  const exponent = Math.floor(Math.log10(magnitude));
  const significant = decimals + exponent + 1;
  if (significant <= 0) return `${value < 0 ? '-' : ''}0.${'0'.repeat(decimals)}`;
  const [mantissa, exp] = magnitude.toExponential(significant - 1).split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const zeros = -Number(exp) - 1;
  const text = `0.${'0'.repeat(zeros)}${digits}`.slice(0, decimals + 2);
  return `${value < 0 ? '-' : ''}${text}`;
}

function isExactTie(value: number, decimals: number): boolean {
  const scaled = Math.abs(value) * 10 ** decimals;
  const fraction = scaled - Math.floor(scaled);
  // Cheap filter first: only values that look like a half can be exact ties.
  if (Math.abs(fraction - 0.5) > 1e-9 * Math.max(1, scaled)) return false;
  // A tie at N decimals has at most N+1 decimals, so N+25 exact digits show whether anything follows.
  const digits = Math.abs(value).toFixed(Math.min(100, decimals + 25));
  const point = digits.indexOf('.');
  const rest = digits.slice(point + 1 + decimals);
  return rest[0] === '5' && /^50*$/.test(rest);
}

function roundTieToEven(value: number, decimals: number, roundedAway: string): string {
  const digits = Math.abs(value).toFixed(decimals + 1);
  const truncated = digits.slice(0, decimals === 0 ? digits.indexOf('.') : digits.length - 1);
  const lastDigit = Number(truncated[truncated.length - 1]);
  if (lastDigit % 2 === 1) return roundedAway;
  return value < 0 ? `-${truncated}` : truncated;
}

/** Python's `{:.Pg}` of a non-negative number (scientific below 1e-4 and from 10^P on). */
export function general(value: number, precision: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return nonFinite(value);
  const exponent = Number(value.toExponential(precision - 1).split('e')[1]);
  if (exponent >= -4 && exponent < precision) {
    return stripZeros(fixed(value, precision - 1 - exponent, false));
  }
  let mantissa = value.toExponential(precision - 1).split('e')[0]!;
  if (exponent >= precision && isIntegerTie(value, exponent - precision + 1)) {
    // 1225 -> 1.22e+03 in Python (ties to even); JS gives 1.23e+3.
    mantissa = evenMantissa(value, exponent, precision);
  }
  return `${stripZeros(mantissa)}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

function isIntegerTie(value: number, dropDigits: number): boolean {
  if (!Number.isInteger(value)) return false;
  const unit = 10n ** BigInt(dropDigits);
  return BigInt(value) % unit === unit / 2n;
}

function evenMantissa(value: number, exponent: number, precision: number): string {
  const kept = BigInt(value) / 10n ** BigInt(exponent - precision + 1);
  const rounded = kept % 2n === 0n ? kept : kept + 1n;
  const text = rounded.toString();
  return `${text[0]}.${text.slice(1, precision)}`;
}

function stripZeros(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/\.?0+$/, '');
}

/** Inserts `,` every three digits of the integer part. */
export function groupThousands(text: string): string {
  const negative = text.startsWith('-');
  const unsigned = negative ? text.slice(1) : text;
  const point = unsigned.indexOf('.');
  const integer = point < 0 ? unsigned : unsigned.slice(0, point);
  if (integer.length <= 3) return text;
  let grouped = '';
  for (let i = 0; i < integer.length; i++) {
    if (i > 0 && (integer.length - i) % 3 === 0) grouped += ',';
    grouped += integer[i];
  }
  return `${negative ? '-' : ''}${grouped}${point < 0 ? '' : unsigned.slice(point)}`;
}

/** Python's `repr(float)`: `1.0`, `0.5`, `1e-05`, `1e+16`. Used for label frequencies (`{'a': 1.0}`). */
export function pyFloatRepr(value: number): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let text: string;
  if (exponent < 0) text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  else if (digits.length > exponent + 1)
    text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  else text = `${digits}${'0'.repeat(exponent + 1 - digits.length)}.0`;
  return negative ? `-${text}` : text;
}

/** A number as Python's `str` would show it if integers were ints: `3`, `0.75`, `1e-05`, `nan`. */
export function pyNumberStr(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  return pyFloatRepr(value);
}
