/**
 * Report-evaluator analyses (src/report/analyses.ts) as blocks: a confusion matrix or a generic table as
 * a table, a scalar as `Title: value unit`, curves as their title and one `  name: N points` line each.
 * Analyses are read defensively (camelCase or pydantic-evals' snake_case fields, any custom type): they
 * may come from a saved report or a custom report evaluator.
 */
import type { ReportAnalysis } from '../../evaluators/report-evaluator.js';
import { fixed, pyNumberStr } from '../../util/py-format.js';
import type { Block } from './blocks.js';
import type { Column } from './table.js';
import { type Cell, span, textCell } from './text.js';
import { valueText } from './values.js';

/** What the text rendering needs of a curve (precision-recall or line plot). */
interface CurveSummary {
  name: string;
  points: unknown[];
  auc?: number | null;
}

export function analysisBlocks(analysis: ReportAnalysis): Block[] {
  switch (analysis.type) {
    case 'confusion_matrix':
      return [confusionMatrix(analysis)];
    case 'precision_recall':
    case 'line_plot':
      return [curves(analysis, analysis.type === 'precision_recall')];
    case 'scalar':
      return [scalar(analysis)];
    case 'table':
      return [table(analysis)];
    default:
      return [{ kind: 'text', lines: [[span(`${titleOf(analysis)} (${String(analysis.type)})`)]] }];
  }
}

function field<T>(analysis: ReportAnalysis, camel: string, snake: string, fallback: T): T {
  const value = analysis[camel] ?? analysis[snake];
  return value === undefined || value === null ? fallback : (value as T);
}

function titleOf(analysis: ReportAnalysis): string {
  return typeof analysis.title === 'string' ? analysis.title : String(analysis.type);
}

function confusionMatrix(analysis: ReportAnalysis): Block {
  const labels = field<unknown[]>(analysis, 'classLabels', 'class_labels', []).map(String);
  const matrix = field<unknown[][]>(analysis, 'matrix', 'matrix', []);
  const columns: Column[] = [
    { header: 'Expected \\ Predicted' },
    ...labels.map((label) => ({ header: label, justify: 'right' as const })),
  ];
  const rows = labels.map((label, i): Cell[] => [
    [[span(label, 'bold')]],
    ...labels.map((_, j): Cell => [[span(cellText(matrix[i]?.[j]))]]),
  ]);
  return { kind: 'table', table: { title: titleOf(analysis), columns, rows } };
}

function curves(analysis: ReportAnalysis, withAuc: boolean): Block {
  const list = field<unknown[]>(analysis, 'curves', 'curves', []);
  const lines = list.map((raw) => {
    const curve = (raw ?? {}) as Partial<CurveSummary>;
    const points = Array.isArray(curve.points) ? curve.points.length : 0;
    const auc = withAuc && typeof curve.auc === 'number' ? `, AUC=${fixed(curve.auc, 4, false)}` : '';
    return [span(`  ${String(curve.name)}: ${points} points${auc}`)];
  });
  return { kind: 'text', heading: [span(titleOf(analysis))], lines };
}

function scalar(analysis: ReportAnalysis): Block {
  const value = analysis.value;
  const text = typeof value === 'number' ? pyNumberStr(value) : (valueText(value) ?? '');
  const unit = analysis.unit;
  return {
    kind: 'text',
    lines: textCell(`${titleOf(analysis)}: ${text}${typeof unit === 'string' && unit ? ` ${unit}` : ''}`),
  };
}

function table(analysis: ReportAnalysis): Block {
  const columns = field<unknown[]>(analysis, 'columns', 'columns', []).map((c) => ({ header: String(c) }));
  const rows = field<unknown[][]>(analysis, 'rows', 'rows', []).map((row) =>
    columns.map((_, i): Cell => textCell(cellText(Array.isArray(row) ? row[i] : undefined))),
  );
  return { kind: 'table', table: { title: titleOf(analysis), columns, rows } };
}

/** A table value as Python's `str`, with `''` for a missing one. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? pyNumberStr(value) : (valueText(value) ?? '');
}
