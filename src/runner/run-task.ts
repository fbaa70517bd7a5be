import { withRetries } from '../engine/retry.js';
import { TimeoutError } from '../errors.js';
import { nowMs } from '../util/clock.js';
import { writable } from '../util/empty.js';
import { isThenable } from '../util/thenable.js';
import { type AbortWatcher, AttemptContext } from './attempt-context.js';
import type { AttemptProbe } from './instrumentation.js';
import { callInTaskRun, endAsyncTaskRun, TaskRun } from './task-run.js';
import type { CaseRunner, WorkItem } from './types.js';

/**
 * Runs the task: returns the TaskRun when the task is sync and needs no retry, a PendingTask when it is
 * async without retries (the caller listens to it), or a promise when retries are on. Throws what a sync
 * task throws.
 */
export function runTask(
  item: WorkItem,
  runner: CaseRunner,
  start: number,
): TaskRun | PendingTask | Promise<TaskRun> {
  if (!runner.retryTask || runner.retryTask.retries === 0) return runAttempt(item, runner, 1, start);
  return withRetries(
    runner.retryTask,
    runner.signal,
    (attempt) => {
      if (attempt > 1) runner.emit({ type: 'attempt-start', item, attempt });
      const outcome = runAttempt(item, runner, attempt, nowMs());
      return outcome instanceof PendingTask ? outcome.toPromise() : outcome;
    },
    ({ error, attempt, delayMs }) => runner.emit({ type: 'attempt-retry', item, attempt, delayMs, error }),
  );
}

/** `start` is the attempt's start time (the caller's clock reading, to save a second one). */
function runAttempt(
  item: WorkItem,
  runner: CaseRunner,
  attempt: number,
  start: number,
): TaskRun | PendingTask {
  if (runner.stopped) throw runner.signal.reason;
  const ctx = new AttemptContext(item.caseName, attempt);
  const run = new TaskRun(item.case, runner.signal);
  const mode = runner.taskMode;
  const probe = item.probe?.startAttempt(attempt);
  let output: unknown;
  if (probe) {
    try {
      output = probe.wrap(() => callInTaskRun(mode, run, runner.task, item.case.inputs, ctx));
    } catch (error) {
      probe.end(error);
      throw error;
    }
  } else output = callInTaskRun(mode, run, runner.task, item.case.inputs, ctx);
  if (!isThenable(output)) {
    if (mode === 'unknown') runner.taskMode = 'sync';
    run.output = output;
    run.duration = (nowMs() - start) / 1000;
    if (probe) applyProbe(run, probe);
    return run;
  }
  if (mode !== 'async') runner.taskMode = 'async';
  return new PendingTask(output, ctx, runner, start, run, mode !== 'sync', probe);
}

/** Stores the attempt's span tree and adds the metrics extracted from its spans. */
function applyProbe(run: TaskRun, probe: AttemptProbe): void {
  const { spanTree, metrics } = probe.end();
  run.spanTreeOrError = spanTree;
  if (!metrics) return;
  const entries = Object.entries(metrics);
  if (entries.length === 0) return;
  run.metrics = writable(run.metrics);
  for (const [name, value] of entries) run.metrics[name] = (run.metrics[name] ?? 0) + value;
}

/** Where a PendingTask reports: the finished run, or the error (the task's, or its abort reason). */
export interface TaskListener {
  taskDone(run: TaskRun): void;
  taskFailed(error: unknown): void;
}

/**
 * An async attempt in flight. It counts as live (a run abort reaches it) and its timeout runs from the
 * moment it is made; `listen` then reports its outcome once, or its abort as soon as it happens, so the
 * slot is freed even when the task ignores its signal. A listener object and one `then`, not promise
 * chains: this runs once per async case, and each promise there is a microtask and, with
 * AsyncLocalStorage on, a run of promise hooks.
 */
export class PendingTask implements AbortWatcher {
  readonly #promise: PromiseLike<unknown>;
  readonly #ctx: AttemptContext;
  readonly #runner: CaseRunner;
  readonly #start: number;
  readonly #run: TaskRun;
  readonly #inAsyncStorage: boolean;
  readonly #probe: AttemptProbe | undefined;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  #listener: TaskListener | undefined;
  #settled = false;

  constructor(
    promise: PromiseLike<unknown>,
    ctx: AttemptContext,
    runner: CaseRunner,
    start: number,
    run: TaskRun,
    inAsyncStorage: boolean,
    probe: AttemptProbe | undefined,
  ) {
    this.#promise = promise;
    this.#ctx = ctx;
    this.#runner = runner;
    this.#start = start;
    this.#run = run;
    this.#inAsyncStorage = inAsyncStorage;
    this.#probe = probe;
    runner.liveAttempts.add(ctx);
    const { timeoutMs } = runner;
    this.#timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => ctx.abort(new TimeoutError(timeoutMs)), timeoutMs);
  }

  /** Call once. */
  listen(listener: TaskListener): void {
    this.#listener = listener;
    this.#ctx.watch(this);
    try {
      this.#promise.then(
        (output) => this.#succeeded(output),
        (error) => this.#failed(error),
      );
    } catch (error) {
      this.#failed(error); // a thenable whose `then` throws
    }
  }

  /** The attempt aborted (run stopped, or timed out) before its promise settled. */
  aborted(reason: unknown): void {
    this.#failed(reason);
  }

  toPromise(): Promise<TaskRun> {
    return new Promise((resolve, reject) => this.listen({ taskDone: resolve, taskFailed: reject }));
  }

  #succeeded(output: unknown): void {
    if (!this.#settle()) return;
    const run = this.#run;
    run.output = output;
    run.duration = (nowMs() - this.#start) / 1000;
    if (this.#probe) {
      try {
        applyProbe(run, this.#probe);
      } catch (error) {
        this.#listener!.taskFailed(error); // a tracing hook that throws fails the case, as when sync
        return;
      }
    }
    this.#listener!.taskDone(run);
  }

  #failed(error: unknown): void {
    if (!this.#settle()) return;
    try {
      this.#probe?.end(error);
    } catch {
      // The case fails with the task's own error; a tracing hook's is secondary.
    }
    this.#listener!.taskFailed(error);
  }

  /** True the first time: frees what the attempt held. */
  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#ctx.unwatch();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#runner.liveAttempts.delete(this.#ctx);
    if (this.#inAsyncStorage) endAsyncTaskRun();
    return true;
  }
}
