import type { PrecisionRecall, PrecisionRecallPoint, ScalarResult } from '../../report/analyses.js';
import type { ReportEvaluatorContext } from '../report-evaluator.js';
import {
  type BinaryClassificationOptions,
  downsample,
  type ScoredCase,
  scoredCases,
  sweepThresholds,
  trapezoidalArea,
} from './binary.js';
import { BinaryCurveEvaluator, binaryStatics } from './binary-evaluator.js';

export type PrecisionRecallOptions = BinaryClassificationOptions;

const DEFAULT_TITLE = 'Precision-Recall Curve';
const STATICS = binaryStatics(DEFAULT_TITLE);

/**
 * A precision-recall curve over the cases, as pydantic-evals computes it: cases scoring `>= t` are
 * predicted positive; one point per distinct score (highest threshold first) after an anchor at recall 0,
 * precision 1 (threshold = the highest score). Precision is 1 when nothing is predicted positive, recall 0
 * when there are no positives. The AUC is the trapezoidal area over every point (anchor included); only
 * the displayed points are cut down to `nThresholds`.
 *
 * Returns `[PrecisionRecall, ScalarResult('{title} AUC')]`; with no usable case the curve list is empty
 * and the AUC is NaN.
 */
export class PrecisionRecallEvaluator extends BinaryCurveEvaluator {
  static override defaults = STATICS.defaults;
  static optionsSchema = STATICS.optionsSchema;

  evaluate(ctx: ReportEvaluatorContext): [PrecisionRecall, ScalarResult] {
    const title = this.options.title ?? DEFAULT_TITLE;
    const cases = scoredCases(ctx.report.cases, this.options);
    const auc: ScalarResult = { type: 'scalar', title: `${title} AUC`, value: Number.NaN };
    if (cases.length === 0) return [{ type: 'precision_recall', title, curves: [] }, auc];
    const points = precisionRecallPoints(cases);
    auc.value = trapezoidalArea(points.map((p) => [p.recall, p.precision]));
    const display = downsample(points, this.options.nThresholds ?? 100);
    return [
      { type: 'precision_recall', title, curves: [{ name: ctx.name, points: display, auc: auc.value }] },
      auc,
    ];
  }
}

/** The anchor, then one point per distinct score from the highest down. */
export function precisionRecallPoints(cases: readonly ScoredCase[]): PrecisionRecallPoint[] {
  const positives = cases.filter((c) => c.positive).length;
  const sweep = sweepThresholds(cases);
  const points: PrecisionRecallPoint[] = [{ threshold: sweep[0]!.threshold, precision: 1, recall: 0 }];
  for (const { threshold, tp, fp } of sweep) {
    points.push({
      threshold,
      precision: tp + fp > 0 ? tp / (tp + fp) : 1,
      recall: positives > 0 ? tp / positives : 0,
    });
  }
  return points;
}
