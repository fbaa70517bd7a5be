import { EvaluationReport } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { ROCAUCEvaluator } from '../../src/evaluators/report/index.js';
import {
  analysesFromJSON,
  analysisFromJSON,
  analysisToJSON,
  isReportAnalysis,
  type ReportAnalysis,
} from '../../src/report/analyses.js';
import { contextOf } from './helpers.js';

const analyses: ReportAnalysis[] = [
  { type: 'scalar', title: 'ROC Curve AUC', value: Number.NaN },
  { type: 'scalar', title: 'Accuracy', value: 92.5, unit: '%', description: 'share of exact matches' },
  { type: 'precision_recall', title: 'PR', curves: [{ name: 'exp', points: [], auc: Number.NaN }] },
  {
    type: 'line_plot',
    title: 'KS Plot',
    xLabel: 'Score',
    yLabel: 'Cumulative Probability',
    yRange: [0, 1],
    curves: [{ name: 'Positive', points: [{ x: 0.5, y: Number.NaN }], style: 'solid', step: 'end' }],
  },
  { type: 'confusion_matrix', title: 'Confusion Matrix', classLabels: ['a'], matrix: [[3]] },
  { type: 'table', title: 'Per tag', columns: ['tag', 'n', 'note'], rows: [['x', 2, null]] },
];

describe('analyses JSON', () => {
  it('writes non-finite numbers as null and reads them back as NaN', () => {
    const json = JSON.parse(JSON.stringify(analyses.map(analysisToJSON)));
    expect(json[0]).toEqual({ type: 'scalar', title: 'ROC Curve AUC', value: null });
    expect(json[2].curves[0].auc).toBeNull();
    const back = analysesFromJSON(json);
    expect(back).toEqual(analyses); // toEqual treats NaN as equal to NaN
    expect((back[0] as { value: number }).value).toBeNaN();
    expect(analysesFromJSON(back)).toEqual(analyses); // idempotent
  });

  it('keeps null table cells as null (a real value there)', () => {
    const back = analysisFromJSON(JSON.parse(JSON.stringify(analysisToJSON(analyses[5]!))));
    expect(back).toEqual(analyses[5]);
  });

  it("survives a report's toJSON / fromJSON", () => {
    const ctx = contextOf([]);
    const produced = new ROCAUCEvaluator({ scoreKey: 's', positiveFrom: 'expected_output' }).evaluate(ctx);
    const report = new EvaluationReport({ name: 'r', analyses: produced });
    const restored = EvaluationReport.fromJSON(JSON.parse(JSON.stringify(report.toJSON())));
    const back = analysesFromJSON(restored.analyses);
    expect(back).toEqual(produced);
    expect((back[1] as { value: number }).value).toBeNaN();
  });

  it("reads pydantic-evals' snake_case dumps", () => {
    const dumped = {
      type: 'line_plot',
      title: 'ROC Curve',
      description: null,
      x_label: 'False Positive Rate',
      y_label: 'True Positive Rate',
      x_range: [0, 1],
      y_range: [0, 1],
      curves: [{ name: 'Random', points: [{ x: 0, y: 0 }], style: 'dashed', step: null }],
    };
    expect(analysisFromJSON(dumped)).toEqual({
      type: 'line_plot',
      title: 'ROC Curve',
      xLabel: 'False Positive Rate',
      yLabel: 'True Positive Rate',
      xRange: [0, 1],
      yRange: [0, 1],
      curves: [{ name: 'Random', points: [{ x: 0, y: 0 }], style: 'dashed' }],
    });
    expect(
      analysisFromJSON({ type: 'confusion_matrix', title: 'CM', class_labels: ['a'], matrix: [[1]] }),
    ).toEqual({
      type: 'confusion_matrix',
      title: 'CM',
      classLabels: ['a'],
      matrix: [[1]],
    });
  });

  it('narrows by type and leaves custom analyses alone', () => {
    const loose: unknown = { type: 'scalar', title: 'x', value: 1 };
    expect(isReportAnalysis(loose, 'scalar')).toBe(true);
    expect(isReportAnalysis(loose, 'table')).toBe(false);
    expect(isReportAnalysis({ type: 'heatmap', title: 'h' })).toBe(false);
    expect(analysisFromJSON({ type: 'heatmap', title: 'h', cells: [null] })).toEqual({
      type: 'heatmap',
      title: 'h',
      cells: [null],
    });
    expect(() => analysisFromJSON(null)).toThrow("An analysis must be an object with a 'type', got null");
  });
});
