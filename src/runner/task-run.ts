import { AsyncLocalStorage } from 'node:async_hooks';
import type { Case } from '../dataset/case.js';
import { CaseEvaluatorContext } from '../evaluators/context.js';
import { EMPTY_RECORD, withEntry } from '../util/empty.js';

/**
 * One task attempt: what it recorded (attributes and metrics, EMPTY_RECORD until the first write, see
 * util/empty.ts), and once it succeeded its output and duration (seconds). It is made as the evaluator
 * context of its case, which the evaluators get once the attempt succeeded: one object per case where a
 * separate record and context were two, with their fields copied across.
 */
export class TaskRun extends CaseEvaluatorContext {
  /** `c`: the case the attempt runs (none for an online call); `signal`: the run's, for evaluators. */
  constructor(c?: Case, signal?: AbortSignal) {
    super(
      c?.name,
      c?.inputs,
      c?.metadata,
      c?.expectedOutput,
      undefined,
      0,
      EMPTY_RECORD,
      EMPTY_RECORD,
      undefined,
      signal,
    );
  }
}

/*
 * The current task run is found in one of two ways. An async task runs inside AsyncLocalStorage, so the
 * run follows its awaits. A task that returns a plain value runs with `syncRun` set around the call:
 * on Node 20 the first AsyncLocalStorage.run installs promise hooks that slow every later promise in the
 * process (about 1.7x on the engine's hot path), so sync tasks never touch it, and storage is disabled
 * again when no async task run is active.
 */
const storage = new AsyncLocalStorage<TaskRun>();
let syncRun: TaskRun | undefined;
let activeAsyncRuns = 0;

function currentRun(): TaskRun | undefined {
  return syncRun ?? (activeAsyncRuns > 0 ? storage.getStore() : undefined);
}

/**
 * The task run that `setEvalAttribute` would write to right now, or undefined. Cheap: no
 * AsyncLocalStorage lookup unless an async task run is active. Online evaluation uses it to stay out of
 * dataset task runs (it records into its own TaskRun subclass, which it tells apart with instanceof).
 */
export function currentTaskRun(): TaskRun | undefined {
  return currentRun();
}

/** Sets an attribute on the current task run; a no-op outside a task. Last write wins. */
export function setEvalAttribute(name: string, value: unknown): void {
  const run = currentRun();
  if (!run) return;
  run.attributes = withEntry(run.attributes, name, value);
}

/** Adds `amount` to a metric of the current task run (missing = 0); a no-op outside a task. */
export function incrementEvalMetric(name: string, amount = 1): void {
  const run = currentRun();
  if (!run) return;
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    throw new TypeError(
      `incrementEvalMetric('${name}', amount): amount must be a finite number, got ${amount}`,
    );
  }
  const previous = run.metrics[name];
  if (previous === undefined && amount === 0) return;
  run.metrics = withEntry(run.metrics, name, (previous ?? 0) + amount);
}

/** How a task is called: decided per experiment from what the task returned so far. */
export type TaskMode = 'unknown' | 'sync' | 'async';

export function initialTaskMode(task: Function): TaskMode {
  return task.constructor?.name === 'AsyncFunction' ? 'async' : 'unknown';
}

/**
 * Calls `fn(inputs, ctx)` with `run` as the current task run. In 'sync' mode no AsyncLocalStorage is
 * used; a call that unexpectedly returns a promise there loses the run after its first await (the caller
 * then switches the experiment to 'async'). In the other modes, when the result is a promise, the caller
 * must call `endAsyncTaskRun()` once it settles or is given up.
 */
export function callInTaskRun<A, C, T>(
  mode: TaskMode,
  run: TaskRun,
  fn: (inputs: A, ctx: C) => T,
  inputs: A,
  ctx: C,
): T {
  if (mode === 'sync') {
    const previous = syncRun;
    syncRun = run;
    try {
      return fn(inputs, ctx);
    } finally {
      syncRun = previous;
    }
  }
  activeAsyncRuns++;
  let result: T;
  try {
    result = storage.run(run, fn, inputs, ctx);
  } catch (error) {
    endAsyncTaskRun();
    throw error;
  }
  if (result === null || typeof (result as { then?: unknown })?.then !== 'function') endAsyncTaskRun();
  return result;
}

/** Marks the end of an async task run; storage is switched off when none is left (see above). */
export function endAsyncTaskRun(): void {
  if (--activeAsyncRuns === 0) storage.disable();
}
