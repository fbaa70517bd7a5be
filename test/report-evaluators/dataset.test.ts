import { Dataset, evaluator, ReportEvaluator } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import {
  ConfusionMatrixEvaluator,
  KolmogorovSmirnovEvaluator,
  PrecisionRecallEvaluator,
  ROCAUCEvaluator,
} from '../../src/evaluators/report/index.js';

class Exploding extends ReportEvaluator {
  evaluate(): never {
    throw new RangeError('boom');
  }
}

/** Inputs are scores; the expected output says whether the case is truly positive. */
function scoredDataset(reportEvaluators: ReportEvaluator[]) {
  return new Dataset<number, string, undefined>({
    name: 'spam',
    cases: [
      { name: 'a', inputs: 0.9, expectedOutput: 'spam' },
      { name: 'b', inputs: 0.6, expectedOutput: 'ham' },
      { name: 'c', inputs: 0.4, expectedOutput: 'spam' },
      { name: 'd', inputs: 0.1, expectedOutput: 'ham' },
    ],
    evaluators: [
      evaluator('judge', (ctx) => ({
        confidence: ctx.inputs,
        is_spam: ctx.expectedOutput === 'spam',
      })),
    ],
    reportEvaluators,
  });
}

describe('report evaluators in dataset.evaluate()', () => {
  it('appends analyses in evaluator order; a throwing one is recorded and the next still runs', async () => {
    const dataset = scoredDataset([
      new ConfusionMatrixEvaluator(),
      new ROCAUCEvaluator({ scoreKey: 'confidence', positiveFrom: 'assertions', positiveKey: 'is_spam' }),
      new Exploding(),
      new PrecisionRecallEvaluator({ scoreKey: 'confidence', positiveFrom: 'assertions' }), // no positiveKey
      new KolmogorovSmirnovEvaluator({
        scoreKey: 'confidence',
        positiveFrom: 'assertions',
        positiveKey: 'is_spam',
      }),
    ]);
    const report = await dataset.evaluate((score) => (score >= 0.5 ? 'spam' : 'ham'), { name: 'v1' });

    // Predictions: a spam→spam, b ham→spam, c spam→ham, d ham→ham.
    //          ham spam (predicted)
    //   ham  [  1,   1 ]
    //   spam [  1,   1 ]
    // ROC: positives 0.9, 0.4; negatives 0.6, 0.1 → pairs ordered right: 0.9>0.6, 0.9>0.1, 0.4>0.1 = 3 of 4.
    // KS: F+ at 0.1, 0.4, 0.6, 0.9 = 0, 1/2, 1/2, 1; F- = 1/2, 1/2, 1, 1 → max gap 1/2.
    expect(report.analyses.map((a) => a.type)).toEqual([
      'confusion_matrix',
      'line_plot',
      'scalar',
      'line_plot',
      'scalar',
    ]);
    expect(report.analyses[0]).toEqual({
      type: 'confusion_matrix',
      title: 'Confusion Matrix',
      classLabels: ['ham', 'spam'],
      matrix: [
        [1, 1],
        [1, 1],
      ],
    });
    expect((report.analyses[1]!.curves as { name: string }[])[0]!.name).toBe('v1 (AUC: 0.750)');
    expect(report.analyses[2]).toEqual({ type: 'scalar', title: 'ROC Curve AUC', value: 0.75 });
    expect(report.analyses[4]).toEqual({ type: 'scalar', title: 'KS Statistic', value: 0.5 });

    expect(report.reportEvaluatorFailures).toHaveLength(2);
    const [boom, missingKey] = report.reportEvaluatorFailures;
    expect(boom).toMatchObject({
      name: 'Exploding',
      errorType: 'RangeError',
      errorMessage: 'RangeError: boom',
    });
    expect(missingKey).toMatchObject({
      name: 'PrecisionRecallEvaluator',
      errorType: 'OptionsError',
      errorMessage: "OptionsError: 'positiveKey' is required when positiveFrom='assertions'",
      source: {
        name: 'PrecisionRecallEvaluator',
        arguments: { scoreKey: 'confidence', positiveFrom: 'assertions' },
      },
    });
  });

  it('gives NaN results on a report without cases (every task failed)', async () => {
    const dataset = scoredDataset([
      new ROCAUCEvaluator({ scoreKey: 'confidence', positiveFrom: 'expected_output' }),
    ]);
    const report = await dataset.evaluate(() => {
      throw new Error('down');
    });
    expect(report.cases).toHaveLength(0);
    expect(report.analyses).toHaveLength(2);
    expect(report.analyses[0]!.curves).toEqual([]);
    expect(report.analyses[1]!.value).toBeNaN();
  });

  it('loads from a dataset file with snake_case options and writes the same specs back', () => {
    const yaml = [
      'name: files',
      'cases:',
      '  - inputs: 1',
      'report_evaluators:',
      '  - ConfusionMatrixEvaluator',
      '  - ConfusionMatrixEvaluator: labels',
      '  - ConfusionMatrixEvaluator: {predicted_from: labels, predicted_key: kind, title: Kinds}',
      '  - PrecisionRecallEvaluator: {score_key: s, positive_from: assertions, positive_key: ok, n_thresholds: 10}',
      '  - ROCAUCEvaluator: {score_key: s, positive_from: expected_output, score_from: metrics}',
      '  - KolmogorovSmirnovEvaluator: {score_key: s, positive_from: labels, positive_key: null}',
      '',
    ].join('\n');
    const dataset = Dataset.fromText(yaml, {
      reportEvaluators: [
        ConfusionMatrixEvaluator,
        PrecisionRecallEvaluator,
        ROCAUCEvaluator,
        KolmogorovSmirnovEvaluator,
      ],
    });
    expect(dataset.reportEvaluators.map((e) => e.toSpec())).toEqual([
      { name: 'ConfusionMatrixEvaluator', arguments: null },
      { name: 'ConfusionMatrixEvaluator', arguments: ['labels'] },
      {
        name: 'ConfusionMatrixEvaluator',
        arguments: { predictedFrom: 'labels', predictedKey: 'kind', title: 'Kinds' },
      },
      {
        name: 'PrecisionRecallEvaluator',
        arguments: { scoreKey: 's', positiveFrom: 'assertions', positiveKey: 'ok', nThresholds: 10 },
      },
      {
        name: 'ROCAUCEvaluator',
        arguments: { scoreKey: 's', positiveFrom: 'expected_output', scoreFrom: 'metrics' },
      },
      { name: 'KolmogorovSmirnovEvaluator', arguments: { scoreKey: 's', positiveFrom: 'labels' } },
    ]);
    const written = dataset.toObject() as { report_evaluators: unknown[] };
    expect(written.report_evaluators[1]).toEqual({ ConfusionMatrixEvaluator: 'labels' });
    expect(written.report_evaluators[3]).toEqual({
      PrecisionRecallEvaluator: {
        score_key: 's',
        positive_from: 'assertions',
        positive_key: 'ok',
        n_thresholds: 10,
      },
    });
  });

  it('rejects bad options in a dataset file with the option path', () => {
    expect(() =>
      Dataset.fromText(
        'name: d\ncases: []\nreport_evaluators:\n  - ROCAUCEvaluator: {score_key: s, positive_from: output}\n',
        {
          reportEvaluators: [ROCAUCEvaluator],
        },
      ),
    ).toThrow(/positive_from/);
  });
});
