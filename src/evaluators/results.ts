import { EvaluationReason, type EvaluationScalar, type EvaluatorSpec } from './evaluator.js';

/** One named outcome of an evaluator on one case. */
export interface EvaluationResult<V extends EvaluationScalar = EvaluationScalar> {
  name: string;
  value: V;
  reason?: string;
  source: EvaluatorSpec;
}

/** An evaluator that threw or returned a value it may not; the case still stands. */
export interface EvaluatorFailure {
  name: string;
  errorMessage: string;
  errorType: string;
  errorStack: string;
  source: EvaluatorSpec;
}

/** Thrown (and recorded as an EvaluatorFailure) when `evaluate` returns something that is not a result. */
export class EvaluatorOutputError extends Error {
  constructor(evaluatorName: string, where: string, value: unknown) {
    super(
      `${evaluatorName}.evaluate returned an invalid value${where}: ${describe(value)}. ` +
        'Return a boolean, a finite number, a string, { value, reason }, or a flat record of these.',
    );
    this.name = 'EvaluatorOutputError';
  }
}

/**
 * Turns an evaluator's return value into results. Throws EvaluatorOutputError on the first bad entry, so
 * one bad entry discards the evaluator's whole record.
 */
export function normalizeOutput(
  raw: unknown,
  defaultName: string,
  source: EvaluatorSpec,
  evaluatorName: string,
): EvaluationResult[] {
  const single = toResultValue(raw);
  if (single !== undefined) return [makeResult(defaultName, single, source)];
  if (isReasonShaped(raw)) throw new EvaluatorOutputError(evaluatorName, ' (a { value, reason } result)', raw);
  if (!isPlainRecord(raw)) throw new EvaluatorOutputError(evaluatorName, '', raw);
  const results: EvaluationResult[] = [];
  for (const key of Object.keys(raw)) {
    const entry = toResultValue(raw[key]);
    if (entry === undefined) throw new EvaluatorOutputError(evaluatorName, ` at '${key}'`, raw[key]);
    results.push(makeResult(key, entry, source));
  }
  return results;
}

interface ResultValue {
  value: EvaluationScalar;
  reason: string | undefined;
}

/** A scalar or a reason-shaped value, or undefined when `raw` is neither. */
function toResultValue(raw: unknown): ResultValue | undefined {
  if (isValidScalar(raw)) return { value: raw, reason: undefined };
  if (raw instanceof EvaluationReason) {
    if (!isValidScalar(raw.value) || !isValidReason(raw.reason)) return undefined;
    return { value: raw.value, reason: raw.reason ?? undefined };
  }
  if (isReasonShaped(raw)) {
    const { value, reason } = raw as { value: unknown; reason?: unknown };
    if (!isValidScalar(value) || !isValidReason(reason)) return undefined;
    return { value, reason: (reason as string | null | undefined) ?? undefined };
  }
  return undefined;
}

function makeResult(name: string, entry: ResultValue, source: EvaluatorSpec): EvaluationResult {
  return entry.reason === undefined
    ? { name, value: entry.value, source }
    : { name, value: entry.value, reason: entry.reason, source };
}

function isValidScalar(value: unknown): value is EvaluationScalar {
  const t = typeof value;
  return t === 'boolean' || t === 'string' || (t === 'number' && Number.isFinite(value));
}

function isValidReason(reason: unknown): boolean {
  return reason === undefined || reason === null || typeof reason === 'string';
}

/** An object whose keys are exactly `value` and optionally `reason`: one reason, never two results. */
function isReasonShaped(raw: unknown): boolean {
  if (!isPlainRecord(raw)) return false;
  const keys = Object.keys(raw);
  if (!keys.includes('value')) return false;
  return keys.length === 1 || (keys.length === 2 && keys.includes('reason'));
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Results of all evaluators of a case, routed by type, with `_2`, `_3` suffixes for repeated names. */
export interface RoutedResults {
  scores: Record<string, EvaluationResult<number>>;
  labels: Record<string, EvaluationResult<string>>;
  assertions: Record<string, EvaluationResult<boolean>>;
}

export function routeResults(groups: readonly EvaluationResult[][]): RoutedResults {
  const routed: RoutedResults = { scores: {}, labels: {}, assertions: {} };
  let seen: Map<string, number> | undefined;
  let single = true;
  for (const group of groups) {
    for (const result of group) {
      let key = result.name;
      if (single) {
        // Fast path: most cases have distinct names, checked against the three records directly.
        if (key in routed.scores || key in routed.labels || key in routed.assertions) {
          single = false;
          seen = countNames(routed);
        }
      }
      if (!single) {
        const n = (seen!.get(result.name) ?? 0) + 1;
        seen!.set(result.name, n);
        if (n > 1) key = uniqueKey(result.name, n, routed);
      }
      const v = result.value;
      if (typeof v === 'boolean') routed.assertions[key] = result as EvaluationResult<boolean>;
      else if (typeof v === 'number') routed.scores[key] = result as EvaluationResult<number>;
      else routed.labels[key] = result as EvaluationResult<string>;
    }
  }
  return routed;
}

function countNames(routed: RoutedResults): Map<string, number> {
  const seen = new Map<string, number>();
  for (const record of [routed.scores, routed.labels, routed.assertions]) {
    for (const r of Object.values(record)) seen.set(r.name, (seen.get(r.name) ?? 0) + 1);
  }
  return seen;
}

function uniqueKey(name: string, n: number, routed: RoutedResults): string {
  let i = n;
  let key = `${name}_${i}`;
  while (key in routed.scores || key in routed.labels || key in routed.assertions) key = `${name}_${++i}`;
  return key;
}
