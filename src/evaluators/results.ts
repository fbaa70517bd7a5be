import { EMPTY_LIST, EMPTY_RECORD, withEntry, writableList } from '../util/empty.js';
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
 * Per run: the last assertions record made only of shared pass/fail results (see toResults in
 * runner/run-evaluators.ts). A later case with the very same results, in the same order, under the same
 * keys, reuses it: in a run where most assertions pass, most cases keep no assertions record of their own.
 */
export class SharedAssertions {
  record: Record<string, EvaluationResult<boolean>> = EMPTY_RECORD;
  keys: string[] = [];
  results: EvaluationResult<boolean>[] = [];

  remember(record: Record<string, EvaluationResult<boolean>>): void {
    this.record = Object.freeze(record);
    this.keys = Object.keys(record);
    this.results = Object.values(record);
  }
}

/**
 * The results of all evaluators of one case, routed by type as they are added (in evaluator order):
 * boolean → assertions, number → scores, string → labels. A name seen before gets `_2`, `_3`...
 * as its key, while `result.name` keeps the original name. Read `assertions` through
 * `finalAssertions()`, which may hand back the run's shared record.
 */
export class ResultRouter {
  // Set by `reuse`, which the constructor calls: one place for the empty state.
  // The records are the shared frozen empties until their first write (see util/empty.ts).
  scores!: Record<string, EvaluationResult<number>>;
  labels!: Record<string, EvaluationResult<string>>;
  #assertions!: Record<string, EvaluationResult<boolean>>;
  evaluatorFailures!: EvaluatorFailure[];
  /** Uses of each name; only built once a name repeats. */
  #uses: Map<string, number> | undefined;
  /** True while no key can be taken yet: single results of evaluators with distinct names only. */
  #keysFree!: boolean;
  readonly #shared: SharedAssertions | undefined;
  #assertionCount!: number;
  /** How many assertions so far equal the shared record's first ones (not written to #assertions yet). */
  #matched!: number;
  #allShared!: boolean;

  /**
   * `distinctNames`: the evaluators' result names are all different, so their single results need no
   * collision check. `shared`: the run's shared assertions (none: every case keeps its own record).
   */
  constructor(distinctNames = false, shared?: SharedAssertions) {
    this.#shared = shared;
    this.reuse(distinctNames);
  }

  /**
   * Empties the router, for its first case or another case of the same run (same shared assertions).
   * The records it handed out stay with their case: it starts again from the shared empties.
   */
  reuse(distinctNames: boolean): this {
    this.scores = EMPTY_RECORD;
    this.labels = EMPTY_RECORD;
    this.#assertions = EMPTY_RECORD;
    this.evaluatorFailures = EMPTY_LIST;
    this.#uses = undefined;
    this.#keysFree = distinctNames;
    this.#assertionCount = 0;
    this.#matched = 0;
    this.#allShared = true;
    return this;
  }

  /** A result of an evaluator that returned one value; `shared`: it is one of the run's shared results. */
  addSingle(result: EvaluationResult, shared: boolean): void {
    if (!this.#keysFree) this.add(result, shared);
    else this.#route(result.name, result, shared);
  }

  /** Any result (e.g. one entry of a mapping output): its key is checked against the keys taken. */
  add(result: EvaluationResult, shared = false): void {
    this.#keysFree = false;
    this.#materialize();
    this.#route(this.#keyFor(result.name), result, shared);
  }

  addFailure(failure: EvaluatorFailure): void {
    this.evaluatorFailures = writableList(this.evaluatorFailures);
    this.evaluatorFailures.push(failure);
  }

  /** The assertions record: the run's shared one when this case's assertions equal it, else its own. */
  finalAssertions(): Record<string, EvaluationResult<boolean>> {
    const shared = this.#shared;
    if (shared && this.#allShared && this.#assertionCount > 0) {
      if (this.#matched === this.#assertionCount && this.#matched === shared.results.length) {
        return shared.record;
      }
      this.#materialize();
      shared.remember(this.#assertions);
    }
    this.#materialize();
    return this.#assertions;
  }

  #route(key: string, result: EvaluationResult, shared: boolean): void {
    const v = result.value;
    if (typeof v === 'boolean') this.#routeAssertion(key, result as EvaluationResult<boolean>, shared);
    else if (typeof v === 'number')
      this.scores = withEntry(this.scores, key, result as EvaluationResult<number>);
    else this.labels = withEntry(this.labels, key, result as EvaluationResult<string>);
  }

  #routeAssertion(key: string, result: EvaluationResult<boolean>, shared: boolean): void {
    const cache = this.#shared;
    const at = this.#assertionCount++;
    if (!shared) this.#allShared = false;
    else if (cache && this.#matched === at && cache.results[at] === result && cache.keys[at] === key) {
      this.#matched++;
      return;
    }
    this.#materialize();
    this.#assertions = withEntry(this.#assertions, key, result);
  }

  /** Writes the matched shared assertions into this case's own record (before anything differs). */
  #materialize(): void {
    const matched = this.#matched;
    if (matched === 0 || this.#assertions !== EMPTY_RECORD) return;
    const cache = this.#shared!;
    const own: Record<string, EvaluationResult<boolean>> = {};
    for (let i = 0; i < matched; i++) own[cache.keys[i]!] = cache.results[i]!;
    this.#assertions = own;
    this.#matched = -1;
  }

  #keyFor(name: string): string {
    const assertions = this.#assertions;
    if (!this.#uses) {
      if (!(name in this.scores || name in this.labels || name in assertions)) return name;
      this.#uses = new Map();
      for (const record of [this.scores, this.labels, assertions]) {
        for (const r of Object.values(record)) this.#uses.set(r.name, (this.#uses.get(r.name) ?? 0) + 1);
      }
    }
    const n = (this.#uses.get(name) ?? 0) + 1;
    this.#uses.set(name, n);
    if (n === 1) return name;
    let i = n;
    let key = `${name}_${i}`;
    while (key in this.scores || key in this.labels || key in this.#assertions) key = `${name}_${++i}`;
    return key;
  }
}
