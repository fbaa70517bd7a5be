import type { CaseResult } from '../report/model.js';
import { buildFailure, runCase } from '../runner/run-case.js';
import type { CaseRunner, WorkItem } from '../runner/types.js';
import { yieldToEventLoop } from '../util/clock.js';
import { Semaphore } from '../util/semaphore.js';
import { isThenable } from '../util/thenable.js';
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
}

/**
 * Pulls work items one at a time and runs each once a slot is free. A case holds its slot from its
 * start until its teardown ends. Resolves when every started case has ended; on abort no new case
 * starts.
 */
export async function schedule(
  plan: Iterator<WorkItem> | AsyncIterator<WorkItem>,
  runner: CaseRunner,
  options: ScheduleOptions,
): Promise<void> {
  const slots = new Semaphore(options.maxConcurrency);
  const { signal, emit } = runner;
  let inFlight = 0;
  let onIdle: (() => void) | undefined;
  const end = (item: WorkItem, result: CaseResult) => {
    slots.release();
    emit({ type: 'case-end', item, result, failed: isCaseFailure(result) });
    if (--inFlight === 0) onIdle?.();
  };
  let sinceYield = 0;
  try {
    while (!signal.aborted) {
      if (!slots.tryAcquire() && !(await acquireOrStop(slots, signal))) break;
      const wait = options.backpressure?.();
      if (wait) await wait;
      let step = plan.next();
      if (isThenable(step)) step = await step;
      if (step.done || signal.aborted) {
        slots.release();
        break;
      }
      const item = step.value;
      inFlight++;
      emit({ type: 'case-start', item });
      const result = runCase(item, runner);
      if (isThenable(result)) result.then((r) => end(item, r), (e) => end(item, buildFailure(item, e)));
      else end(item, result);
      if (++sinceYield >= STARTS_BETWEEN_YIELDS) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
  } finally {
    await plan.return?.();
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
