/**
 * @module
 * How finished cases become lines of a run file (docs/store.md has the format). The cases that finish in
 * one event-loop turn are written as ONE `cases` line in columns (`"i":[...]`, `"n":[...]`, `"o":[...]`,
 * ...): on the engine's hot path a case is only queued; at the end of the turn the queued cases' values
 * are pushed onto plain arrays, and the columns are turned into JSON text by one native
 * `JSON.stringify` call per batch, several times cheaper than building a JSON line per case in JavaScript. Evaluator specs, result slots (record key, result name,
 * spec) and result shapes (the slots a case has, in order) are defined once per run by `spec`, `slot` and
 * `shape` lines. Failed cases, rare, get a line each (`"t":"f"`).
 */
import type { EvaluationResult } from '../evaluators/results.js';
import { scrub } from '../otel/attributes.js';
import type { ReportCase, ReportCaseAggregate, ReportCaseFailure } from '../report/model.js';
import { EMPTY_RECORD } from '../util/empty.js';
import { Definitions, type Slot } from './definitions.js';
import { type BatchColumns, RunTotals } from './run-totals.js';
import type { CaseEntry } from './types.js';
import { jsonable } from './values.js';

/** The finished cases of one turn, in columns. */
export class CaseBatch {
  readonly #definitions = new Definitions();
  /** The footer's averages, kept when asked for (runs without repeats). */
  readonly #totals: RunTotals | undefined;
  /** Entries added since the last drain, not yet in the columns. */
  readonly #pending: CaseEntry[] = [];
  #size = 0;
  /** The plan index of the batch's first case, and whether the others follow it in order. */
  #firstIndex = 0;
  #inOrder = true;
  /** Every case's plan index, once one ended out of order. */
  #index: number[] = [];
  #name: string[] = [];
  #source: unknown[] | undefined;
  #inputs: unknown[] = [];
  #expected: unknown[] | undefined;
  #metadata: unknown[] | undefined;
  #output: unknown[] = [];
  #taskNs: number[] = [];
  #totalNs: number[] = [];
  #shape: number[] = [];
  #booleans: number[] = [];
  #numbers: number[] = [];
  #strings: string[] = [];
  /** `position, slot, reason` triples. */
  #reasons: unknown[] | undefined;
  /** `position, { rare fields }` pairs. */
  #extras: unknown[] | undefined;
  #failures: string[] = [];
  /** The assertions record met last, with the slot codes and values it gave (see #assertionsOf). */
  #lastAssertions: { record: object | undefined; codes: number[]; values: number[] } = {
    record: undefined,
    codes: [],
    values: [],
  };
  /** The slot ids of the case being added, and of the previous case (with its shape id). */
  #slots: Int32Array = new Int32Array(64);
  #previous: Int32Array = new Int32Array(64);
  #previousLength = -1;
  #previousShape = -1;
  /** The slot met last at each result position. */
  readonly #byPosition: (Slot & { key: string })[] = [];

  constructor(keepTotals = false) {
    this.#totals = keepTotals ? new RunTotals() : undefined;
  }

  /** The Averages row of every case written so far; undefined when not kept (or no case succeeded). */
  averages(): ReportCaseAggregate | undefined {
    const keys = this.#definitions.slotKeys;
    return this.#totals?.result((slot) => keys[slot]!);
  }

  /** Finished cases (and failures) waiting to be written. */
  get size(): number {
    return this.#pending.length;
  }

  /**
   * Keeps the entry; its values are taken into the columns by `drain`, in one tight loop over the turn's
   * cases rather than a few at a time between the engine's own work (measured cheaper that way).
   */
  add(entry: CaseEntry): void {
    this.#pending.push(entry);
  }

  #absorb(entry: CaseEntry): void {
    if (entry.failed) this.#failures.push(this.#failureLine(entry));
    else this.#addCase(entry.result as ReportCase, entry);
  }

  #addCase(c: ReportCase, entry: CaseEntry): void {
    const position = this.#size++;
    this.#addIndex(entry.item.index, position);
    this.#name.push(c.name);
    // Numbers, the common inputs and outputs of fast runs, skip the generic conversion.
    const { inputs, output, expectedOutput } = c;
    this.#inputs.push(typeof inputs === 'number' ? inputs : jsonable(inputs));
    this.#output.push(typeof output === 'number' ? output : jsonable(output));
    const expected = this.#expected;
    if (expected && expected.length === position) {
      expected.push(typeof expectedOutput === 'number' ? expectedOutput : jsonable(expectedOutput));
    } else if (expectedOutput !== undefined) {
      this.#expected = optionalColumn(expected, expectedOutput, position);
    }
    if (c.sourceCaseName !== undefined)
      this.#source = optionalColumn(this.#source, c.sourceCaseName, position);
    if (c.metadata !== undefined) this.#metadata = optionalColumn(this.#metadata, c.metadata, position);
    this.#taskNs.push(Math.round(c.taskDuration * 1e9));
    this.#totalNs.push(Math.round(c.totalDuration * 1e9));
    let count = this.#assertionsOf(c.assertions, position);
    if (c.scores !== EMPTY_RECORD) count = this.#results(c.scores, count, position);
    if (c.labels !== EMPTY_RECORD) count = this.#results(c.labels, count, position);
    this.#shape.push(this.#shapeOf(count));
    const extras = this.#extrasOf(c, entry);
    if (extras !== undefined) {
      this.#extras ??= [];
      this.#extras.push(position, extras);
    }
  }

  /**
   * The assertions go first (count 0). Cases of a run often share one frozen assertions record (see
   * ResultRouter): for the record met last, its values and slot codes (slot ids never change within a
   * run) are copied from its first visit.
   */
  #assertionsOf(record: Record<string, EvaluationResult>, position: number): number {
    if (record === EMPTY_RECORD) return 0;
    const seen = this.#lastAssertions;
    if (record === seen.record) {
      const codes = seen.codes;
      while (codes.length > this.#slots.length) this.#slots = grow(this.#slots);
      for (let k = 0; k < codes.length; k++) {
        this.#booleans.push(seen.values[k]!);
        this.#slots[k] = codes[k]!;
      }
      return codes.length;
    }
    const booleansBefore = this.#booleans.length;
    const count = this.#results(record, 0, position);
    // Only a frozen record (one that cannot change) without reasons (pushed per case) is replayed.
    if (Object.isFrozen(record) && Object.values(record).every((r) => r.reason === undefined)) {
      this.#lastAssertions = {
        record,
        codes: Array.from(this.#slots.subarray(0, count)),
        values: this.#booleans.slice(booleansBefore),
      };
    }
    return count;
  }

  /** Cases that end in plan order (most fast runs) need only the first index; the list is made otherwise. */
  #addIndex(index: number, position: number): void {
    if (position === 0) {
      this.#firstIndex = index;
      this.#inOrder = true;
    } else if (!this.#inOrder) this.#index.push(index);
    else if (index !== this.#firstIndex + position) {
      this.#inOrder = false;
      for (let k = 0; k < position; k++) this.#index.push(this.#firstIndex + k);
      this.#index.push(index);
    }
  }

  /** Pushes the values, notes the slots; returns the number of results so far. */
  #results(record: Record<string, EvaluationResult>, count: number, position: number): number {
    for (const key in record) {
      const r = record[key]!;
      if (count === this.#slots.length) this.#slots = grow(this.#slots);
      const slot = this.#slotAt(count, key, r);
      const value = r.value;
      if (typeof value === 'boolean') {
        this.#booleans.push(value ? 1 : 0);
        this.#slots[count++] = slot * 4;
      } else if (typeof value === 'number') {
        this.#numbers.push(value);
        this.#slots[count++] = slot * 4 + 1;
      } else {
        this.#strings.push(scrub(value) as string);
        this.#slots[count++] = slot * 4 + 2;
      }
      if (r.reason !== undefined) {
        this.#reasons ??= [];
        this.#reasons.push(position, slot, scrub(r.reason));
      }
    }
    return count;
  }

  /** The slot of a result; the previous case usually had the same one at this position (no lookup). */
  #slotAt(position: number, key: string, r: EvaluationResult): number {
    const known = this.#byPosition[position];
    if (known !== undefined && known.key === key && known.source === r.source && known.name === r.name) {
      return known.id;
    }
    const id = this.#definitions.slot(key, r);
    if (position < 256) this.#byPosition[position] = { id, key, name: r.name, source: r.source };
    return id;
  }

  /** The shape id of the slots just noted: the previous case's, or looked up (rare). */
  #shapeOf(count: number): number {
    if (count === this.#previousLength) {
      let same = true;
      for (let k = 0; k < count; k++) {
        if (this.#slots[k] !== this.#previous[k]) {
          same = false;
          break;
        }
      }
      if (same) return this.#previousShape;
    }
    const shape = this.#definitions.shape(this.#slots, count);
    const swap = this.#previous;
    this.#previous = this.#slots;
    this.#slots = swap.length >= this.#previous.length ? swap : new Int32Array(this.#previous.length);
    this.#previousLength = count;
    this.#previousShape = shape;
    return shape;
  }

  /** The fields few cases have, as one object; undefined when there are none (the usual case). */
  #extrasOf(c: ReportCase, entry: CaseEntry): Record<string, unknown> | undefined {
    const own = entry.item.case.evaluators;
    const rare =
      own.length > 0 ||
      c.teardownError !== undefined ||
      c.traceId !== undefined ||
      c.spanId !== undefined ||
      c.evaluatorFailures.length > 0;
    if (!rare && !hasKeys(c.metrics) && !hasKeys(c.attributes)) return undefined;
    const extras: Record<string, unknown> = {};
    if (own.length > 0) extras.ce = own.map((e) => this.#definitions.spec(e.toSpec()));
    if (c.teardownError !== undefined) extras.te = scrub(c.teardownError);
    if (c.traceId !== undefined) extras.tr = c.traceId;
    if (c.spanId !== undefined) extras.sp = c.spanId;
    if (hasKeys(c.metrics)) extras.m = jsonable(c.metrics);
    if (hasKeys(c.attributes)) extras.a = jsonable(c.attributes);
    if (c.evaluatorFailures.length > 0) {
      extras.ef = jsonable(
        c.evaluatorFailures.map((f) => ({ ...f, source: this.#definitions.spec(f.source) })),
      );
    }
    return extras;
  }

  #failureLine(entry: CaseEntry): string {
    const f = entry.result as ReportCaseFailure;
    const own = entry.item.case.evaluators;
    return JSON.stringify({
      t: 'f',
      i: entry.item.index,
      n: f.name,
      s: f.sourceCaseName,
      in: jsonable(f.inputs),
      ex: f.expectedOutput === undefined ? undefined : jsonable(f.expectedOutput),
      md: f.metadata === undefined ? undefined : jsonable(f.metadata),
      ce: own.length > 0 ? own.map((e) => this.#definitions.spec(e.toSpec())) : undefined,
      te: f.teardownError === undefined ? undefined : scrub(f.teardownError),
      tr: f.traceId,
      sp: f.spanId,
      err: scrub(f.errorMessage),
      stack: scrub(f.errorStack),
    });
  }

  /** The text to write (definition lines, the cases line, failure lines, each ending with a newline); empties the batch. */
  drain(): string {
    const pending = this.#pending;
    for (let k = 0; k < pending.length; k++) this.#absorb(pending[k]!);
    pending.length = 0;
    const definitions = this.#definitions.lines;
    let text = definitions.length > 0 ? `${definitions.join('\n')}\n` : '';
    definitions.length = 0;
    if (this.#size > 0) {
      text += `${this.#casesLine()}\n`;
      this.#totals?.add(this.#columns(), (shape) => this.#definitions.shapeEntries[shape]!);
    }
    if (this.#failures.length > 0) text += `${this.#failures.join('\n')}\n`;
    this.#reset();
    return text;
  }

  /** One native JSON.stringify over the columns (undefined optional columns are left out). */
  #casesLine(): string {
    const size = this.#size;
    return JSON.stringify({
      t: 'cases',
      // One shape for the whole batch: one id.
      i: this.#inOrder ? this.#firstIndex : this.#index,
      n: this.#name,
      s: this.#source && padded(this.#source, size),
      in: this.#inputs,
      ex: this.#expected && padded(this.#expected, size),
      md: this.#metadata && padded(this.#metadata, size),
      o: this.#output,
      td: this.#taskNs,
      tt: this.#totalNs,
      rs: isSame(this.#shape) ? this.#shape[0] : this.#shape,
      rb: this.#booleans,
      rn: this.#numbers,
      rl: this.#strings.length > 0 ? this.#strings : undefined,
      why: this.#reasons,
      x: this.#extras,
    });
  }

  #columns(): BatchColumns {
    return {
      taskNs: this.#taskNs,
      totalNs: this.#totalNs,
      shapes: this.#shape,
      booleans: this.#booleans,
      numbers: this.#numbers,
      strings: this.#strings,
      extras: this.#extras,
    };
  }

  /** Empties the columns, keeping the arrays (and their room) for the next batch. */
  #reset(): void {
    this.#size = 0;
    this.#index.length = 0;
    this.#name.length = 0;
    this.#source = undefined;
    this.#inputs.length = 0;
    this.#expected = undefined;
    this.#metadata = undefined;
    this.#output.length = 0;
    this.#taskNs.length = 0;
    this.#totalNs.length = 0;
    this.#shape.length = 0;
    this.#booleans.length = 0;
    this.#numbers.length = 0;
    this.#strings.length = 0;
    this.#reasons = undefined;
    this.#extras = undefined;
    this.#failures = [];
  }
}

/** A column most cases leave empty: made when a case first has a value (earlier positions null). */
function optionalColumn(
  column: unknown[] | undefined,
  value: unknown,
  position: number,
): unknown[] | undefined {
  if (value === undefined) return column;
  const filled = column ?? [];
  while (filled.length < position) filled.push(null);
  filled.push(jsonable(value));
  return filled;
}

function isSame(values: readonly number[]): boolean {
  const first = values[0];
  for (let k = 1; k < values.length; k++) if (values[k] !== first) return false;
  return true;
}

/** An optional column padded with nulls to the batch size. */
function padded(column: unknown[], size: number): unknown[] {
  while (column.length < size) column.push(null);
  return column;
}

function grow(slots: Int32Array): Int32Array {
  const bigger = new Int32Array(slots.length * 2);
  bigger.set(slots);
  return bigger;
}

function hasKeys(record: object): boolean {
  if (record === EMPTY_RECORD) return false;
  for (const _ in record) return true;
  return false;
}
