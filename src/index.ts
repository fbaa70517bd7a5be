/**
 * @module
 * typed-evals: datasets of cases, a task, evaluators, an experiment run with controlled concurrency and
 * retries, and a report. This file only re-exports.
 */
export { Case, type CaseInit } from './dataset/case.js';
export { Dataset, type DatasetInit, type CaseSource } from './dataset/dataset.js';
export { DatasetLoadError, type DatasetIssue } from './dataset/file/errors.js';
export type { DatasetSchema } from './dataset/file/validate.js';
export type {
  LoadOptions,
  FromFileOptions,
  FromTextOptions,
  FromObjectOptions,
} from './dataset/file/load.js';
export type { StreamOptions, StreamingDataset } from './dataset/file/stream.js';
export type { ToFileOptions } from './dataset/file/write.js';
export type { DatasetFormat } from './dataset/file/format.js';
export type { EvaluatorClassLike, ReportEvaluatorClassLike, JsonSchema } from './dataset/registry.js';
export {
  Evaluator,
  evaluator,
  EvaluationReason,
  type EvaluationScalar,
  type EvaluatorOutput,
  type EvaluatorOutputValue,
  type EvaluatorSpec,
} from './evaluators/evaluator.js';
export type { EvaluatorContext } from './evaluators/context.js';
export { EvaluatorOutputError, type EvaluationResult, type EvaluatorFailure } from './evaluators/results.js';
export {
  Equals,
  EqualsExpected,
  Contains,
  IsInstance,
  MaxDuration,
  MatchesSchema,
  type ContainsOptions,
} from './evaluators/common.js';
export {
  ReportEvaluator,
  type ReportAnalysis,
  type ReportEvaluatorContext,
} from './evaluators/report-evaluator.js';
export {
  ConfusionMatrixEvaluator,
  PrecisionRecallEvaluator,
  ROCAUCEvaluator,
  KolmogorovSmirnovEvaluator,
  type ConfusionMatrixOptions,
  type PrecisionRecallOptions,
  type ROCAUCOptions,
  type KolmogorovSmirnovOptions,
  type BinaryClassificationOptions,
  type ClassSource,
  type PositiveSource,
  type ScoreSource,
} from './evaluators/report/index.js';
export {
  LLMJudge,
  GEval,
  type LLMJudgeOptions,
  type GEvalOptions,
  type OutputConfig,
  type OutputConfigOption,
  type LLMCallOptions,
} from './evaluators/llm/index.js';
export { EvaluationReport, type EvaluationReportInit, type ReportSummary } from './report/report.js';
export {
  analysisToJSON,
  analysisFromJSON,
  isReportAnalysis,
  type ConfusionMatrix,
  type PrecisionRecall,
  type PrecisionRecallCurve,
  type PrecisionRecallPoint,
  type ScalarResult,
  type TableResult,
  type LinePlot,
  type LinePlotCurve,
  type LinePlotPoint,
  type ReportAnalysisType,
} from './report/analyses.js';
export {
  passAtK,
  passHatK,
  type CaseGroupStats,
  type CaseGroupStatsOptions,
  type NumericSummary,
  type PassStats,
  type CompareOptions,
  type ReportComparison,
  type CaseChanges,
  type Change,
  type ChangeKind,
  type Direction,
  type Verdict,
  type TestName,
} from './report/stats/index.js';
export type { MarkdownOptions } from './report/export/markdown.js';
export {
  isCaseFailure,
  type CaseResult,
  type ReportCase,
  type ReportCaseAggregate,
  type ReportCaseFailure,
  type ReportCaseGroup,
} from './report/model.js';
export type { RenderOptions } from './report/render.js';
export type { EvaluationReportJSON } from './report/json.js';
export { setEvalAttribute, incrementEvalMetric } from './runner/task-run.js';
export { CaseLifecycle, type LifecycleClass, type LifecycleFactory } from './runner/lifecycle.js';
export type {
  EvaluateOptions,
  RunOptions,
  RetryOptions,
  Task,
  TaskContext,
  ProgressEvent,
  ProgressListener,
} from './engine/options.js';
export { ExperimentRun } from './evaluate.js';
export {
  defineExperiment,
  type ExperimentDefinition,
  type ExperimentOptions,
  type ExperimentWithDataset,
  type ExperimentWithDatasetFile,
} from './experiment.js';
export {
  TypedEvalsError,
  OptionsError,
  TimeoutError,
  AbortError,
  SpanTreeRecordingError,
} from './errors.js';
