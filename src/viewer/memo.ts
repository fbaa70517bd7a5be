/**
 * @module
 * A small least-recently-used map of promises, for results computed from runs (comparisons, analyses)
 * keyed by the runs' versions: a changed run gets a new key, and the old entry ages out.
 */
export class Memo<V> {
  readonly #max: number;
  readonly #entries = new Map<string, Promise<V>>();

  constructor(max: number) {
    this.#max = max;
  }

  /** The value for `key`, computing it once; a failed computation is not kept. */
  get(key: string, compute: () => Promise<V> | V): Promise<V> {
    let entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      return entry;
    }
    const created = Promise.resolve().then(compute);
    created.catch(() => {
      if (this.#entries.get(key) === created) this.#entries.delete(key);
    });
    this.#entries.set(key, created);
    entry = created;
    while (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    return entry;
  }
}
