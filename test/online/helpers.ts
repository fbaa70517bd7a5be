import type { EvaluationResult, EvaluatorContext, EvaluatorFailure } from 'typed-evals';
import {
  type EvaluationSink,
  OnlineEvalConfig,
  type OnlineEvalConfigOptions,
  type SinkPayload,
} from 'typed-evals/online';

// The seeded generator of the statistics code (mulberry32), so runs of these tests repeat exactly.
export { seededRandom } from '../../src/report/stats/math.js';

/** A random source that returns the given numbers in order (then repeats the last one). */
export function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)]!;
}

/** A config that sends results to `sink` only (no OTel events), with `extra` settings on top. */
export function quiet(sink?: EvaluationSink, extra: OnlineEvalConfigOptions = {}): OnlineEvalConfig {
  return new OnlineEvalConfig({ emitOtelEvents: false, defaultSink: sink, ...extra });
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
