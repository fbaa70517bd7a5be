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
  /** Told when the attempt aborts, until it settled (see `watch`). */
  #watcher: AbortWatcher | undefined;

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

  /** Aborts the attempt (run aborted or timed out): its signal fires and its watcher is told. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
    const watcher = this.#watcher;
    if (watcher === undefined) return;
    this.#watcher = undefined;
    // Told on a later microtask, as a rejection would be: the caller may be looping over attempts.
    queueMicrotask(() => watcher.aborted(reason));
  }

  /**
   * `watcher.aborted(reason)` is called once if the attempt aborts before `unwatch`: an async attempt
   * then settles at once, so a task that ignores its signal stops holding the slot.
   */
  watch(watcher: AbortWatcher): void {
    if (!this.#aborted) {
      this.#watcher = watcher;
      return;
    }
    const reason = this.#abortReason;
    queueMicrotask(() => watcher.aborted(reason));
  }

  unwatch(): void {
    this.#watcher = undefined;
  }
}

/** What an abort settles early (see AttemptContext.watch). */
export interface AbortWatcher {
  aborted(reason: unknown): void;
}
