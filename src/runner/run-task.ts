import { TimeoutError } from '../errors.js';
import { withRetries } from '../engine/retry.js';
import { nowMs } from '../util/clock.js';
import { isThenable } from '../util/thenable.js';
import { AttemptContext } from './attempt-context.js';
import { callInTaskRun, TaskRun } from './task-run.js';
import type { CaseRunner, WorkItem } from './types.js';

/** The successful attempt's output, duration (seconds) and recorded attributes/metrics. */
export interface TaskOutcome {
  output: unknown;
  duration: number;
  run: TaskRun;
}

/** Runs the task with retries; sync all the way when the task is sync and nothing needs a retry. */
export function runTask(item: WorkItem, runner: CaseRunner): TaskOutcome | Promise<TaskOutcome> {
  if (!runner.retryTask || runner.retryTask.retries === 0) return runAttempt(item, runner, 1);
  return withRetries(runner.retryTask, runner.signal, (attempt) => {
    runner.emit({ type: 'attempt-start', item, attempt });
    return runAttempt(item, runner, attempt);
  });
}

function runAttempt(item: WorkItem, runner: CaseRunner, attempt: number): TaskOutcome | Promise<TaskOutcome> {
  const ctx = new AttemptContext(item.caseName, attempt, runner.signal);
  if (ctx.aborted) return Promise.reject(runner.signal.reason);
  const run = new TaskRun();
  const mode = runner.taskMode;
  const start = nowMs();
  const output = callInTaskRun(mode, run, () => runner.task(item.case.inputs, ctx));
  if (!isThenable(output)) {
    if (mode === 'unknown') runner.taskMode = 'sync';
    return { output, duration: (nowMs() - start) / 1000, run };
  }
  if (mode !== 'async') runner.taskMode = 'async';
  return awaitAttempt(output, ctx, runner, start, run);
}

async function awaitAttempt(
  promise: PromiseLike<unknown>,
  ctx: AttemptContext,
  runner: CaseRunner,
  start: number,
  run: TaskRun,
): Promise<TaskOutcome> {
  runner.liveAttempts.add(ctx);
  const { timeoutMs } = runner;
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => ctx.abort(new TimeoutError(timeoutMs)), timeoutMs);
  try {
    const output = await ctx.race(promise);
    return { output, duration: (nowMs() - start) / 1000, run };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    runner.liveAttempts.delete(ctx);
  }
}
