import { withRetries } from '../engine/retry.js';
import { TimeoutError } from '../errors.js';
import { nowMs } from '../util/clock.js';
import { isThenable } from '../util/thenable.js';
import { AttemptContext } from './attempt-context.js';
import type { AttemptProbe } from './instrumentation.js';
import { callInTaskRun, endAsyncTaskRun, TaskRun } from './task-run.js';
import type { CaseRunner, WorkItem } from './types.js';

/** Runs the task with retries; sync all the way when the task is sync and nothing needs a retry. */
export function runTask(item: WorkItem, runner: CaseRunner, start: number): TaskRun | Promise<TaskRun> {
  if (!runner.retryTask || runner.retryTask.retries === 0) return runAttempt(item, runner, 1, start);
  return withRetries(
    runner.retryTask,
    runner.signal,
    (attempt) => {
      if (attempt > 1) runner.emit({ type: 'attempt-start', item, attempt });
      return runAttempt(item, runner, attempt, nowMs());
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
): TaskRun | Promise<TaskRun> {
  if (runner.stopped) return Promise.reject(runner.signal.reason);
  const ctx = new AttemptContext(item.caseName, attempt);
  const run = new TaskRun();
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
  return awaitAttempt(output, ctx, runner, start, run, mode !== 'sync', probe);
}

/** Stores the attempt's span tree and adds the metrics extracted from its spans. */
function applyProbe(run: TaskRun, probe: AttemptProbe): void {
  const { spanTree, metrics } = probe.end();
  run.spanTree = spanTree;
  if (!metrics) return;
  for (const [name, value] of Object.entries(metrics)) run.metrics[name] = (run.metrics[name] ?? 0) + value;
}

/**
 * Waits for an async attempt, or for its abort (run stopped, or timed out): either way the slot is
 * freed even when the task ignores its signal. Written with `then` rather than async/await, as this
 * runs once per case and every extra promise costs there.
 */
function awaitAttempt(
  promise: PromiseLike<unknown>,
  ctx: AttemptContext,
  runner: CaseRunner,
  start: number,
  run: TaskRun,
  inAsyncStorage: boolean,
  probe: AttemptProbe | undefined,
): Promise<TaskRun> {
  runner.liveAttempts.add(ctx);
  const { timeoutMs } = runner;
  const timer =
    timeoutMs === undefined ? undefined : setTimeout(() => ctx.abort(new TimeoutError(timeoutMs)), timeoutMs);
  const cleanup = () => {
    if (timer !== undefined) clearTimeout(timer);
    runner.liveAttempts.delete(ctx);
    if (inAsyncStorage) endAsyncTaskRun();
  };
  return ctx.race(promise).then(
    (output) => {
      cleanup();
      run.output = output;
      run.duration = (nowMs() - start) / 1000;
      if (probe) applyProbe(run, probe);
      return run;
    },
    (error) => {
      cleanup();
      probe?.end(error);
      throw error;
    },
  );
}
