/**
 * @module
 * A small typed event emitter. A listener that throws never reaches the limiter's caller: the error is
 * reported once on stderr and the other listeners still run.
 */

export type Listener<T> = (payload: T) => void;

export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<any>>>();
  readonly #label: string;
  #reported = false;

  constructor(label: string) {
    this.#label = label;
  }

  /** Adds a listener; the returned function removes it. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    if (typeof listener !== 'function') throw new TypeError(`${this.#label}: a listener must be a function`);
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(event)?.delete(listener);
  }

  /** Whether anyone listens, so payloads are built only when needed. */
  has(event: keyof Events): boolean {
    return (this.#listeners.get(event)?.size ?? 0) > 0;
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.#listeners.get(event);
    if (!set || set.size === 0) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        this.#report(event, error);
      }
    }
  }

  #report(event: keyof Events, error: unknown): void {
    if (this.#reported) return;
    this.#reported = true;
    console.error(
      `${this.#label}: a '${String(event)}' listener threw; the error is ignored (reported once):`,
      error,
    );
  }
}
