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
  #rejectRace: ((reason: unknown) => void) | undefined;

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

  /** Aborts the attempt (run aborted or timed out): its signal fires and `race` rejects with `reason`. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
    this.#rejectRace?.(reason);
  }

  /** Settles with the task's promise, or rejects as soon as the attempt aborts: a task that ignores its signal stops holding the slot. */
  race<T>(promise: PromiseLike<T>): Promise<T> {
    if (this.#aborted) return Promise.reject(this.#abortReason);
    return new Promise<T>((resolve, reject) => {
      this.#rejectRace = reject;
      promise.then(resolve, reject);
    });
  }
}
