import type { CaseResult } from '../report/model.js';
import { isCaseFailure } from '../report/model.js';
import { buildFailure, runCase } from '../runner/run-case.js';
import type { CaseRunner, WorkItem } from '../runner/types.js';
import { yieldToEventLoop } from '../util/clock.js';
import { Semaphore } from '../util/semaphore.js';
import type { WorkSource } from './plan.js';

/**
 * After this many starts in a row without waiting, the dispatcher lets the event loop turn, so that with
 * unlimited concurrency I/O (finished async tasks, store writes, progress) is served while cases start.
 * 1024 sync cases take about a millisecond; measured on W2 (1000 async cases, unlimited), 1024 starts
 * them sooner than 256 did (medians of 14 paired runs: 17 ms over the ideal against 19 ms).
 */
const STARTS_BETWEEN_YIELDS = 1024;
/**
 * The first yield comes after fewer starts, while the dispatcher still runs unoptimized: a branch that has
 * never run has no type feedback, and taking it for the first time once the loop is optimized throws the
 * optimized loop (with the whole case path inlined into it) away.
 */
const STARTS_BEFORE_FIRST_YIELD = 64;

export interface ScheduleOptions {
  /** Cases in flight; Infinity for unlimited. */
  maxConcurrency: number;
  /** Called before each start; a promise holds dispatch until a slow consumer catches up. */
  backpressure?: () => Promise<void> | undefined;
  /** Emit 'case-start' events (skipped when no sink reads them). @default true */
  emitCaseStart?: boolean;
}

/**
 * Pulls work items one at a time and runs each once a slot is free. A case holds its slot from its
 * start until its teardown ends. Resolves when every started case has ended; on abort no new case
 * starts. If the source fails (a bad streamed file), dispatch stops, the started cases still finish,
 * and then the source's error is thrown.
 */
export async function schedule(
  plan: WorkSource,
  runner: CaseRunner,
  options: ScheduleOptions,
): Promise<void> {
  const pool = new CasePool(runner, options);
  let sourceError: { error: unknown } | undefined;
  try {
    await pool.dispatch(plan);
  } catch (error) {
    sourceError = { error };
  } finally {
    try {
      await plan.close();
    } catch (error) {
      sourceError ??= { error };
    }
  }
  await pool.idle();
  if (sourceError) throw sourceError.error;
}

/** The running cases of one schedule: slots, the in-flight count, and how a case starts and ends. */
class CasePool {
  readonly #runner: CaseRunner;
  readonly #options: ScheduleOptions;
  readonly #slots: Semaphore;
  readonly #emitCaseStart: boolean;
  #inFlight = 0;
  #onIdle: (() => void) | undefined;

  constructor(runner: CaseRunner, options: ScheduleOptions) {
    this.#runner = runner;
    this.#options = options;
    this.#slots = new Semaphore(options.maxConcurrency);
    this.#emitCaseStart = options.emitCaseStart !== false;
  }

  async dispatch(plan: WorkSource): Promise<void> {
    const runner = this.#runner;
    let sinceYield = STARTS_BETWEEN_YIELDS - STARTS_BEFORE_FIRST_YIELD;
    while (!runner.stopped) {
      if (!this.#slots.tryAcquire() && !(await acquireOrStop(this.#slots, runner.signal))) return;
      const wait = this.#options.backpressure?.();
      if (wait) await wait;
      let next = plan.next();
      if (next instanceof Promise) next = await next;
      if (next === undefined || runner.stopped) {
        this.#slots.release();
        return;
      }
      this.#start(next);
      if (++sinceYield >= STARTS_BETWEEN_YIELDS) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
  }

  idle(): Promise<void> | undefined {
    if (this.#inFlight === 0) return undefined;
    return new Promise<void>((resolve) => {
      this.#onIdle = resolve;
    });
  }

  #start(item: WorkItem): void {
    this.#inFlight++;
    if (this.#emitCaseStart) this.#runner.emit({ type: 'case-start', item });
    try {
      runCase(item, this.#runner, this.#end);
    } catch (error) {
      // Task and evaluator errors end up in the result; what can still throw here (a tracing hook, a
      // case's own evaluator whose name cannot be read) does so before `done`: the case ends here.
      this.#end(item, buildFailure(item, error));
    }
  }

  /** A bound function, so that runCase gets no new closure per case. */
  readonly #end = (item: WorkItem, result: CaseResult): void => {
    this.#slots.release();
    this.#runner.emit({ type: 'case-end', item, result, failed: isCaseFailure(result) });
    if (--this.#inFlight === 0) this.#onIdle?.();
  };
}

async function acquireOrStop(slots: Semaphore, signal: AbortSignal): Promise<boolean> {
  try {
    await slots.acquire(signal);
    return true;
  } catch {
    return false;
  }
}
