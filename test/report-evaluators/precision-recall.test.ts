import { describe, expect, it } from 'vitest';
import { PrecisionRecallEvaluator } from '../../src/evaluators/report/index.js';
import { contextOf, SIX_CASES } from './helpers.js';

const options = { scoreKey: 'confidence', positiveFrom: 'expected_output' } as const;

describe('PrecisionRecallEvaluator', () => {
  it('computes one point per distinct score after the anchor, and the exact trapezoidal AUC', () => {
    // SIX_CASES, 3 positives; a case is predicted positive when score >= t.
    //   t      tp fp  precision recall
    //   anchor  -  -    1        0      (threshold = the highest score, 0.9)
    //   0.9     1  0    1        1/3
    //   0.8     1  1    1/2      1/3
    //   0.7     2  2    1/2      2/3
    //   0.3     3  2    3/5      1
    //   0.1     3  3    1/2      1
    // AUC over (recall, precision): 1/3·(1+1)/2 + 0 + 1/3·(1/2+1/2)/2 + 1/3·(1/2+3/5)/2 + 0
    //   = 20/60 + 10/60 + 11/60 = 41/60
    const [curve, auc] = new PrecisionRecallEvaluator(options).evaluate(contextOf(SIX_CASES, 'exp'));
    expect(curve.type).toBe('precision_recall');
    expect(curve.title).toBe('Precision-Recall Curve');
    expect(curve.curves).toHaveLength(1);
    expect(curve.curves[0]!.name).toBe('exp');
    expect(curve.curves[0]!.points).toEqual([
      { threshold: 0.9, precision: 1, recall: 0 },
      { threshold: 0.9, precision: 1, recall: 1 / 3 },
      { threshold: 0.8, precision: 0.5, recall: 1 / 3 },
      { threshold: 0.7, precision: 0.5, recall: 2 / 3 },
      { threshold: 0.3, precision: 0.6, recall: 1 },
      { threshold: 0.1, precision: 0.5, recall: 1 },
    ]);
    expect(curve.curves[0]!.auc).toBeCloseTo(41 / 60, 12);
    expect(auc).toEqual({ type: 'scalar', title: 'Precision-Recall Curve AUC', value: curve.curves[0]!.auc });
  });

  it('keeps nThresholds display points but computes the AUC on all of them', () => {
    // 6 points, n = 3: indices trunc(i·5/2) for i = 0, 1, 2 → 0, 2, 5.
    const [curve, auc] = new PrecisionRecallEvaluator({ ...options, nThresholds: 3, title: 'PR' }).evaluate(
      contextOf(SIX_CASES),
    );
    expect(curve.curves[0]!.points.map((p) => p.threshold)).toEqual([0.9, 0.8, 0.1]);
    expect(auc.title).toBe('PR AUC');
    expect(auc.value).toBeCloseTo(41 / 60, 12);
  });

  it('gives no curve and a NaN AUC without usable cases; skips cases missing the score or the class', () => {
    const [curve, auc] = new PrecisionRecallEvaluator(options).evaluate(
      contextOf([{ scores: { other: 1 }, expectedOutput: true }, { scores: { confidence: 0.5 } }]),
    );
    expect(curve.curves).toEqual([]);
    expect(auc.value).toBeNaN();
  });

  it('handles one class and all-equal scores', () => {
    // All positive, scores 0.6 and 0.2: (r, p) = (0, 1), (1/2, 1), (1, 1) → AUC 1.
    const allPositive = new PrecisionRecallEvaluator(options).evaluate(
      contextOf([
        { scores: { confidence: 0.6 }, expectedOutput: 'yes' },
        { scores: { confidence: 0.2 }, expectedOutput: 1 },
      ]),
    );
    expect(allPositive[1].value).toBe(1);
    // All negative: recall stays 0, so the area is 0; precision is 0 once something is predicted.
    const allNegative = new PrecisionRecallEvaluator(options).evaluate(
      contextOf([
        { scores: { confidence: 0.6 }, expectedOutput: false },
        { scores: { confidence: 0.2 }, expectedOutput: 0 },
      ]),
    );
    expect(allNegative[0].curves[0]!.points.map((p) => p.precision)).toEqual([1, 0, 0]);
    expect(allNegative[1].value).toBe(0);
    // Four cases at 0.5, two positive: (0, 1) then (1, 1/2) → AUC = 1 · (1 + 1/2) / 2 = 3/4.
    const tied = new PrecisionRecallEvaluator(options).evaluate(
      contextOf([0, 1, 2, 3].map((i) => ({ scores: { confidence: 0.5 }, expectedOutput: i < 2 }))),
    );
    expect(tied[0].curves[0]!.points).toEqual([
      { threshold: 0.5, precision: 1, recall: 0 },
      { threshold: 0.5, precision: 0.5, recall: 1 },
    ]);
    expect(tied[1].value).toBe(0.75);
  });

  it('reads positives from assertions or label truthiness, scores from metrics', () => {
    // metric m: 3 (label 'x' → positive), 2 (label '' → negative), 1 (no label → skipped)
    //   t=3: tp1 fp0 → (1, 1); t=2: tp1 fp1 → (1, 1/2). AUC = 1·(1+1)/2 + 0 = 1.
    const labels = new PrecisionRecallEvaluator({
      scoreKey: 'm',
      scoreFrom: 'metrics',
      positiveFrom: 'labels',
      positiveKey: 'kind',
    }).evaluate(
      contextOf([
        { metrics: { m: 3 }, labels: { kind: 'x' } },
        { metrics: { m: 2 }, labels: { kind: '' } },
        { metrics: { m: 1 } },
      ]),
    );
    expect(labels[0].curves[0]!.points.map((p) => [p.recall, p.precision])).toEqual([
      [0, 1],
      [1, 1],
      [1, 0.5],
    ]);
    expect(labels[1].value).toBe(1);
    // assertion 'ok': score 1 → false, score 2 → true: t=2: (1, 1); t=1: (1, 1/2) → AUC 1.
    const assertions = new PrecisionRecallEvaluator({
      scoreKey: 's',
      positiveFrom: 'assertions',
      positiveKey: 'ok',
    });
    const result = assertions.evaluate(
      contextOf([
        { scores: { s: 1 }, assertions: { ok: false } },
        { scores: { s: 2 }, assertions: { ok: true } },
        { scores: { s: 3 } },
      ]),
    );
    expect(result[1].value).toBe(1);
  });

  it('requires positiveKey for assertions and labels, at evaluation time (as pydantic-evals)', () => {
    const evaluator = new PrecisionRecallEvaluator({ scoreKey: 's', positiveFrom: 'assertions' });
    expect(() => evaluator.evaluate(contextOf([]))).toThrow(
      "'positiveKey' is required when positiveFrom='assertions'",
    );
  });

  it('checks options when built and writes pydantic-compatible specs', () => {
    expect(() => new PrecisionRecallEvaluator({ positiveFrom: 'labels' } as never)).toThrow(
      'PrecisionRecallEvaluator: expected `scoreKey` to be a non-empty string, got undefined',
    );
    expect(() => new PrecisionRecallEvaluator({ ...options, nThresholds: 1 })).toThrow(
      'expected `nThresholds` to be an integer >= 2, got 1',
    );
    expect(() => new PrecisionRecallEvaluator({ ...options, scoreFrom: 'labels' as never })).toThrow(
      "expected `scoreFrom` to be one of 'scores', 'metrics', got 'labels'",
    );
    expect(
      new PrecisionRecallEvaluator({ ...options, nThresholds: 100, positiveKey: null as never }).toSpec(),
    ).toEqual({
      name: 'PrecisionRecallEvaluator',
      arguments: { scoreKey: 'confidence', positiveFrom: 'expected_output' },
    });
  });
});
