import { describe, expect, it } from 'vitest';
import { ROCAUCEvaluator } from '../../src/evaluators/report/index.js';
import { contextOf, SIX_CASES } from './helpers.js';

const options = { scoreKey: 'confidence', positiveFrom: 'expected_output' } as const;

describe('ROCAUCEvaluator', () => {
  it('plots FPR vs TPR at every distinct score with a dashed Random diagonal, and the exact AUC', () => {
    // SIX_CASES: P = 3, N = 3.
    //   t    tp fp   (fpr, tpr)
    //   0.9   1  0   (0, 1/3)
    //   0.8   1  1   (1/3, 1/3)
    //   0.7   2  2   (2/3, 2/3)
    //   0.3   3  2   (2/3, 1)
    //   0.1   3  3   (1, 1)
    // plus (0, 0); sorted by (fpr, tpr). AUC = 1/3·(1/3+1/3)/2 + 1/3·(1/3+2/3)/2 + 1/3·(1+1)/2
    //   = 1/9 + 1/6 + 1/3 = 11/18 (= Mann-Whitney: 5.5 of 9 positive/negative pairs ordered right).
    const [plot, auc] = new ROCAUCEvaluator(options).evaluate(contextOf(SIX_CASES, 'exp'));
    expect(plot).toMatchObject({
      type: 'line_plot',
      title: 'ROC Curve',
      xLabel: 'False Positive Rate',
      yLabel: 'True Positive Rate',
      xRange: [0, 1],
      yRange: [0, 1],
    });
    const [curve, random] = plot.curves;
    expect(curve!.name).toBe('exp (AUC: 0.611)');
    expect(curve!.style).toBe('solid');
    expect(curve!.step).toBeUndefined();
    expect(curve!.points).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 1 / 3 },
      { x: 1 / 3, y: 1 / 3 },
      { x: 2 / 3, y: 2 / 3 },
      { x: 2 / 3, y: 1 },
      { x: 1, y: 1 },
    ]);
    expect(random).toEqual({
      name: 'Random',
      points: [
        { x: 0, y: 0 },
        { x: 1, y: 1 },
      ],
      style: 'dashed',
    });
    expect(auc.title).toBe('ROC Curve AUC');
    expect(auc.value).toBeCloseTo(11 / 18, 12);
  });

  it("rounds the AUC in the curve name as Python's '.3f' (half to even on an exact tie)", () => {
    // Negatives 1, 2, 3, 4; positives 4.5, 3.5, 2.5, 0.5: 4 + 3 + 2 + 0 = 9 of 16 pairs → AUC 0.5625,
    // which Python formats as 0.562 (toFixed would say 0.563).
    const cases = [
      ...[1, 2, 3, 4].map((s) => ({ scores: { confidence: s }, expectedOutput: false })),
      ...[4.5, 3.5, 2.5, 0.5].map((s) => ({ scores: { confidence: s }, expectedOutput: true })),
    ];
    const [plot, auc] = new ROCAUCEvaluator(options).evaluate(contextOf(cases, 'run'));
    expect(auc.value).toBe(0.5625);
    expect(plot.curves[0]!.name).toBe('run (AUC: 0.562)');
  });

  it('gives 0.5 for all-equal scores and downsamples the plotted points only', () => {
    const tied = new ROCAUCEvaluator(options).evaluate(
      contextOf([0, 1, 2, 3].map((i) => ({ scores: { confidence: 7 }, expectedOutput: i % 2 === 0 }))),
    );
    expect(tied[0].curves[0]!.points).toEqual([
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ]);
    expect(tied[1].value).toBe(0.5);
    // 6 points, n = 2: indices 0 and 5.
    const [plot, auc] = new ROCAUCEvaluator({ ...options, nThresholds: 2 }).evaluate(contextOf(SIX_CASES));
    expect(plot.curves[0]!.points).toEqual([
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ]);
    expect(auc.value).toBeCloseTo(11 / 18, 12);
  });

  it('gives an empty plot and a NaN AUC without data or with one class only', () => {
    for (const cases of [
      [],
      [{ scores: { confidence: 1 }, expectedOutput: true }],
      [{ scores: { confidence: 1 }, expectedOutput: '' }],
    ]) {
      const [plot, auc] = new ROCAUCEvaluator({ ...options, title: 'R' }).evaluate(contextOf(cases));
      expect(plot.curves).toEqual([]);
      expect(plot.xRange).toEqual([0, 1]);
      expect(auc).toMatchObject({ type: 'scalar', title: 'R AUC' });
      expect(auc.value).toBeNaN();
    }
  });

  it('requires positiveKey for labels', () => {
    const evaluator = new ROCAUCEvaluator({ scoreKey: 's', positiveFrom: 'labels' });
    expect(() => evaluator.evaluate(contextOf([{ scores: { s: 1 } }]))).toThrow(
      "'positiveKey' is required when positiveFrom='labels'",
    );
  });
});
