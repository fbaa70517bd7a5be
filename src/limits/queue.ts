/**
 * @module
 * The Limiter's FIFO of waiting calls. An aborted call leaves it and its promise rejects with the
 * signal's reason. One abort listener per signal, however many calls wait on it: every case of a run
 * may share a signal, and thousands of listeners on one signal would trip Node's MaxListeners warning.
 */

export interface Waiter<T> {
  readonly tokens: number;
  readonly signal: AbortSignal | undefined;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

interface Slot<T> {
  waiter: Waiter<T>;
  /** Position in the array, to find it again on abort. */
  index: number;
}

export class WaitQueue<T> {
  #slots: (Slot<T> | undefined)[] = [];
  #head = 0;
  #size = 0;
  readonly #watches = new Map<AbortSignal, { slots: Set<Slot<T>>; listener: () => void }>();
  readonly #onAbort: () => void;

  /** `onAbort` runs after aborted waiters left: the ones behind them may now be first. */
  constructor(onAbort: () => void) {
    this.#onAbort = onAbort;
  }

  get size(): number {
    return this.#size;
  }

  push(waiter: Waiter<T>): void {
    const slot: Slot<T> = { waiter, index: this.#slots.length };
    this.#slots.push(slot);
    this.#size++;
    if (waiter.signal) this.#watch(waiter.signal, slot);
  }

  /** The first waiter still in line. */
  peek(): Waiter<T> | undefined {
    while (this.#head < this.#slots.length) {
      const slot = this.#slots[this.#head];
      if (slot) return slot.waiter;
      this.#head++;
    }
    this.#slots = [];
    this.#head = 0;
    return undefined;
  }

  /** Removes the first waiter (call after `peek`), who stops watching its signal. */
  shift(): Waiter<T> {
    const slot = this.#slots[this.#head]!;
    this.#slots[this.#head++] = undefined;
    this.#size--;
    if (slot.waiter.signal) this.#unwatch(slot.waiter.signal, slot);
    return slot.waiter;
  }

  #watch(signal: AbortSignal, slot: Slot<T>): void {
    let watch = this.#watches.get(signal);
    if (!watch) {
      watch = { slots: new Set(), listener: () => this.#abort(signal) };
      this.#watches.set(signal, watch);
      signal.addEventListener('abort', watch.listener, { once: true });
    }
    watch.slots.add(slot);
  }

  #unwatch(signal: AbortSignal, slot: Slot<T>): void {
    const watch = this.#watches.get(signal);
    if (!watch) return;
    watch.slots.delete(slot);
    if (watch.slots.size > 0) return;
    signal.removeEventListener('abort', watch.listener);
    this.#watches.delete(signal);
  }

  #abort(signal: AbortSignal): void {
    const watch = this.#watches.get(signal);
    this.#watches.delete(signal);
    if (!watch) return;
    for (const slot of watch.slots) {
      if (this.#slots[slot.index] !== slot) continue;
      this.#slots[slot.index] = undefined;
      this.#size--;
      slot.waiter.reject(signal.reason);
    }
    this.#onAbort();
  }
}
