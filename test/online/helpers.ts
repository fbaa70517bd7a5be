import type { EvaluationResult, EvaluatorContext, EvaluatorFailure } from 'typed-evals';
import type { EvaluationSink, SinkPayload } from 'typed-evals/online';

/** A seeded generator of numbers in [0, 1) (mulberry32), for deterministic sampling. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random source that returns the given numbers in order (then repeats the last one). */
export function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)]!;
}

/** A sink that keeps every payload. */
export class MemorySink implements EvaluationSink {
  payloads: SinkPayload[] = [];
  submit(payload: SinkPayload): void {
    this.payloads.push(payload);
  }
  get results(): EvaluationResult[] {
    return this.payloads.flatMap((p) => [...p.results]);
  }
  get failures(): EvaluatorFailure[] {
    return this.payloads.flatMap((p) => [...p.failures]);
  }
  get contexts(): EvaluatorContext[] {
    return this.payloads.map((p) => p.context);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise with its resolve function, to hold an async evaluator until the test lets it go. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
