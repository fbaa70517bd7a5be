/**
 * @module
 * The Averages row of a run's footer, kept from each batch's columns as it is written (case-batch.ts):
 * a few additions per value on typed data, where averaging the report afterwards would walk every case
 * object again. Same rules as the report's `averages()` without repeats (report/aggregate.ts): scores
 * and metrics average over the cases that have them, labels become frequencies, assertions a pass rate.
 */
import type { ReportCaseAggregate } from '../report/model.js';
import { PASSED } from './definitions.js';

/** What a batch hands over: its columns (see CaseBatch) and how to read its shapes. */
export interface BatchColumns {
  taskNs: readonly number[];
  totalNs: readonly number[];
  shapes: readonly number[];
  /** Whether every case of the batch has the shape `shapes[0]`. */
  sameShape: boolean;
  booleans: readonly number[];
  numbers: readonly number[];
  strings: readonly string[];
  /** `position, extras` pairs; extras may hold metrics (`m`). */
  extras: readonly unknown[] | undefined;
}

interface Mean {
  sum: number;
  count: number;
}

export class RunTotals {
  #cases = 0;
  #taskNs = 0;
  #totalNs = 0;
  #passed = 0;
  #assertions = 0;
  readonly #slotSums: number[] = [];
  readonly #slotCounts: number[] = [];
  readonly #slotLabels = new Map<number, Map<string, number>>();
  readonly #metrics = new Map<string, Mean>();

  /**
   * `entries(shape)`: the shape's entries, `slot * 4 + value type` (0 boolean, 1 number, 2 string,
   * PASSED a passed assertion with no value in a column).
   */
  add(batch: BatchColumns, entries: (shape: number) => readonly number[]): void {
    if (batch.sameShape) this.#addOneShape(batch, entries(batch.shapes[0]!));
    else this.#addShapes(batch, entries);
    this.#cases += batch.shapes.length;
    const extras = batch.extras ?? [];
    for (let k = 1; k < extras.length; k += 2)
      this.#addMetrics((extras[k] as { m?: Record<string, number> }).m);
  }

