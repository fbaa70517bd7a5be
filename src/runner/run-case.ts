import type { EvaluatorContext } from '../evaluators/context.js';
import type { ResultRouter } from '../evaluators/results.js';
import type { CaseResult, ReportCase, ReportCaseFailure } from '../report/model.js';
import { nowMs } from '../util/clock.js';
import { EMPTY_RECORD, writable } from '../util/empty.js';
import { formatErrorMessage, serializeError } from '../util/serialize-error.js';
import type { CaseProbe } from './instrumentation.js';
import { type CaseLifecycle, createLifecycle } from './lifecycle.js';
import { type EvaluatorSet, evaluatorSet, prepareEvaluator, runEvaluators } from './run-evaluators.js';
import { PendingTask, runTask, type TaskListener } from './run-task.js';
import { TaskRun } from './task-run.js';
import type { CaseRunner, WorkItem } from './types.js';

/** Receives a case's result; called exactly once per case. */
export type CaseDone = (item: WorkItem, result: CaseResult) => void;

/**
 * Runs one work item: lifecycle setup, the task (with retries and timeouts), prepareContext, the
 * evaluators, teardown; then calls `done` with the result, synchronously when the task and the
 * evaluators are sync. Every error ends up in the result; `done` is never skipped.
 */
export function runCase(item: WorkItem, runner: CaseRunner, done: CaseDone): void {
  if (!runner.instrumentation) {
    runCaseUntraced(item, runner, done);
    return;
  }
  const probe = runner.instrumentation.startCase(item);
  item.probe = probe;
  const result = probe.wrap(() => runCaseAsValue(item, runner));
  const end = (r: CaseResult) => {
    let ended: CaseResult;
    try {
      ended = endProbe(probe, r);
    } catch (error) {
      ended = buildFailure(item, error);
    }
    done(item, ended);
  };
  if (result instanceof Promise) result.then(end);
  else end(result);
}

/** runCase as a value or a promise, for the tracing wrapper. */
function runCaseAsValue(item: WorkItem, runner: CaseRunner): CaseResult | Promise<CaseResult> {
  let result: CaseResult | undefined;
  let resolveLater: ((r: CaseResult) => void) | undefined;
  runCaseUntraced(item, runner, (_, r) => {
    if (resolveLater) resolveLater(r);
    else result = r;
  });
  return result ?? new Promise((resolve) => (resolveLater = resolve));
}

function endProbe(probe: CaseProbe, result: CaseResult): CaseResult {
  const ids = probe.end(result);
  if (ids?.traceId) result.traceId = ids.traceId;
  if (ids?.spanId) result.spanId = ids.spanId;
  return result;
}

function runCaseUntraced(item: WorkItem, runner: CaseRunner, done: CaseDone): void {
  const start = nowMs();
  if (runner.lifecycle) {
    runCaseWithLifecycle(item, runner, start).then((r) => done(item, r));
    return;
  }
  let task: TaskRun | PendingTask | Promise<TaskRun>;
  try {
    task = runTask(item, runner, start);
  } catch (error) {
    done(item, buildFailure(item, error));
    return;
  }
  if (task instanceof TaskRun) {
    evaluate(item, runner, task, start, done);
    return;
  }
  const end = new AsyncCaseEnd(item, runner, start, done);
  if (task instanceof PendingTask) task.listen(end);
  else
    task.then(
      (run) => end.taskDone(run),
      (error) => end.taskFailed(error),
    );
}

/** Ends a case whose task was async: evaluates its run, or reports its failure. */
class AsyncCaseEnd implements TaskListener {
  constructor(
    readonly item: WorkItem,
    readonly runner: CaseRunner,
    readonly start: number,
    readonly done: CaseDone,
  ) {}

  taskDone(run: TaskRun): void {
    // This runs in a promise callback: a throw here would be lost and the case would never end.
    try {
      evaluate(this.item, this.runner, run, this.start, this.done);
    } catch (error) {
      this.done(this.item, buildFailure(this.item, error));
    }
  }

  taskFailed(error: unknown): void {
    this.done(this.item, buildFailure(this.item, error));
  }
}

