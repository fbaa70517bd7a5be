import type { EvaluatorContext } from '../evaluators/context.js';
import type { Evaluator } from '../evaluators/evaluator.js';
import { type EvaluationResult, type EvaluatorFailure, normalizeOutput, routeResults, type RoutedResults } from '../evaluators/results.js';
import { withRetries } from '../engine/retry.js';
import { serializeError } from '../util/serialize-error.js';
import { isThenable } from '../util/thenable.js';
import type { CaseRunner } from './types.js';

export interface EvaluatorsOutcome extends RoutedResults {
  evaluatorFailures: EvaluatorFailure[];
}

type Outcome = EvaluationResult[] | EvaluatorFailure;

/**
 * Runs the case's evaluators concurrently (case-specific first in result order). Never throws: a throw
 * or a bad return value becomes an EvaluatorFailure. Sync evaluators finish without a promise.
 */
export function runEvaluators(
  evaluators: readonly Evaluator[],
  ctx: EvaluatorContext,
  runner: CaseRunner,
): EvaluatorsOutcome | Promise<EvaluatorsOutcome> {
  const outcomes: (Outcome | Promise<Outcome>)[] = new Array(evaluators.length);
  let pending = false;
  for (let i = 0; i < evaluators.length; i++) {
    const outcome = runOne(evaluators[i]!, ctx, runner);
    if (isThenable(outcome)) pending = true;
    outcomes[i] = outcome;
  }
  if (!pending) return collect(outcomes as Outcome[]);
  return Promise.all(outcomes).then(collect);
}

function collect(outcomes: Outcome[]): EvaluatorsOutcome {
  const groups: EvaluationResult[][] = [];
  const evaluatorFailures: EvaluatorFailure[] = [];
  for (const outcome of outcomes) {
    if (Array.isArray(outcome)) groups.push(outcome);
    else evaluatorFailures.push(outcome);
  }
  return { ...routeResults(groups), evaluatorFailures };
}

function runOne(evaluator: Evaluator, ctx: EvaluatorContext, runner: CaseRunner): Outcome | Promise<Outcome> {
  if (runner.evaluatorSlots || runner.retryEvaluators) return runOneLimited(evaluator, ctx, runner);
  let raw: unknown;
  try {
    raw = evaluator.evaluate(ctx);
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
async function runOneLimited(evaluator: Evaluator, ctx: EvaluatorContext, runner: CaseRunner): Promise<Outcome> {
  const slots = runner.evaluatorSlots;
  try {
    const raw = await withRetries(runner.retryEvaluators, undefined, async () => {
      if (slots && !slots.tryAcquire()) await slots.acquire();
      try {
        return await evaluator.evaluate(ctx);
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