  /**
   * A batch whose cases all have one shape (the usual one) is added column by column: booleans are the
   * assertions, and the n-th number belongs to the shape's (n mod count)-th number slot.
   */
  #addOneShape(batch: BatchColumns, shapeEntries: readonly number[]): void {
    for (let k = 0; k < batch.taskNs.length; k++) {
      this.#taskNs += batch.taskNs[k]!;
      this.#totalNs += batch.totalNs[k]!;
    }
    this.#assertions += batch.booleans.length;
    for (let k = 0; k < batch.booleans.length; k++) this.#passed += batch.booleans[k]!;
    // Passed assertions the shape holds (type p): one each per case, with no value in the column.
    const fixedPasses = slotsOfType(shapeEntries, PASSED).length * batch.shapes.length;
    this.#assertions += fixedPasses;
    this.#passed += fixedPasses;
    const numberSlots = slotsOfType(shapeEntries, 1);
    for (let j = 0; j < numberSlots.length; j++) {
      const slot = numberSlots[j]!;
      // Added in case order onto the running sum: the same rounding as the report's averages.
      let sum = this.#slotSums[slot] ?? 0;
      let count = 0;
      for (let n = j; n < batch.numbers.length; n += numberSlots.length) {
        sum += batch.numbers[n]!;
        count++;
      }
      this.#slotSums[slot] = sum;
      this.#slotCounts[slot] = (this.#slotCounts[slot] ?? 0) + count;
    }
    if (batch.strings.length === 0) return;
    const labelSlots = slotsOfType(shapeEntries, 2);
    for (let s = 0; s < batch.strings.length; s++)
      this.#label(labelSlots[s % labelSlots.length]!, batch.strings[s]!);
  }

  #addShapes(batch: BatchColumns, entries: (shape: number) => readonly number[]): void {
    let b = 0;
    let n = 0;
    let s = 0;
    let lastShape = -1;
    let shapeEntries: readonly number[] = [];
    for (let k = 0; k < batch.shapes.length; k++) {
      this.#taskNs += batch.taskNs[k]!;
      this.#totalNs += batch.totalNs[k]!;
      const shape = batch.shapes[k]!;
      if (shape !== lastShape) {
        lastShape = shape;
        shapeEntries = entries(shape);
      }
      for (let e = 0; e < shapeEntries.length; e++) {
        const entry = shapeEntries[e]!;
        const slot = entry >> 2;
        const type = entry & 3;
        if (type === 0) {
          this.#assertions++;
          this.#passed += batch.booleans[b++]!;
        } else if (type === PASSED) {
          this.#assertions++;
          this.#passed++;
        } else if (type === 1) {
          this.#slotSums[slot] = (this.#slotSums[slot] ?? 0) + batch.numbers[n++]!;
          this.#slotCounts[slot] = (this.#slotCounts[slot] ?? 0) + 1;
        } else this.#label(slot, batch.strings[s++]!);
      }
    }
  }

  #label(slot: number, value: string): void {
    let counts = this.#slotLabels.get(slot);
    if (!counts) {
      counts = new Map<string, number>();
      this.#slotLabels.set(slot, counts);
    }
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }

  #addMetrics(metrics: Record<string, number> | undefined): void {
    for (const key in metrics) {
      const mean = this.#metrics.get(key);
      if (mean) {
        mean.sum += metrics[key]!;
        mean.count++;
      } else this.#metrics.set(key, { sum: metrics[key]!, count: 1 });
    }
  }

  /** The Averages row (undefined when no case succeeded); `keyOf(slot)` names a slot's record key. */
  result(keyOf: (slot: number) => string): ReportCaseAggregate | undefined {
    if (this.#cases === 0) return undefined;
    const scores = new Map<string, Mean>();
    this.#slotSums.forEach((sum, slot) => {
      const mean = scores.get(keyOf(slot)) ?? { sum: 0, count: 0 };
      mean.sum += sum;
      mean.count += this.#slotCounts[slot]!;
      scores.set(keyOf(slot), mean);
    });
    return {
      name: 'Averages',
      scores: means(scores),
      labels: this.#labelFrequencies(keyOf),
      metrics: means(this.#metrics),
      assertions: this.#assertions === 0 ? null : this.#passed / this.#assertions,
      taskDuration: this.#taskNs / this.#cases / 1e9,
      totalDuration: this.#totalNs / this.#cases / 1e9,
    };
  }

  #labelFrequencies(keyOf: (slot: number) => string): Record<string, Record<string, number>> {
    const byKey = new Map<string, Map<string, number>>();
    for (const [slot, counts] of this.#slotLabels) {
      const merged = byKey.get(keyOf(slot)) ?? new Map<string, number>();
      for (const [value, count] of counts) merged.set(value, (merged.get(value) ?? 0) + count);
      byKey.set(keyOf(slot), merged);
    }
    const labels: Record<string, Record<string, number>> = {};
    for (const [key, counts] of byKey) {
      let total = 0;
      for (const count of counts.values()) total += count;
      labels[key] = Object.fromEntries([...counts].map(([value, count]) => [value, count / total]));
    }
    return labels;
  }
}

/**
 * The slots of a shape's entries of one value type, in order. A plain loop: `filter().map()` gave arrays
 * of a different kind when empty, which deoptimized the caller once per such batch.
 */
function slotsOfType(shapeEntries: readonly number[], type: number): number[] {
  const slots: number[] = [];
  for (let k = 0; k < shapeEntries.length; k++) {
    const entry = shapeEntries[k]!;
    if ((entry & 3) === type) slots.push(entry >> 2);
  }
  return slots;
}

function means(map: Map<string, Mean>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, m] of map) out[key] = m.sum / m.count;
  return out;
}
