import { describe, expect, it } from 'vitest';
import { KolmogorovSmirnovEvaluator } from '../../src/evaluators/report/index.js';
import { contextOf, SIX_CASES } from './helpers.js';

const options = { scoreKey: 'confidence', positiveFrom: 'expected_output' } as const;

describe('KolmogorovSmirnovEvaluator', () => {
  it('plots both empirical CDFs as end steps and reports the largest gap', () => {
    // SIX_CASES: positives 0.3, 0.7, 0.9; negatives 0.1, 0.7, 0.8.
    //   x     F+    F-    |gap|
    //   0.1   0     1/3   1/3
    //   0.3   1/3   1/3   0
    //   0.7   2/3   2/3   0
    //   0.8   2/3   1     1/3
    //   0.9   1     1     0        → KS = 1/3
    // Each curve starts at (lowest score, 0).
    const [plot, ks] = new KolmogorovSmirnovEvaluator(options).evaluate(contextOf(SIX_CASES));
    expect(plot).toMatchObject({
      type: 'line_plot',
      title: 'KS Plot',
      xLabel: 'Score',
      yLabel: 'Cumulative Probability',
      yRange: [0, 1],
    });
    expect(plot.xRange).toBeUndefined();
    const [positive, negative] = plot.curves;
    expect(positive).toEqual({
      name: 'Positive',
      style: 'solid',
      step: 'end',
      points: [
        { x: 0.1, y: 0 },
        { x: 0.1, y: 0 },
        { x: 0.3, y: 1 / 3 },
        { x: 0.7, y: 2 / 3 },
        { x: 0.8, y: 2 / 3 },
        { x: 0.9, y: 1 },
      ],
    });
    expect(negative!.name).toBe('Negative');
    expect(negative!.points.map((p) => p.y)).toEqual([0, 1 / 3, 1 / 3, 2 / 3, 1, 1]);
    expect(ks).toMatchObject({ type: 'scalar', title: 'KS Statistic' });
    expect(ks.value).toBeCloseTo(1 / 3, 12); // |2/3 - 1| in floating point
  });

  it('gives 0 for identical distributions and 1 for separated ones', () => {
    const same = new KolmogorovSmirnovEvaluator(options).evaluate(
      contextOf([0, 1, 2, 3].map((i) => ({ scores: { confidence: 0.5 }, expectedOutput: i < 2 }))),
    );
    expect(same[1].value).toBe(0);
    expect(same[0].curves[0]!.points).toEqual([
      { x: 0.5, y: 0 },
      { x: 0.5, y: 1 },
    ]);
    const separated = new KolmogorovSmirnovEvaluator({ ...options, nThresholds: 2 }).evaluate(
      contextOf([
        { scores: { confidence: 0.1 }, expectedOutput: false },
        { scores: { confidence: 0.2 }, expectedOutput: false },
        { scores: { confidence: 0.8 }, expectedOutput: true },
      ]),
    );
    // F- reaches 1 at 0.2 while F+ is still 0.
    expect(separated[1].value).toBe(1);
    // 4 points per curve cut down to the first and last.
    expect(separated[0].curves[1]!.points).toEqual([
      { x: 0.1, y: 0 },
      { x: 0.8, y: 1 },
    ]);
  });

  it('gives an empty plot and a NaN statistic without data or with one class only', () => {
    for (const cases of [[], [{ scores: { confidence: 1 }, expectedOutput: false }]]) {
      const [plot, ks] = new KolmogorovSmirnovEvaluator(options).evaluate(contextOf(cases));
      expect(plot.curves).toEqual([]);
      expect(ks.title).toBe('KS Statistic');
      expect(ks.value).toBeNaN();
    }
  });

  it('reads scores from metrics and skips cases without them', () => {
    const [, ks] = new KolmogorovSmirnovEvaluator({
      ...options,
      scoreKey: 'tokens',
      scoreFrom: 'metrics',
    }).evaluate(
      contextOf([
        { metrics: { tokens: 10 }, expectedOutput: true },
        { metrics: { tokens: 5 }, expectedOutput: false },
        { scores: { tokens: 1 }, expectedOutput: false }, // a score, not a metric: skipped
      ]),
    );
    expect(ks.value).toBe(1);
  });
});
