/**
 * @module
 * Python's number formatting, digit for digit: `{:.Nf}`, `{:.Pg}`, `repr(float)` and `str` of a number.
 * JS rounds exact binary ties away from zero where Python rounds them to even, and switches to exponents
 * at other places; these functions follow Python. Used by the report's renderer and by online
 * evaluation's pydantic-evals-compatible event bodies.
 */

export function nonFinite(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  return value > 0 ? 'inf' : '-inf';
}

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

/** Python's `{:.Pg}` (scientific below 1e-4 and from 10^P on); a negative number is its magnitude's, signed. */
export function general(value: number, precision: number): string {
  // The tie checks below work on magnitudes; Python also keeps the sign of -0.0 (`-0`).
  if (value < 0 || Object.is(value, -0)) return `-${general(-value, precision)}`;
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
