import { withRetries } from '../engine/retry.js';
import type { EvaluatorContext } from '../evaluators/context.js';
import type { Evaluator } from '../evaluators/evaluator.js';
import {
  type EvaluationResult,
  type EvaluatorFailure,
  normalizeOutput,
  ResultRouter,
} from '../evaluators/results.js';
import { serializeError } from '../util/serialize-error.js';
import { isThenable } from '../util/thenable.js';
import type { CaseProbe } from './instrumentation.js';
import type { CaseRunner } from './types.js';

/** What one evaluator call gives: one result, several, or a failure. */
export type Outcome = EvaluationResult | EvaluationResult[] | EvaluatorFailure;

/**
 * Runs the case's evaluators concurrently and routes their results in evaluator order (case-specific
 * first). Never throws: a throw or a bad return value becomes an EvaluatorFailure. When every evaluator
 * is sync, no promise is made.
 */
export function runEvaluators(
  evaluators: readonly Evaluator[],
  ctx: EvaluatorContext,
  runner: CaseRunner,
  probe: CaseProbe | undefined,
): ResultRouter | Promise<ResultRouter> {
  const outcome = new ResultRouter();
  for (let i = 0; i < evaluators.length; i++) {
    const first = runOne(evaluators[i]!, ctx, runner, probe);
    if (first instanceof Promise) return finishAsync(evaluators, i, first, ctx, runner, outcome, probe);
    addOutcome(outcome, first);
  }
  return outcome;
}

/** From the first async evaluator on: start the rest, then route everything in order. */
async function finishAsync(
  evaluators: readonly Evaluator[],
  from: number,
  first: Promise<Outcome>,
  ctx: EvaluatorContext,
  runner: CaseRunner,
  outcome: ResultRouter,
  probe: CaseProbe | undefined,
): Promise<ResultRouter> {
  const pending: (Outcome | Promise<Outcome>)[] = [first];
  for (let i = from + 1; i < evaluators.length; i++) pending.push(runOne(evaluators[i]!, ctx, runner, probe));
  for (const o of await Promise.all(pending)) addOutcome(outcome, o);
  return outcome;
}

function addOutcome(outcome: ResultRouter, o: Outcome): void {
  if (Array.isArray(o)) for (const r of o) outcome.add(r);
  else if ('errorMessage' in o) outcome.evaluatorFailures.push(o);
  else outcome.add(o);
}

function runOne(
  evaluator: Evaluator,
  ctx: EvaluatorContext,
  runner: CaseRunner,
  probe: CaseProbe | undefined,
): Outcome | Promise<Outcome> {
  if (runner.evaluatorSlots || runner.retryEvaluators) return runOneLimited(evaluator, ctx, runner, probe);
  return callEvaluator(evaluator, ctx, probe);
}

/**
 * One evaluator call, no retries and no limit: a throw or a bad return value becomes an
 * EvaluatorFailure. Never throws; stays sync when the evaluator is sync. Online evaluation uses it too.
 */
export function callEvaluator(
  evaluator: Evaluator,
  ctx: EvaluatorContext,
  probe?: CaseProbe,
): Outcome | Promise<Outcome> {
  let raw: unknown;
  try {
    raw = probe ? probe.wrapEvaluator(evaluator, () => evaluator.evaluate(ctx)) : evaluator.evaluate(ctx);
  } catch (error) {
    return toFailure(evaluator, error);
  }
  if (isThenable(raw)) {
    return Promise.resolve(raw).then(
      (value) => toResults(evaluator, value),
      (error) => toFailure(evaluator, error),
    );
  }
  return toResults(evaluator, raw);
}

/** The path with an evaluator concurrency limit and/or retries: each attempt holds one slot. */
async function runOneLimited(
  evaluator: Evaluator,
  ctx: EvaluatorContext,
  runner: CaseRunner,
  probe: CaseProbe | undefined,
): Promise<Outcome> {
  const slots = runner.evaluatorSlots;
  const call = () => evaluator.evaluate(ctx);
  try {
    const raw = await withRetries(runner.retryEvaluators, undefined, async () => {
      if (slots && !slots.tryAcquire()) await slots.acquire();
      try {
        return await (probe ? probe.wrapEvaluator(evaluator, call) : call());
      } finally {
        slots?.release();
      }
    });
    return toResults(evaluator, raw);
  } catch (error) {
    return toFailure(evaluator, error);
  }
}

function toResults(evaluator: Evaluator, raw: unknown): Outcome {
  try {
    return normalizeOutput(raw, evaluator.evaluationName, evaluator.toSpec(), evaluator.evaluatorName);
  } catch (error) {
    return toFailure(evaluator, error);
  }
}

function toFailure(evaluator: Evaluator, error: unknown): EvaluatorFailure {
  const { name, message, stack } = serializeError(error);
  return {
    name: evaluator.evaluationName,
    errorMessage: `${name}: ${message}`,
    errorType: name,
    errorStack: stack,
    source: evaluator.toSpec(),
  };
}
