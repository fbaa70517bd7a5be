import { EMPTY_LIST, EMPTY_RECORD } from '../util/empty.js';
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
 * Turns an evaluator's return value into one result or several. Throws EvaluatorOutputError on the first
 * bad entry, so one bad entry discards the evaluator's whole record.
 */
export function normalizeOutput(
  raw: unknown,
  defaultName: string,
  source: EvaluatorSpec,
  evaluatorName: string,
): EvaluationResult | EvaluationResult[] {
  const single = toResult(defaultName, raw, source);
  if (single !== undefined) return single;
  if (isReasonShaped(raw))
    throw new EvaluatorOutputError(evaluatorName, ' (a { value, reason } result)', raw);
  if (!isPlainRecord(raw)) throw new EvaluatorOutputError(evaluatorName, '', raw);
  const results: EvaluationResult[] = [];
  for (const key of Object.keys(raw)) {
    const entry = toResult(key, raw[key], source);
    if (entry === undefined) throw new EvaluatorOutputError(evaluatorName, ` at '${key}'`, raw[key]);
    results.push(entry);
  }
  return results;
}

/** A result from a scalar or a reason-shaped value, or undefined when `raw` is neither. */
function toResult(name: string, raw: unknown, source: EvaluatorSpec): EvaluationResult | undefined {
  if (isValidScalar(raw)) return makeResult(name, raw, undefined, source);
  if (raw instanceof EvaluationReason) {
    if (!isValidScalar(raw.value) || !isValidReason(raw.reason)) return undefined;
    return makeResult(name, raw.value, raw.reason ?? undefined, source);
  }
  if (isReasonShaped(raw)) {
    const { value, reason } = raw as { value: unknown; reason?: unknown };
    if (!isValidScalar(value) || !isValidReason(reason)) return undefined;
    return makeResult(name, value, (reason as string | null | undefined) ?? undefined, source);
  }
  return undefined;
}

/** Results always have the same four keys: one object shape on the engine's hot path. */
function makeResult(
  name: string,
  value: EvaluationScalar,
  reason: string | undefined,
  source: EvaluatorSpec,
): EvaluationResult {
  return { name, value, reason, source };
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

/**
 * The results of all evaluators of one case, routed by type as they are added (in evaluator order):
 * boolean → assertions, number → scores, string → labels. A name seen before gets `_2`, `_3`...
 * as its key, while `result.name` keeps the original name.
 */
export class ResultRouter {
  // Shared frozen empties until the first write (see util/empty.ts).
  scores: Record<string, EvaluationResult<number>> = EMPTY_RECORD;
  labels: Record<string, EvaluationResult<string>> = EMPTY_RECORD;
  assertions: Record<string, EvaluationResult<boolean>> = EMPTY_RECORD;
  evaluatorFailures: EvaluatorFailure[] = EMPTY_LIST;
  /** Uses of each name; only built once a name repeats. */
  #uses: Map<string, number> | undefined;

  add(result: EvaluationResult): void {
    const key = this.#keyFor(result.name);
    const v = result.value;
    if (typeof v === 'boolean') {
      if (this.assertions === EMPTY_RECORD) this.assertions = {};
      this.assertions[key] = result as EvaluationResult<boolean>;
    } else if (typeof v === 'number') {
      if (this.scores === EMPTY_RECORD) this.scores = {};
      this.scores[key] = result as EvaluationResult<number>;
    } else {
      if (this.labels === EMPTY_RECORD) this.labels = {};
      this.labels[key] = result as EvaluationResult<string>;
    }
  }

  addFailure(failure: EvaluatorFailure): void {
    if (this.evaluatorFailures === EMPTY_LIST) this.evaluatorFailures = [];
    this.evaluatorFailures.push(failure);
  }

  #keyFor(name: string): string {
    if (!this.#uses) {
      if (!(name in this.scores || name in this.labels || name in this.assertions)) return name;
      this.#uses = new Map();
      for (const record of [this.scores, this.labels, this.assertions]) {
        for (const r of Object.values(record)) this.#uses.set(r.name, (this.#uses.get(r.name) ?? 0) + 1);
      }
    }
    const n = (this.#uses.get(name) ?? 0) + 1;
    this.#uses.set(name, n);
    if (n === 1) return name;
    let i = n;
    let key = `${name}_${i}`;
    while (key in this.scores || key in this.labels || key in this.assertions) key = `${name}_${++i}`;
    return key;
  }
}
