import type { EvaluatorContext } from '../evaluators/context.js';
import type { Evaluator } from '../evaluators/evaluator.js';
import type { EvaluationResult, EvaluatorFailure } from '../evaluators/results.js';
import { callEvaluator, type Outcome as EngineOutcome } from '../runner/run-evaluators.js';

/** What one evaluator produced on one context: its results (maybe none), or one failure. */
export type Outcome = EvaluationResult[] | EvaluatorFailure;

/**
 * Runs one evaluator as the engine does (no retries): a throw or a bad return value becomes an
 * EvaluatorFailure. Never throws; stays sync when the evaluator is sync.
 */
export function evaluateOne(evaluator: Evaluator, ctx: EvaluatorContext): Outcome | Promise<Outcome> {
  const outcome = callEvaluator(evaluator, ctx);
  return outcome instanceof Promise ? outcome.then(asList) : asList(outcome);
}

function asList(outcome: EngineOutcome): Outcome {
  if (Array.isArray(outcome) || 'errorMessage' in outcome) return outcome;
  return [outcome];
}

export function isFailure(outcome: Outcome): outcome is EvaluatorFailure {
  return !Array.isArray(outcome);
}

/** The results and failures of some outcomes, in order; undefined entries (dropped evaluations) skipped. */
export function splitOutcomes(outcomes: readonly (Outcome | undefined)[]): {
  results: EvaluationResult[];
  failures: EvaluatorFailure[];
} {
  const results: EvaluationResult[] = [];
  const failures: EvaluatorFailure[] = [];
  for (const outcome of outcomes) {
    if (outcome === undefined) continue;
    if (isFailure(outcome)) failures.push(outcome);
    else results.push(...outcome);
  }
  return { results, failures };
}

/**
 * Runs evaluators on a stored context, all at once, and returns their results and failures in evaluator
 * order: for scoring past calls again with new or changed evaluators.
 *
 * @example
 * const { results, failures } = await runEvaluators([new IsPolite()], storedContext);
 */
export async function runEvaluators(
  evaluators: readonly Evaluator[],
  context: EvaluatorContext,
): Promise<{ results: EvaluationResult[]; failures: EvaluatorFailure[] }> {
  return splitOutcomes(await Promise.all(evaluators.map((evaluator) => evaluateOne(evaluator, context))));
}