/** `ctx`: the successful attempt's TaskRun, which is the case's evaluator context. */
function evaluate(item: WorkItem, runner: CaseRunner, ctx: TaskRun, start: number, done: CaseDone): void {
  const outcome = runEvaluators(evaluatorsFor(item, runner), ctx, runner, item.probe);
  if (outcome instanceof Promise) outcome.then((o) => endCase(item, runner, ctx, o, start, done));
  else endCase(item, runner, ctx, outcome, start, done);
}

/** Builds the case's report, gives its router back to the run (the case has its records), and ends it. */
function endCase(
  item: WorkItem,
  runner: CaseRunner,
  ctx: TaskRun,
  outcome: ResultRouter,
  start: number,
  done: CaseDone,
): void {
  const result = buildCase(item, ctx, outcome, start);
  runner.idleRouter = outcome;
  done(item, result);
}

async function runCaseWithLifecycle(item: WorkItem, runner: CaseRunner, start: number): Promise<CaseResult> {
  let lifecycle: CaseLifecycle | undefined;
  let result: CaseResult | undefined;
  try {
    lifecycle = createLifecycle(runner.lifecycle!, item.case);
    await lifecycle.setup();
    const outcome = runTask(item, runner, nowMs());
    const task = await (outcome instanceof PendingTask ? outcome.toPromise() : outcome);
    // prepareContext may add attributes and metrics: it gets records of its own, never the shared empty.
    task.attributes = writable(task.attributes);
    task.metrics = writable(task.metrics);
    const ctx = await lifecycle.prepareContext(task);
    const outcomes = await runEvaluators(evaluatorsFor(item, runner), ctx, runner, item.probe);
    result = buildCase(item, ctx, outcomes, start);
  } catch (error) {
    result = buildFailure(item, error);
  }
  try {
    await lifecycle?.teardown(result);
  } catch (error) {
    result.teardownError = formatErrorMessage(error);
  }
  return finish(result, start);
}

function evaluatorsFor(item: WorkItem, runner: CaseRunner): EvaluatorSet {
  const own = item.case.evaluators;
  if (own.length === 0) return runner.evaluators;
  return evaluatorSet([...own.map(prepareEvaluator), ...runner.evaluators.list]);
}

/** `start`: when the case started; its total duration runs until now (a lifecycle's teardown resets it). */
function buildCase(item: WorkItem, ctx: EvaluatorContext, outcome: ResultRouter, start: number): ReportCase {
  const c = item.case;
  return {
    name: item.caseName,
    inputs: c.inputs,
    metadata: c.metadata,
    expectedOutput: c.expectedOutput,
    output: ctx.output,
    metrics: orEmpty(ctx.metrics),
    attributes: orEmpty(ctx.attributes),
    // The router makes a record on its first entry: these are EMPTY_RECORD or hold something.
    scores: outcome.scores,
    labels: outcome.labels,
    assertions: outcome.finalAssertions(),
    taskDuration: ctx.duration,
    totalDuration: (nowMs() - start) / 1000,
    sourceCaseName: item.sourceCaseName,
    evaluatorFailures: outcome.evaluatorFailures,
  };
}

export function buildFailure(item: WorkItem, error: unknown): ReportCaseFailure {
  const c = item.case;
  const { name, message, stack } = serializeError(error);
  return {
    name: item.caseName,
    inputs: c.inputs,
    metadata: c.metadata,
    expectedOutput: c.expectedOutput,
    errorMessage: `${name}: ${message}`,
    errorStack: stack,
    sourceCaseName: item.sourceCaseName,
  };
}

/** Sets the total duration once teardown is over (a failure has no durations). */
function finish(result: CaseResult, start: number): CaseResult {
  if ('output' in result) (result as ReportCase).totalDuration = (nowMs() - start) / 1000;
  return result;
}

/** The record, or EMPTY_RECORD when it has no keys (a prepareContext hook may hand back new objects). */
function orEmpty<T extends object>(record: T): T {
  if (record === EMPTY_RECORD) return record;
  for (const _ in record) return record;
  return EMPTY_RECORD as T;
}
