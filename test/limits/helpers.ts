import { vi } from 'vitest';
import { deferred, flush } from '../helpers/counting.js';

/** Fake setTimeout/clearTimeout/Date (the limiter's clock), from a round start time. */
export function useLimiterFakeTimers(start = 1_000_000): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: start });
}

/** Ms since the fake start. */
export function elapsed(start = 1_000_000): number {
  return Date.now() - start;
}

/** An HTTP-like error, as fetch wrappers and SDKs throw them. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
    this.name = 'HttpError';
  }
}

export const rateLimitError = (retryAfterSeconds?: number) =>
  new HttpError(429, retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) });

/**
 * Calls the test settles by hand: `calls.fn` is a run function that records its start and waits;
 * `succeed()` / `fail(error)` settle the oldest pending call (or the one at `index`).
 */
export class ManualCalls {
  readonly started: number[] = [];
  readonly #pending: { resolve: (v: number) => void; reject: (e: unknown) => void; id: number }[] = [];
  #next = 0;

  readonly fn = (): Promise<number> => {
    const id = this.#next++;
    this.started.push(id);
    const d = deferred<number>();
    this.#pending.push({ resolve: d.resolve, reject: d.reject, id });
    return d.promise;
  };

  get pending(): number {
    return this.#pending.length;
  }

  async succeed(count = 1): Promise<void> {
    for (let i = 0; i < count; i++) {
      const call = this.#pending.shift();
      if (!call) throw new Error('no pending call to succeed');
      call.resolve(call.id);
      await flush(2);
    }
  }

  /** Fails the oldest pending call. */
  async fail(error: unknown): Promise<void> {
    const call = this.#pending.shift();
    if (!call) throw new Error('no pending call to fail');
    call.reject(error);
    await flush(2);
  }

  /** Fails the newest pending call: the one that started with the most calls in flight. */
  async failLatest(error: unknown): Promise<void> {
    const call = this.#pending.pop();
    if (!call) throw new Error('no pending call to fail');
    call.reject(error);
    await flush(2);
  }
}

export { deferred, flush };
