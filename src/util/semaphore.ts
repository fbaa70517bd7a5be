/**
 * A counting semaphore whose waiters are woken from a FIFO queue (no polling). `acquire` takes an
 * AbortSignal: an aborted wait leaves the queue and rejects with the signal's reason. `limit` may be
 * Infinity (every acquire succeeds at once) and may change while in use.
 */
export class Semaphore {
  #limit: number;
  #inUse = 0;
  #waiters: Array<Waiter | undefined> = [];
  #head = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get limit(): number {
    return this.#limit;
  }

  set limit(value: number) {
    this.#limit = value;
    this.#wake();
  }

  get inUse(): number {
    return this.#inUse;
  }

  get waiting(): number {
    let n = 0;
    for (let i = this.#head; i < this.#waiters.length; i++) if (this.#waiters[i]) n++;
    return n;
  }

  tryAcquire(): boolean {
    if (this.#inUse < this.#limit && this.#head === this.#waiters.length) {
      this.#inUse++;
      return true;
    }
    return false;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      const index = this.#waiters.push(waiter) - 1;
      if (signal) {
        waiter.onAbort = () => {
          this.#waiters[index] = undefined;
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
    });
  }

  release(): void {
    this.#inUse--;
    if (this.#head < this.#waiters.length) this.#wake();
  }

  #wake(): void {
    while (this.#inUse < this.#limit && this.#head < this.#waiters.length) {
      const waiter = this.#waiters[this.#head];
      this.#waiters[this.#head++] = undefined;
      if (!waiter) continue;
      if (waiter.onAbort) waiter.signal!.removeEventListener('abort', waiter.onAbort);
      this.#inUse++;
      waiter.resolve();
    }
    if (this.#head === this.#waiters.length && this.#head > 0) {
      this.#waiters.length = 0;
      this.#head = 0;
    }
  }
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}
