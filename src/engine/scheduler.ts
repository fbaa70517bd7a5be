import type { CaseResult } from '../report/model.js';
import type { WorkSource } from './plan.js';
import { buildFailure, runCase } from '../runner/run-case.js';
import type { CaseRunner, WorkItem } from '../runner/types.js';
import { yieldToEventLoop } from '../util/clock.js';
import { Semaphore } from '../util/semaphore.js';
import { isCaseFailure } from '../report/model.js';

/**
 * After this many starts in a row without waiting, the dispatcher lets the event loop turn, so that
 * with unlimited concurrency and fast tasks cases finish as they start instead of piling up.
 */
const STARTS_BETWEEN_YIELDS = 256;

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
 * starts.
 */
export async function schedule(
  plan: WorkSource,
  runner: CaseRunner,
  options: ScheduleOptions,
): Promise<void> {
  const slots = new Semaphore(options.maxConcurrency);
  const { signal, emit } = runner;
  const emitCaseStart = options.emitCaseStart !== false;
  let inFlight = 0;
  let onIdle: (() => void) | undefined;
  const end = (item: WorkItem, result: CaseResult) => {
    slots.release();
    emit({ type: 'case-end', item, result, failed: isCaseFailure(result) });
    if (--inFlight === 0) onIdle?.();
  };
  let sinceYield = 0;
  try {
    while (!runner.stopped) {
      if (!slots.tryAcquire() && !(await acquireOrStop(slots, signal))) break;
      const wait = options.backpressure?.();
      if (wait) await wait;
      let next = plan.next();
      if (next instanceof Promise) next = await next;
      if (next === undefined || runner.stopped) {
        slots.release();
        break;
      }
      const item = next;
      inFlight++;
      if (emitCaseStart) emit({ type: 'case-start', item });
      const result = runCase(item, runner);
      if (result instanceof Promise)
        result.then(
          (r) => end(item, r),
          (e) => end(item, buildFailure(item, e)),
        );
      else end(item, result);
      if (++sinceYield >= STARTS_BETWEEN_YIELDS) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
  } finally {
    await plan.close();
  }
  if (inFlight > 0) await new Promise<void>((resolve) => (onIdle = resolve));
}

async function acquireOrStop(slots: Semaphore, signal: AbortSignal): Promise<boolean> {
  try {
    await slots.acquire(signal);
    return true;
  } catch {
    return false;
  }
}
