/**
 * @module
 * The JSON shapes of the viewer's API (docs/viewer.md). Types only: the server builds them and the UI
 * (src/viewer/ui) reads them, so this file must not import anything with runtime code.
 */

export type RunStatus = 'complete' | 'aborted' | 'crashed' | 'running';

/** pass: every assertion held; fail: an assertion failed; error: the task failed. */
export type CaseStatus = 'pass' | 'fail' | 'error';

/** One line of the runs list. */
export interface RunSummary {
  runId: string;
  experiment: string;
  datasetName: string;
  taskName: string;
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number | null;
  caseCount: number;
  failureCount: number;
  /** Passing assertions / all assertions; null when no assertion ran. */
  passRate: number | null;
  /** Mean of each score (the report's Averages row); empty when unknown. */
  scores: Record<string, number>;
  gitCommit: string | null;
  status: RunStatus;
  resumeOf: string | null;
  rescoreOf: string | null;
}

export interface ExperimentSummary {
  name: string;
  runCount: number;
  /** The newest run. */
  latest: RunSummary;
}

export interface RunsResponse {
  runs: RunSummary[];
}

export interface ExperimentsResponse {
  experiments: ExperimentSummary[];
}

/** The result names found in a run, one list per kind. */
export interface ColumnSet {
  scores: string[];
  labels: string[];
  assertions: string[];
  metrics: string[];
}

/** Counts of a score's values in equal-width bins from `min` to `max`. */
export interface Histogram {
  name: string;
  min: number;
  max: number;
  counts: number[];
  mean: number;
  total: number;
}

export interface EvaluatorSpecView {
  name: string;
  arguments: unknown;
}

/** A run's page: its summary, what it was, and statistics over its cases. */
export interface RunDetail {
  summary: RunSummary;
  dataset: { name: string; size: number | null };
  task: { name: string; version: string | null };
  evaluators: EvaluatorSpecView[];
  reportEvaluators: EvaluatorSpecView[];
  options: Record<string, unknown>;
  metadata: Record<string, unknown> | null;
  repeat: number;
  host: string;
  /** Why the run stopped (a footer's error), else null. */
  error: string | null;
  columns: ColumnSet;
  counts: Record<CaseStatus, number>;
  evaluatorFailureCount: number;
  histograms: Histogram[];
  /** Cases indexed so far (equals the run's case count once indexed). */
  indexedCases: number;
}

/** One row of a run's case table. */
export interface CaseRow {
  /** Position of the record in the run (0-based): the id of the case page. */
  id: number;
  /** Position in the plan. */
  index: number;
  name: string;
  status: CaseStatus;
  scores: Record<string, number>;
  labels: Record<string, string>;
  assertionsPassed: number;
  assertionsTotal: number;
  evaluatorFailures: number;
  durationSeconds: number | null;
  /** The output (or the error message) as text, cut to a few hundred characters. */
  preview: string;
}

export interface CasePage {
  /** Rows matching the filters. */
  total: number;
  /** Rows in the run. */
  runTotal: number;
  page: number;
  pageSize: number;
  pageCount: number;
  rows: CaseRow[];
}

export type ResultKind = 'assertion' | 'score' | 'label';

export interface ResultView {
  kind: ResultKind;
  key: string;
  name: string;
  value: boolean | number | string;
  reason: string | null;
  evaluator: EvaluatorSpecView;
}

export interface EvaluatorFailureView {
  name: string;
  errorType: string;
  errorMessage: string;
  errorStack: string;
  evaluator: EvaluatorSpecView;
}

/** A span of the case's trace, with its children (when the run stored spans). */
export interface SpanView {
  name: string;
  spanId: string;
  startTime: number;
  durationMs: number;
  status: string;
  attributes: Record<string, unknown>;
  children: SpanView[];
}

export interface CaseDetail {
  id: number;
  index: number;
  name: string;
  sourceCaseName: string | null;
  status: CaseStatus;
  inputs: unknown;
  /** False for a task error (there is no output). */
  hasOutput: boolean;
  output: unknown;
  expectedOutput: unknown;
  metadata: unknown;
  results: ResultView[];
  evaluatorFailures: EvaluatorFailureView[];
  error: { message: string; stack: string } | null;
  teardownError: string | null;
  metrics: Record<string, number>;
  attributes: Record<string, unknown>;
  taskDurationSeconds: number | null;
  totalDurationSeconds: number | null;
  traceId: string | null;
  spanId: string | null;
  caseEvaluators: EvaluatorSpecView[];
  /** Root spans of the case's trace; null when the run stored none. */
  spans: SpanView[] | null;
  runTotal: number;
}

export type FailureKind = 'task-error' | 'evaluator-error' | 'assertion';

export interface FailureEntry {
  caseId: number;
  caseName: string;
  kind: FailureKind;
  /** The evaluator or assertion name; the error type for a task error. */
  title: string;
  message: string;
}

export interface FailurePage {
  total: number;
  counts: Record<FailureKind, number>;
  page: number;
  pageSize: number;
  pageCount: number;
  failures: FailureEntry[];
}

export type Verdict = 'improved' | 'regressed' | 'changed' | 'unchanged' | 'untested';

/**
 * How a change is coloured, as in the terminal diff: good (green) / bad (red) for a significant change,
 * or for an untested one whose difference passes the diff's tolerance, by the quantity's better side
 * (scores and pass rates: up is good; metrics and durations: up is bad); neutral otherwise.
 */
export type Tone = 'good' | 'bad' | 'neutral';

/** One compared quantity (compareReports' Change, JSON-safe). */
export interface ChangeView {
  kind: 'score' | 'metric' | 'assertion' | 'assertions' | 'duration';
  name: string;
  baseline: number | null;
  current: number | null;
  meanDifference: number | null;
  n: number;
  test: string | null;
  pValue: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  significant: boolean;
  verdict: Verdict;
  reason: string | null;
  tone: Tone;
}

export interface CaseDiffRow {
  caseName: string;
  /** Case page ids of the case's first record in each run. */
  baselineId: number | null;
  currentId: number | null;
  /** bad when any change is bad, else good when any is good, else neutral. */
  tone: Tone;
  /** True when a change of the case is statistically significant (needs repeated runs). */
  significant: boolean;
  /** Changes whose value differs (or that are significant). */
  changes: ChangeView[];
}

export type DiffFilter = 'all' | 'changed' | 'regressed' | 'improved' | 'significant';

export interface ComparisonView {
  baseline: RunSummary;
  current: RunSummary;
  alpha: number;
  method: string;
  overall: ChangeView[];
  addedCases: string[];
  removedCases: string[];
  counts: Record<Exclude<DiffFilter, 'all'>, number>;
  cases: {
    total: number;
    page: number;
    pageSize: number;
    pageCount: number;
    filter: DiffFilter;
    rows: CaseDiffRow[];
  };
}

export interface AnalysesView {
  /** Analyses in their JSON form (non-finite numbers as null), as report evaluators return them. */
  analyses: Record<string, unknown>[];
  failures: { evaluator: string; message: string }[];
  /** Report evaluators of the run the viewer cannot rebuild (custom classes). */
  notRebuilt: string[];
}

/** What `/api/events` pushes (server-sent events, `event: <type>`). */
export interface RunsChangedEvent {
  runIds: string[];
}

export interface RunUpdateEvent {
  summary: RunSummary;
  /** Rows recorded since the last event, at most a few hundred. */
  newCases: CaseRow[];
  caseCount: number;
}

export interface ApiError {
  error: string;
}
