import { withRetries } from '../engine/retry.js';
import type { EvaluatorContext } from '../evaluators/context.js';
import { EvaluationReason, type Evaluator, type EvaluatorSpec } from '../evaluators/evaluator.js';
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
 * An evaluator with the names and spec its results carry, read once per run: on the hot path these
 * getters would be megamorphic calls (one call site, many evaluator classes) for every result.
 */
export interface PreparedEvaluator {
  evaluator: Evaluator;
  /** `evaluationName`: the key of a scalar result. */
  name: string;
  spec: EvaluatorSpec;
  evaluatorName: string;
  /** The shared results of a plain `true` / `false` return, made on first use (see toResults). */
  passed?: EvaluationResult;
  failed?: EvaluationResult;
}

/** The evaluators of a case, prepared, and whether their result names all differ (see ResultRouter). */
export interface EvaluatorSet {
  list: readonly PreparedEvaluator[];
  distinctNames: boolean;
}

export function evaluatorSet(list: readonly PreparedEvaluator[]): EvaluatorSet {
  return { list, distinctNames: new Set(list.map((p) => p.name)).size === list.length };
}

export function prepareEvaluator(evaluator: Evaluator): PreparedEvaluator {
  return {
    evaluator,
    name: evaluator.evaluationName,
    spec: evaluator.toSpec(),
    evaluatorName: evaluator.evaluatorName,
  };
}

/**
 * Runs the case's evaluators concurrently and routes their results in evaluator order (case-specific
 * first). Never throws: a throw or a bad return value becomes an EvaluatorFailure. When every evaluator
 * is sync, no promise is made.
 */
export function runEvaluators(
  set: EvaluatorSet,
  ctx: EvaluatorContext,
  runner: CaseRunner,
  probe: CaseProbe | undefined,
): ResultRouter | Promise<ResultRouter> {
  const evaluators = set.list;
  // The router the last finished case gave back, if no other case took it since (see CaseRunner).
  const idle = runner.idleRouter;
  runner.idleRouter = undefined;
  const outcome = idle
    ? idle.reuse(set.distinctNames)
    : new ResultRouter(set.distinctNames, runner.sharedAssertions);
  for (let i = 0; i < evaluators.length; i++) {
    const prepared = evaluators[i]!;
    const first = runOne(prepared, ctx, runner, probe);
    if (first instanceof Promise) return finishAsync(evaluators, i, first, ctx, runner, outcome, probe);
    addOutcome(outcome, first, prepared);
  }
  return outcome;
}

/** From the first async evaluator on: start the rest, then route everything in order. */
async function finishAsync(
  evaluators: readonly PreparedEvaluator[],
  from: number,
  first: Promise<Outcome>,
  ctx: EvaluatorContext,
  runner: CaseRunner,
  outcome: ResultRouter,
  probe: CaseProbe | undefined,
): Promise<ResultRouter> {
  const pending: (Outcome | Promise<Outcome>)[] = [first];
  for (let i = from + 1; i < evaluators.length; i++) pending.push(runOne(evaluators[i]!, ctx, runner, probe));
  const outcomes = await Promise.all(pending);
  for (let i = 0; i < outcomes.length; i++) addOutcome(outcome, outcomes[i]!, evaluators[from + i]!);
  return outcome;
}

/** Routes one evaluator's outcome; the usual one, a shared pass/fail result, is checked first. */
function addOutcome(outcome: ResultRouter, o: Outcome, prepared: PreparedEvaluator): void {
  if (o === prepared.passed || o === prepared.failed) outcome.addSingle(o, true);
  else if (Array.isArray(o)) for (const r of o) outcome.add(r);
  else if ('errorMessage' in o) outcome.addFailure(o);
  else outcome.addSingle(o, false);
}

function runOne(
  prepared: PreparedEvaluator,
  ctx: EvaluatorContext,
  runner: CaseRunner,
  probe: CaseProbe | undefined,
): Outcome | Promise<Outcome> {
  if (runner.evaluatorSlots || runner.retryEvaluators) return runOneLimited(prepared, ctx, runner, probe);
  return callPrepared(prepared, ctx, probe);
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
  return callPrepared(prepareEvaluator(evaluator), ctx, probe);
}

function callPrepared(
  prepared: PreparedEvaluator,
  ctx: EvaluatorContext,
  probe: CaseProbe | undefined,
): Outcome | Promise<Outcome> {
  const { evaluator } = prepared;
  let raw: unknown;
  try {
    raw = probe ? probe.wrapEvaluator(evaluator, () => evaluator.evaluate(ctx)) : evaluator.evaluate(ctx);
  } catch (error) {
    return toFailure(evaluator, error);
  }
  if (isThenable(raw)) {
    return Promise.resolve(raw).then(
      (value) => toResults(prepared, value),
      (error) => toFailure(evaluator, error),
    );
  }
  return toResults(prepared, raw);
}

/** The path with an evaluator concurrency limit and/or retries: each attempt holds one slot. */
async function runOneLimited(
  prepared: PreparedEvaluator,
  ctx: EvaluatorContext,
  runner: CaseRunner,
  probe: CaseProbe | undefined,
): Promise<Outcome> {
  const { evaluator } = prepared;
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
    return toResults(prepared, raw);
  } catch (error) {
    return toFailure(evaluator, error);
  }
}

function toResults(prepared: PreparedEvaluator, raw: unknown): Outcome {
  // A bare boolean (or one in an EvaluationReason without a reason), the usual assertion, gives one of
  // two results made once per run and shared (frozen) by every case: the report keeps no object per
  // assertion per case.
  const bare = raw instanceof EvaluationReason && raw.reason == null ? raw.value : raw;
  if (bare === true) {
    prepared.passed ??= sharedResult(prepared, true);
    return prepared.passed;
  }
  if (bare === false) {
    prepared.failed ??= sharedResult(prepared, false);
    return prepared.failed;
  }
  try {
    return normalizeOutput(raw, prepared.name, prepared.spec, prepared.evaluatorName);
  } catch (error) {
    return toFailure(prepared.evaluator, error);
  }
}

function sharedResult(prepared: PreparedEvaluator, value: boolean): EvaluationResult {
  return Object.freeze({ name: prepared.name, value, reason: undefined, source: prepared.spec });
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
