import { withRetries } from '../engine/retry.js';
import { TimeoutError } from '../errors.js';
import { nowMs } from '../util/clock.js';
import { EMPTY_RECORD } from '../util/empty.js';
import { isThenable } from '../util/thenable.js';
import { AttemptContext } from './attempt-context.js';
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
  if (run.metrics === EMPTY_RECORD) run.metrics = {};
  for (const [name, value] of entries) run.metrics[name] = (run.metrics[name] ?? 0) + value;
}

/**
 * An async attempt in flight. It counts as live (a run abort reaches it) and its timeout runs from the
 * moment it is made; `listen` then reports its outcome once, or its abort as soon as it happens, so the
 * slot is freed even when the task ignores its signal. Callbacks, not promises: see AttemptContext.settle.
 */
export class PendingTask {
  readonly #promise: PromiseLike<unknown>;
  readonly #ctx: AttemptContext;
  readonly #runner: CaseRunner;
  readonly #start: number;
  readonly #run: TaskRun;
  readonly #inAsyncStorage: boolean;
  readonly #probe: AttemptProbe | undefined;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;

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

  /** Call once: `onRun` with the finished run, or `onError` with the task's error or the abort reason. */
  listen(onRun: (run: TaskRun) => void, onError: (error: unknown) => void): void {
    this.#ctx.settle(
      this.#promise,
      (output) => {
        this.#cleanup();
        const run = this.#run;
        run.output = output;
        run.duration = (nowMs() - this.#start) / 1000;
        if (this.#probe) {
          try {
            applyProbe(run, this.#probe);
          } catch (error) {
            onError(error); // a tracing hook that throws fails the case, as a sync attempt's would
            return;
          }
        }
        onRun(run);
      },
      (error) => {
        this.#cleanup();
        this.#probe?.end(error);
        onError(error);
      },
    );
  }

  toPromise(): Promise<TaskRun> {
    return new Promise((resolve, reject) => this.listen(resolve, reject));
  }

  #cleanup(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#runner.liveAttempts.delete(this.#ctx);
    if (this.#inAsyncStorage) endAsyncTaskRun();
  }
}
