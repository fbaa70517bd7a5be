/**
 * @module
 * typed-evals: datasets of cases, a task, evaluators, an experiment run with controlled concurrency and
 * retries, and a report. This file only re-exports.
 */
export { Case, type CaseInit } from './dataset/case.js';
export { type BatchedCases, type CaseSource, Dataset, type DatasetInit } from './dataset/dataset.js';
export { type DatasetIssue, DatasetLoadError } from './dataset/file/errors.js';
export type { DatasetFormat } from './dataset/file/format.js';
export type {
  FromFileOptions,
  FromObjectOptions,
  FromTextOptions,
  LoadOptions,
} from './dataset/file/load.js';
export type { StreamingDataset, StreamOptions } from './dataset/file/stream.js';
export type { DatasetSchema } from './dataset/file/validate.js';
export type { ToFileOptions } from './dataset/file/write.js';
export type { EvaluatorClassLike, JsonSchema, ReportEvaluatorClassLike } from './dataset/registry.js';
export type {
  EvaluateOptions,
  ProgressEvent,
  ProgressListener,
  RetryOptions,
  RunOptions,
  Task,
  TaskContext,
} from './engine/options.js';
export {
  AbortError,
  OptionsError,
  SpanTreeRecordingError,
  TimeoutError,
  TypedEvalsError,
} from './errors.js';
export { ExperimentRun } from './evaluate.js';
export {
  Contains,
  type ContainsOptions,
  Equals,
  EqualsExpected,
  IsInstance,
  MatchesSchema,
  MaxDuration,
} from './evaluators/common.js';
export type { EvaluatorContext } from './evaluators/context.js';
export {
  EvaluationReason,
  type EvaluationScalar,
  Evaluator,
  type EvaluatorOutput,
  type EvaluatorOutputValue,
  type EvaluatorSpec,
  evaluator,
} from './evaluators/evaluator.js';
export {
  GEval,
  type GEvalOptions,
  type LLMCallOptions,
  LLMJudge,
  type LLMJudgeOptions,
  type OutputConfig,
  type OutputConfigOption,
} from './evaluators/llm/index.js';
export {
  type BinaryClassificationOptions,
  type ClassSource,
  ConfusionMatrixEvaluator,
  type ConfusionMatrixOptions,
  KolmogorovSmirnovEvaluator,
  type KolmogorovSmirnovOptions,
  type PositiveSource,
  PrecisionRecallEvaluator,
  type PrecisionRecallOptions,
  ROCAUCEvaluator,
  type ROCAUCOptions,
  type ScoreSource,
} from './evaluators/report/index.js';
export {
  type ReportAnalysis,
  ReportEvaluator,
  type ReportEvaluatorContext,
} from './evaluators/report-evaluator.js';
export { type EvaluationResult, type EvaluatorFailure, EvaluatorOutputError } from './evaluators/results.js';
export {
  defineExperiment,
  type ExperimentDefinition,
  type ExperimentOptions,
  type ExperimentWithDataset,
  type ExperimentWithDatasetFile,
} from './experiment.js';
export {
  type AdaptiveOptions,
  estimateCallTokens,
  isRateLimitError,
  type LimitChange,
  type LimitChangeReason,
  Limiter,
  type LimiterEvents,
  type LimiterOptions,
  type LimiterPermit,
  type LimiterRunContext,
  type LimiterRunOptions,
  type LimiterStats,
  type RateLimitEvent,
  type ThrottleEvent,
  usageTokens,
  type WaitEvent,
  type WrapModelOptions,
} from './limits/index.js';
export {
  ArgumentCorrectness,
  type ArgumentCorrectnessOptions,
  HasMatchingSpan,
  type HasMatchingSpanOptions,
  MaxModelRequests,
  type MaxModelRequestsOptions,
  MaxToolCalls,
  type MaxToolCallsOptions,
  ToolCorrectness,
  type ToolCorrectnessOptions,
  TrajectoryMatch,
  type TrajectoryMatchOptions,
  type TrajectoryOrder,
} from './otel/evaluators/index.js';
export {
  analysisFromJSON,
  analysisToJSON,
  type ConfusionMatrix,
  isReportAnalysis,
  type LinePlot,
  type LinePlotCurve,
  type LinePlotPoint,
  type PrecisionRecall,
  type PrecisionRecallCurve,
  type PrecisionRecallPoint,
  type ReportAnalysisType,
  type ScalarResult,
  type TableResult,
} from './report/analyses.js';
export type { MarkdownOptions } from './report/export/markdown.js';
export type { EvaluationReportJSON } from './report/json.js';
export {
  type CaseResult,
  isCaseFailure,
  type ReportCase,
  type ReportCaseAggregate,
  type ReportCaseFailure,
  type ReportCaseGroup,
} from './report/model.js';
export type { RenderOptions } from './report/render.js';
export { EvaluationReport, type EvaluationReportInit, type ReportSummary } from './report/report.js';
export {
  type CaseChanges,
  type CaseGroupStats,
  type CaseGroupStatsOptions,
  type Change,
  type ChangeKind,
  type CompareOptions,
  type Direction,
  type NumericSummary,
  type PassStats,
  passAtK,
  passHatK,
  type ReportComparison,
  type TestName,
  type Verdict,
} from './report/stats/index.js';
export { type RescoreOptions, rescore, startRescore } from './rescore.js';
export { CaseLifecycle, type LifecycleClass, type LifecycleFactory } from './runner/lifecycle.js';
export { incrementEvalMetric, setEvalAttribute } from './runner/task-run.js';
export { isRunId, JsonlStore } from './store/jsonl-store.js';
export { ResumeMismatchError } from './store/resume.js';
export type {
  CaseEntry,
  LatestRunFilter,
  ListRunsFilter,
  RunFooter,
  RunHeader,
  RunHeaderInit,
  RunInfo,
  RunStatus,
  RunWriter,
  Store,
  StoredCase,
  StoredRun,
} from './store/types.js';
