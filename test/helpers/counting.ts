/** Tracks how many calls are in flight at once and the order of events, for concurrency tests. */
export class InFlightCounter {
  current = 0;
  peak = 0;
  log: string[] = [];

  enter(label?: string): void {
    this.current++;
    this.peak = Math.max(this.peak, this.current);
    if (label) this.log.push(`start ${label}`);
  }

  exit(label?: string): void {
    this.current--;
    if (label) this.log.push(`end ${label}`);
  }
}

/** A promise with its resolve/reject exposed, to hold a task until the test lets it go. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets all pending promise callbacks and immediates run. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((r) => setImmediate(r));
}
