import type { LinePlot, ScalarResult } from '../../report/analyses.js';
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
import { pyFixed } from './python.js';

export type ROCAUCOptions = BinaryClassificationOptions;

const DEFAULT_TITLE = 'ROC Curve';
const STATICS = binaryStatics(DEFAULT_TITLE);

/**
 * An ROC curve (false positive rate vs true positive rate) and its AUC, as pydantic-evals computes them:
 * `(0, 0)` plus one point per distinct score (cases scoring `>= t` predicted positive), sorted by
 * `(fpr, tpr)`; the AUC is the trapezoidal area over every point, the plotted points are cut down to
 * `nThresholds`. The curve is named `'{experiment} (AUC: 0.xxx)'` and drawn with a dashed `Random`
 * diagonal. Both axes range over `[0, 1]`.
 *
 * Returns `[LinePlot, ScalarResult('{title} AUC')]`; with no usable case, or cases of one class only, the
 * plot has no curves and the AUC is NaN.
 */
export class ROCAUCEvaluator extends BinaryCurveEvaluator {
  static override defaults = STATICS.defaults;
  static optionsSchema = STATICS.optionsSchema;

  evaluate(ctx: ReportEvaluatorContext): [LinePlot, ScalarResult] {
    const title = this.options.title ?? DEFAULT_TITLE;
    const plot: LinePlot = {
      type: 'line_plot',
      title,
      xLabel: 'False Positive Rate',
      yLabel: 'True Positive Rate',
      xRange: [0, 1],
      yRange: [0, 1],
      curves: [],
    };
    const auc: ScalarResult = { type: 'scalar', title: `${title} AUC`, value: Number.NaN };
    const cases = scoredCases(ctx.report.cases, this.options);
    const points = rocPoints(cases);
    if (points === undefined) return [plot, auc];
    auc.value = trapezoidalArea(points);
    const display = downsample(points, this.options.nThresholds ?? 100);
    plot.curves.push(
      {
        name: `${ctx.name} (AUC: ${pyFixed(auc.value, 3)})`,
        points: display.map(([x, y]) => ({ x, y })),
        style: 'solid',
      },
      {
        name: 'Random',
        points: [
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ],
        style: 'dashed',
      },
    );
    return [plot, auc];
  }
}

/** `[fpr, tpr]` points sorted by fpr then tpr, or undefined without both classes. */
export function rocPoints(cases: readonly ScoredCase[]): [number, number][] | undefined {
  const positives = cases.filter((c) => c.positive).length;
  const negatives = cases.length - positives;
  if (positives === 0 || negatives === 0) return undefined;
  const points: [number, number][] = [[0, 0]];
  for (const { tp, fp } of sweepThresholds(cases)) points.push([fp / negatives, tp / positives]);
  return points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}
