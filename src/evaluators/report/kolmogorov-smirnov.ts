import type { LinePlot, LinePlotPoint, ScalarResult } from '../../report/analyses.js';
import type { ReportEvaluatorContext } from '../report-evaluator.js';
import { type BinaryClassificationOptions, downsample, type ScoredCase, scoredCases } from './binary.js';
import { BinaryCurveEvaluator, binaryStatics } from './binary-evaluator.js';

export type KolmogorovSmirnovOptions = BinaryClassificationOptions;

const DEFAULT_TITLE = 'KS Plot';
const STATICS = binaryStatics(DEFAULT_TITLE);

/**
 * The empirical CDFs of the scores of positive and of negative cases, and the Kolmogorov-Smirnov
 * statistic (the largest vertical gap between them), as pydantic-evals computes them: each CDF starts at
 * `(lowest score, 0)` and has one point per distinct score of either class, `y` = the fraction of that
 * class scoring `<= x`; the curves are steps (`step: 'end'`), cut down to `nThresholds` for display.
 *
 * Returns `[LinePlot('Score' vs 'Cumulative Probability'), ScalarResult('KS Statistic')]`; with no usable
 * case, or cases of one class only, the plot has no curves and the statistic is NaN.
 */
export class KolmogorovSmirnovEvaluator extends BinaryCurveEvaluator {
  static override defaults = STATICS.defaults;
  static optionsSchema = STATICS.optionsSchema;

  evaluate(ctx: ReportEvaluatorContext): [LinePlot, ScalarResult] {
    const plot: LinePlot = {
      type: 'line_plot',
      title: this.options.title ?? DEFAULT_TITLE,
      xLabel: 'Score',
      yLabel: 'Cumulative Probability',
      yRange: [0, 1],
      curves: [],
    };
    const statistic: ScalarResult = { type: 'scalar', title: 'KS Statistic', value: Number.NaN };
    const cdfs = empiricalCdfs(scoredCases(ctx.report.cases, this.options));
    if (cdfs === undefined) return [plot, statistic];
    statistic.value = cdfs.statistic;
    const n = this.options.nThresholds ?? 100;
    plot.curves.push(
      { name: 'Positive', points: downsample(cdfs.positive, n), style: 'solid', step: 'end' },
      { name: 'Negative', points: downsample(cdfs.negative, n), style: 'solid', step: 'end' },
    );
    return [plot, statistic];
  }
}

export interface EmpiricalCdfs {
  positive: LinePlotPoint[];
  negative: LinePlotPoint[];
  /** max over the distinct scores of |F_positive - F_negative|. */
  statistic: number;
}

/** Both CDFs at every distinct score, or undefined without both classes. */
export function empiricalCdfs(cases: readonly ScoredCase[]): EmpiricalCdfs | undefined {
  const positives = cases.filter((c) => c.positive).map((c) => c.score);
  const negatives = cases.filter((c) => !c.positive).map((c) => c.score);
  if (positives.length === 0 || negatives.length === 0) return undefined;
  const scores = [...new Set(cases.map((c) => c.score))].sort((a, b) => a - b);
  const positiveCdf = stepCdf(positives, scores);
  const negativeCdf = stepCdf(negatives, scores);
  let statistic = 0;
  for (let i = 0; i < scores.length; i++) {
    statistic = Math.max(statistic, Math.abs(positiveCdf[i]! - negativeCdf[i]!));
  }
  const curve = (cdf: number[]): LinePlotPoint[] => [
    { x: scores[0]!, y: 0 },
    ...scores.map((x, i) => ({ x, y: cdf[i]! })),
  ];
  return { positive: curve(positiveCdf), negative: curve(negativeCdf), statistic };
}

/** The fraction of `values` that are `<= x`, for each `x` of the ascending `at` (one merge pass). */
function stepCdf(values: number[], at: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let count = 0;
  for (const x of at) {
    while (count < sorted.length && sorted[count]! <= x) count++;
    out.push(count / sorted.length);
  }
  return out;
}
