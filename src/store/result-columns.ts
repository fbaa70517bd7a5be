/**
 * @module
 * The results part of a `cases` line (docs/store.md): each case's assertions, scores and labels become a
 * shape id (the case's slots, in order, defined once per run by `slot` and `shape` lines) and values in
 * `rb` (booleans as 1/0), `rn` (numbers) and `rl` (strings), in shape order. Reasons go to `why` as
 * `position, slot, reason` triples.
 *
 * This runs once per stored case, so the common paths avoid calls and lookups: the previous case's slot
 * at each position and its shape are checked first, and a shared frozen assertions record (see
 * ResultRouter) is replayed from its first visit.
 */
import type { EvaluationResult } from '../evaluators/results.js';
import { scrub } from '../otel/attributes.js';
import type { ReportCase } from '../report/model.js';
import { EMPTY_RECORD } from '../util/empty.js';
import { type Definitions, PASSED, type Slot } from './definitions.js';

/** The result columns of one batch, cut to its values. */
export interface ResultValues {
  booleans: number[];
  numbers: number[];
  strings: string[];
  reasons: unknown[] | undefined;
}

export class ResultColumns {
  readonly #definitions: Definitions;
  /**
   * Value columns, overwritten from the start by each batch (`array.length = 0` would give their memory
   * back, and regrowing them for every batch cost more than filling them); `take` cuts them.
   */
  readonly #booleans: number[] = [];
  readonly #numbers: number[] = [];
  readonly #strings: string[] = [];
  #booleanCount = 0;
  #numberCount = 0;
  #stringCount = 0;
  #reasons: unknown[] | undefined;
  /**
   * The assertions record met last, with its slot codes (a passed entry as type `p`) and the values of its
   * other (failed) entries (see #assertions).
   */
  #lastAssertions: { record: object | undefined; codes: number[]; values: number[] } = {
    record: undefined,
    codes: [],
    values: [],
  };
  /** The slot codes (`slot * 4 + value type`) of the case being added, and of the previous case. */
  #slots: Int32Array = new Int32Array(64);
  #previous: Int32Array = new Int32Array(64);
  #previousLength = -1;
  #previousShape = -1;
  /** The slot met last at each result position. */
  readonly #byPosition: (Slot & { key: string })[] = [];

  constructor(definitions: Definitions) {
    this.#definitions = definitions;
  }

  /** Notes the results of the case at `position` of the batch; returns its shape id. */
  add(c: ReportCase, position: number): number {
    let count = c.assertions === EMPTY_RECORD ? 0 : this.#assertions(c.assertions, position);
    if (c.scores !== EMPTY_RECORD) count = this.#results(c.scores, count, position);
    if (c.labels !== EMPTY_RECORD) count = this.#results(c.labels, count, position);
    return this.#shapeOf(count);
  }

  take(): ResultValues {
    return {
      booleans: cut(this.#booleans, this.#booleanCount),
      numbers: cut(this.#numbers, this.#numberCount),
      strings: cut(this.#strings, this.#stringCount),
      reasons: this.#reasons,
    };
  }

  clear(): void {
    this.#booleanCount = 0;
    this.#numberCount = 0;
    this.#stringCount = 0;
    this.#reasons = undefined;
  }

  /**
   * The assertions go first (count 0). For the record met last, its slot codes (slot ids never change
   * within a run) and failed values are copied from its first visit; its passed entries are type `p`
   * there, with no value.
   */
  #assertions(record: Record<string, EvaluationResult>, position: number): number {
    const seen = this.#lastAssertions;
    if (record === seen.record) {
      const { codes, values } = seen;
      while (codes.length > this.#slots.length) this.#slots = grow(this.#slots);
      const slots = this.#slots;
      for (let k = 0; k < codes.length; k++) slots[k] = codes[k]!;
      const booleans = this.#booleans;
      let b = this.#booleanCount;
      for (let k = 0; k < values.length; k++) booleans[b++] = values[k]!;
      this.#booleanCount = b;
      return codes.length;
    }
    const booleansBefore = this.#booleanCount;
    const count = this.#results(record, 0, position);
    // Only a frozen record (one that cannot change) without reasons (written per case) is replayed.
    if (Object.isFrozen(record) && Object.values(record).every((r) => r.reason === undefined)) {
      this.#lastAssertions = replayOf(
        record,
        this.#slots.subarray(0, count),
        this.#booleans.slice(booleansBefore, this.#booleanCount),
      );
    }
    return count;
  }

  /** Writes the values, notes the slots; returns the number of results so far. */
  #results(record: Record<string, EvaluationResult>, count: number, position: number): number {
    for (const key in record) {
      const r = record[key]!;
      if (count === this.#slots.length) this.#slots = grow(this.#slots);
      // The previous case usually had the same slot at this position: no lookup.
      const known = this.#byPosition[count];
      const slot =
        known !== undefined && known.key === key && known.source === r.source && known.name === r.name
          ? known.id
          : this.#slotOf(count, key, r);
      const value = r.value;
      if (typeof value === 'boolean') {
        this.#booleans[this.#booleanCount++] = value ? 1 : 0;
        this.#slots[count++] = slot * 4;
      } else if (typeof value === 'number') {
        this.#numbers[this.#numberCount++] = value;
        this.#slots[count++] = slot * 4 + 1;
      } else {
        this.#strings[this.#stringCount++] = scrub(value) as string;
        this.#slots[count++] = slot * 4 + 2;
      }
      if (r.reason !== undefined) {
        this.#reasons ??= [];
        this.#reasons.push(position, slot, scrub(r.reason));
      }
    }
    return count;
  }

  #slotOf(position: number, key: string, r: EvaluationResult): number {
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
}

/** How a record is replayed: its codes with passed entries as type `p`, and the values of the others. */
function replayOf(record: object, codes: Int32Array, values: readonly number[]) {
  const replay = { record, codes: [] as number[], values: [] as number[] };
  for (let k = 0; k < codes.length; k++) {
    const passed = values[k] === 1;
    replay.codes.push(passed ? (codes[k]! & ~3) | PASSED : codes[k]!);
    if (!passed) replay.values.push(values[k]!);
  }
  return replay;
}

/** The array cut to its first `length` values (a no-op when the batch filled it exactly). */
export function cut<T>(values: T[], length: number): T[] {
  if (values.length !== length) values.length = length;
  return values;
}

function grow(slots: Int32Array): Int32Array {
  const bigger = new Int32Array(slots.length * 2);
  bigger.set(slots);
  return bigger;
}
