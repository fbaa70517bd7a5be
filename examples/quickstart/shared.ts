/**
 * What the quick start's two entry points share: the task, the evaluators added in code and the
 * experiment options. quickstart.eval.ts runs them through the CLI, run.ts from code.
 */
import {
  ConfusionMatrixEvaluator,
  EvaluationReason,
  Evaluator,
  type EvaluatorContext,
  evaluator,
  incrementEvalMetric,
} from 'typed-evals';
import { type Ticket, type Triage, triage } from './triage.js';

/** The task: triage one ticket, and count the characters read as a metric. */
export async function triageTicket(ticket: Ticket): Promise<Triage> {
  incrementEvalMetric('chars', ticket.body.length);
  return triage(ticket);
}

/** A custom evaluator: checks the category and says why when it differs. */
export class CategoryMatches extends Evaluator<Ticket, Triage> {
  evaluate(ctx: EvaluatorContext<Ticket, Triage>) {
    const expected = ctx.expectedOutput?.category;
    if (expected === undefined) return {};
    const ok = ctx.output.category === expected;
    return new EvaluationReason(ok, ok ? undefined : `expected ${expected}, got ${ctx.output.category}`);
  }
}

/** Run on every case, after the dataset file's own evaluators. */
export function codeEvaluators() {
  return [
    new CategoryMatches(),
    evaluator<Ticket, Triage>('priority', (ctx) => ctx.output.priority === ctx.expectedOutput?.priority),
    evaluator<Ticket, Triage>('confidence', (ctx) => ctx.output.confidence),
    // Two labels, predicted and expected, that the confusion matrix below counts.
    evaluator<Ticket, Triage>('category', (ctx) => ctx.output.category),
    evaluator<Ticket, Triage>('expected_category', (ctx) => ctx.expectedOutput?.category ?? {}),
  ];
}

/** Run once over the finished report: expected vs predicted categories. */
export function reportEvaluators() {
  return [
    new ConfusionMatrixEvaluator({
      title: 'Categories',
      expectedFrom: 'labels',
      expectedKey: 'expected_category',
      predictedFrom: 'labels',
      predictedKey: 'category',
    }),
  ];
}

export const options = { maxConcurrency: 4, metadata: { triager: 'keyword rules', version: 1 } };
