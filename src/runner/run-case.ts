import { CaseEvaluatorContext, type EvaluatorContext } from '../evaluators/context.js';
import type { Evaluator } from '../evaluators/evaluator.js';
import type { ResultRouter } from '../evaluators/results.js';
import type { CaseResult, ReportCase, ReportCaseFailure } from '../report/model.js';
import { nowMs } from '../util/clock.js';
import { formatErrorMessage, serializeError } from '../util/serialize-error.js';
import type { CaseProbe } from './instrumentation.js';
import { type CaseLifecycle, createLifecycle } from './lifecycle.js';
import { runEvaluators } from './run-evaluators.js';
import { runTask } from './run-task.js';
import type { TaskRun } from './task-run.js';
import type { CaseRunner, WorkItem } from './types.js';

/**
 * Runs one work item: lifecycle setup, the task (with retries and timeouts), prepareContext, the
 * evaluators, teardown. Never rejects: every error ends up in the returned result.
 */
export function runCase(item: WorkItem, runner: CaseRunner): CaseResult | Promise<CaseResult> {
  if (!runner.instrumentation) return runCaseUntraced(item, runner);
  const probe = runner.instrumentation.startCase(item);
  item.probe = probe;
  const result = probe.wrap(() => runCaseUntraced(item, runner));
  return result instanceof Promise ? result.then((r) => endProbe(probe, r)) : endProbe(probe, result);
}

function endProbe(probe: CaseProbe, result: CaseResult): CaseResult {
  const ids = probe.end(result);
  if (ids?.traceId) result.traceId = ids.traceId;
  if (ids?.spanId) result.spanId = ids.spanId;
  return result;
}

function runCaseUntraced(item: WorkItem, runner: CaseRunner): CaseResult | Promise<CaseResult> {
  const start = nowMs();
  if (runner.lifecycle) return runCaseWithLifecycle(item, runner, start);
  let task: TaskRun | Promise<TaskRun>;
  try {
    task = runTask(item, runner, start);
  } catch (error) {
    return finish(buildFailure(item, error), start);
  }
  if (task instanceof Promise)
    return task.then(
      (t) => evaluate(item, runner, t, start),
      (e) => finish(buildFailure(item, e), start),
    );
  return evaluate(item, runner, task, start);
}

function evaluate(
  item: WorkItem,
  runner: CaseRunner,
  task: TaskRun,
  start: number,
): CaseResult | Promise<CaseResult> {
  const ctx = buildContext(item, task, runner.signal);
  const outcome = runEvaluators(evaluatorsFor(item, runner), ctx, runner, item.probe);
  if (outcome instanceof Promise) return outcome.then((o) => finish(buildCase(item, ctx, o), start));
  return finish(buildCase(item, ctx, outcome), start);
}

async function runCaseWithLifecycle(item: WorkItem, runner: CaseRunner, start: number): Promise<CaseResult> {
  let lifecycle: CaseLifecycle | undefined;
  let result: CaseResult | undefined;
  try {
    lifecycle = createLifecycle(runner.lifecycle!, item.case);
    await lifecycle.setup();
    const task = await runTask(item, runner, nowMs());
    const ctx = await lifecycle.prepareContext(buildContext(item, task, runner.signal));
    result = buildCase(item, ctx, await runEvaluators(evaluatorsFor(item, runner), ctx, runner, item.probe));
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

function evaluatorsFor(item: WorkItem, runner: CaseRunner): readonly Evaluator[] {
  const own = item.case.evaluators;
  return own.length === 0 ? runner.evaluators : [...own, ...runner.evaluators];
}

function buildContext(item: WorkItem, task: TaskRun, signal: AbortSignal): CaseEvaluatorContext {
  const c = item.case;
  return new CaseEvaluatorContext(
    c.name,
    c.inputs,
    c.metadata,
    c.expectedOutput,
    task.output,
    task.duration,
    task.attributes,
    task.metrics,
    task.spanTree,
    signal,
  );
}

function buildCase(item: WorkItem, ctx: EvaluatorContext, outcome: ResultRouter): ReportCase {
  const c = item.case;
  return {
    name: item.caseName,
    inputs: c.inputs,
    metadata: c.metadata,
    expectedOutput: c.expectedOutput,
    output: ctx.output,
    metrics: orEmpty(ctx.metrics),
    attributes: orEmpty(ctx.attributes),
    scores: orEmpty(outcome.scores),
    labels: orEmpty(outcome.labels),
    assertions: orEmpty(outcome.assertions),
    taskDuration: ctx.duration,
    totalDuration: 0,
    sourceCaseName: item.sourceCaseName,
    evaluatorFailures: outcome.evaluatorFailures.length === 0 ? NO_FAILURES : outcome.evaluatorFailures,
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

function finish(result: CaseResult, start: number): CaseResult {
  if ('output' in result) (result as ReportCase).totalDuration = (nowMs() - start) / 1000;
  return result;
}

const EMPTY = Object.freeze({}) as Record<string, never>;
const NO_FAILURES = Object.freeze([]) as unknown as never[];
function orEmpty<T extends object>(record: T): T {
  for (const _ in record) return record;
  return EMPTY as T;
}
