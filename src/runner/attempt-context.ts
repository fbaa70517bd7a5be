import type { TaskContext } from '../engine/options.js';

/**
 * The `ctx` a task attempt receives. Its AbortController is created only when the task reads `signal`:
 * most tasks never do, and a controller per case is a measurable share of the engine's cost.
 */
export class AttemptContext implements TaskContext {
  readonly caseName: string;
  readonly attempt: number;
  #controller: AbortController | undefined;
  #abortReason: unknown;
  #aborted = false;
  /** The error callback of `settle` until the attempt settles; undefined once it has. */
  #onAbort: ((reason: unknown) => void) | undefined;

  constructor(caseName: string, attempt: number) {
    this.caseName = caseName;
    this.attempt = attempt;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Aborts the attempt (run aborted or timed out): its signal fires and `settle` reports `reason`. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
    const onAbort = this.#onAbort;
    if (onAbort === undefined) return;
    this.#onAbort = undefined;
    // Reported on a later microtask, as a rejection would be: the caller may be looping over attempts.
    queueMicrotask(() => onAbort(reason));
  }

  /**
   * Calls `onValue` or `onError` exactly once: with the task's outcome, or with the abort reason as soon
   * as the attempt aborts, so a task that ignores its signal stops holding the slot. Callbacks rather
   * than a promise: this runs once per async case, and each promise there is a microtask hop and, with
   * AsyncLocalStorage on, a run of promise hooks.
   */
  settle<T>(promise: PromiseLike<T>, onValue: (value: T) => void, onError: (error: unknown) => void): void {
    if (this.#aborted) {
      const reason = this.#abortReason;
      queueMicrotask(() => onError(reason));
      return;
    }
    this.#onAbort = onError;
    const failed = (error: unknown) => {
      if (this.#onAbort === undefined) return;
      this.#onAbort = undefined;
      onError(error);
    };
    try {
      promise.then((value) => {
        if (this.#onAbort === undefined) return;
        this.#onAbort = undefined;
        onValue(value);
      }, failed);
    } catch (error) {
      failed(error); // a thenable whose `then` throws
    }
  }
}
