import type { EvaluationScalar } from '../evaluators/evaluator.js';
import { general } from '../util/py-format.js';

/*
 * The event body text of pydantic-evals, whose values are printed the Python way: booleans as
 * True/False, floats with format(v, 'g'), strings with repr().
 */

/** A score as pydantic-evals prints it in an event body. */
export function formatScore(value: EvaluationScalar): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return pythonRepr(value);
  // JS has one number type: integers print as Python ints, the rest as Python floats.
  return Number.isSafeInteger(value) ? String(value) : formatG(value);
}

/** Python's `format(value, 'g')`: 6 significant digits, trailing zeros dropped, exponent from 1e-4 / 1e6. */
export function formatG(value: number): string {
  return general(value, 6);
}

/** Python's `repr(str)`: single quotes unless the text has one and no double quote. */
export function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) out += escapeChar(ch, quote);
  return out + quote;
}

function escapeChar(ch: string, quote: string): string {
  if (ch === quote || ch === '\\') return `\\${ch}`;
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  const code = ch.codePointAt(0)!;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return `\\x${code.toString(16).padStart(2, '0')}`;
  return ch;
}
