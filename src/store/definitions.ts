/**
 * @module
 * The run's definition tables: evaluator specs, result slots (record key, result name, spec) and result
 * shapes (the slots a case has, in order, with the column of each value). Ids are handed out once per
 * run; each new one is announced by a line (`spec`, `slot`, `shape`) written before the first record
 * that uses it (docs/store.md).
 */
import type { EvaluatorSpec } from '../evaluators/evaluator.js';
import type { EvaluationResult } from '../evaluators/results.js';
import { jsonable } from './values.js';

/**
 * Result values go to one column per type, `b` (booleans as 1/0), `n` (numbers), `s` (strings): a column
 * of one type is turned into JSON much faster than a mixed one. A shape says which column each value is in.
 * `p` is a passed assertion whose value is in no column (the shape says it): the run's shared assertions,
 * the same for most cases, cost no value per case.
 */
export const VALUE_TYPES = 'bnsp';
/** The value type of a passed assertion with no value in a column (`p`). */
export const PASSED = 3;

export interface Slot {
  id: number;
  name: string;
  source: EvaluatorSpec;
}

/** The run's spec, slot and shape tables: ids handed out once, each announced by a definition line. */
export class Definitions {
  readonly lines: string[] = [];
  readonly #specIds = new Map<EvaluatorSpec, number>();
  readonly #specIdsByText = new Map<string, number>();
  readonly #slotsByKey = new Map<string, Slot>();
  readonly #slotIds = new Map<string, number>();
  readonly #shapeIds = new Map<string, number>();
  /** Entries of each shape, and the record key of each slot, by id. */
  readonly shapeEntries: number[][] = [];
  readonly slotKeys: string[] = [];

  spec(spec: EvaluatorSpec): number {
    const known = this.#specIds.get(spec);
    if (known !== undefined) return known;
    const text = JSON.stringify(jsonable(spec));
    let id = this.#specIdsByText.get(text);
    if (id === undefined) {
      id = this.#specIdsByText.size;
      this.#specIdsByText.set(text, id);
      this.lines.push(`{"t":"spec","id":${id},"spec":${text}}`);
    }
    this.#specIds.set(spec, id);
    return id;
  }

  slot(key: string, result: EvaluationResult): number {
    const slot = this.#slotsByKey.get(key);
    if (slot !== undefined && slot.source === result.source && slot.name === result.name) return slot.id;
    const spec = this.spec(result.source);
    const composite = `${spec}\n${key}\n${result.name}`;
    let id = this.#slotIds.get(composite);
    if (id === undefined) {
      id = this.#slotIds.size;
      this.#slotIds.set(composite, id);
      this.slotKeys[id] = key;
      const name = result.name === key ? {} : { name: result.name };
      this.lines.push(JSON.stringify({ t: 'slot', id, key, ...name, spec }));
    }
    if (this.#slotsByKey.size < 10_000)
      this.#slotsByKey.set(key, { id, name: result.name, source: result.source });
    return id;
  }

  /** A shape from its entries (`slot * 4 + value type`, see VALUE_TYPES). */
  shape(entries: Int32Array, length: number): number {
    const list = Array.from(entries.subarray(0, length));
    const key = list.join(',');
    let id = this.#shapeIds.get(key);
    if (id === undefined) {
      id = this.#shapeIds.size;
      this.#shapeIds.set(key, id);
      this.shapeEntries[id] = list;
      const slots = list.map((entry) => entry >> 2);
      const types = list.map((entry) => VALUE_TYPES[entry & 3]).join('');
      this.lines.push(JSON.stringify({ t: 'shape', id, slots, types }));
    }
    return id;
  }
}
