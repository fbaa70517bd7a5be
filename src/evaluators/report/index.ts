/**
 * @module
 * The built-in report evaluators (pydantic-evals' `report_common`): confusion matrix, precision-recall,
 * ROC AUC and Kolmogorov-Smirnov. See docs/report-evaluators.md.
 */
import { ConfusionMatrixEvaluator } from './confusion-matrix.js';
import { KolmogorovSmirnovEvaluator } from './kolmogorov-smirnov.js';
import { PrecisionRecallEvaluator } from './precision-recall.js';
import { ROCAUCEvaluator } from './roc-auc.js';

export type { BinaryClassificationOptions, PositiveSource, ScoreSource } from './binary.js';
export {
  type ClassSource,
  ConfusionMatrixEvaluator,
  type ConfusionMatrixOptions,
} from './confusion-matrix.js';
export { KolmogorovSmirnovEvaluator, type KolmogorovSmirnovOptions } from './kolmogorov-smirnov.js';
export { PrecisionRecallEvaluator, type PrecisionRecallOptions } from './precision-recall.js';
export { ROCAUCEvaluator, type ROCAUCOptions } from './roc-auc.js';

/** The built-in report evaluator classes, for the dataset-file registry (each has `static optionsSchema`). */
export const BUILTIN_REPORT_EVALUATORS = [
  ConfusionMatrixEvaluator,
  PrecisionRecallEvaluator,
  ROCAUCEvaluator,
  KolmogorovSmirnovEvaluator,
] as const;
