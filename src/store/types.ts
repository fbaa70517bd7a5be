/**
 * @module
 * The run store's contract: what a stored run holds (a header, one record per finished case, a footer)
 * and the `Store` interface the engine's wiring talks to. `JsonlStore` (jsonl-store.ts) is the embedded
 * default; another store (a database, a remote service) implements the same interface.
 */
import type { EvaluatorSpec } from '../evaluators/evaluator.js';
import type { CaseResult, ReportCaseAggregate } from '../report/model.js';
import type { WorkItem } from '../runner/types.js';

export const RUN_FORMAT = 'typed-evals/run';
/** 2: shapes may hold passed assertions (value type `p`) whose values are in no column. Readers take 1 and 2. */
export const RUN_FORMAT_VERSION = 2;

/** What the run was: written once, first. JSON values only; secrets scrubbed. */
export interface RunHeader {
  format: typeof RUN_FORMAT;
  version: number;
  runId: string;
  /** The report name. */
  experiment: string;
  dataset: {
    name: string;
    /** Cases in the dataset when known up front (before `repeat`). */
    size: number | null;
  };
  task: { name: string; version: string | null };
  /** The dataset-level evaluators, in order (case-specific ones are in each case record). */
  evaluators: EvaluatorSpec[];
  reportEvaluators: EvaluatorSpec[];
  /** The run options that are plain data (no functions, no signal), with secrets scrubbed. */
  options: Record<string, unknown>;
  /** `repeat` of the run (1 when not repeated); report names depend on it. */
  repeat: number;
  metadata: Record<string, unknown> | null;
  /** `git rev-parse HEAD` of the working directory, when it is a git checkout. */
  gitCommit: string | null;
  /** ISO time. */
  startedAt: string;
  /** Who writes the file: lets a listing tell a running run from a crashed one. */
  pid: number;
  host: string;
  /** Set on a resumed run: the run whose finished cases it carried over. */
  resumeOf: string | null;
  /** Set on a re-scored run: the run whose stored outputs it evaluated again. */
  rescoreOf: string | null;
}

/** How the run ended: written once, last. Missing when the process died before. */
export interface RunFooter {
  endedAt: string;
  durationSeconds: number;
  caseCount: number;
  failureCount: number;
  averages: ReportCaseAggregate | null;
  /** The Averages row's assertion pass rate; null when no assertion ran. */
  assertionPassRate: number | null;
  aborted: boolean;
  /** Message of the error that stopped the run (a dataset that failed while streaming), else null. */
  error: string | null;
}

/** One finished case as the store gives it back. */
export interface StoredCase {
  /** Position in the plan of the run that recorded it. */
  index: number;
  /** The report name (`q1`, `q1 [2/3]`). */
  name: string;
  failed: boolean;
  /** The result in its JSON form: inputs, outputs and attributes as stored (JSON-safe, scrubbed). */
  result: CaseResult;
  /** The case's own evaluators. */
  caseEvaluators: EvaluatorSpec[];
}

export type RunStatus = 'complete' | 'aborted' | 'crashed' | 'running';

/** A line of `typed-evals runs`. */
export interface RunInfo {
  runId: string;
  experiment: string;
  datasetName: string;
  taskName: string;
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number | null;
  caseCount: number;
  failureCount: number;
  assertionPassRate: number | null;
  gitCommit: string | null;
  /** complete: footer and not aborted; aborted: footer of a stopped run; crashed: no footer and its process is gone. */
  status: RunStatus;
  resumeOf: string | null;
  rescoreOf: string | null;
}

/** A stored run: header and footer at hand, case records streamed. */
export interface StoredRun {
  info: RunInfo;
  header: RunHeader;
  footer: RunFooter | undefined;
  /** Every finished case, in the order they were recorded; a truncated or corrupt line is skipped. */
  cases(): AsyncIterable<StoredCase>;
}

/** What `append` receives: the case-end event's data. */
export interface CaseEntry {
  item: WorkItem;
  result: CaseResult;
  failed: boolean;
}

/** Writes one run. `append` is synchronous and cheap (records are batched); `finish` writes the footer. */
export interface RunWriter {
  readonly runId: string;
  append(entry: CaseEntry): void;
  finish(footer: RunFooter): void | Promise<void>;
  /**
   * Optional: the Averages row of what was appended, when the writer keeps it as it goes (runs without
   * repeats); otherwise the footer's averages come from the report.
   */
  averages?(): ReportCaseAggregate | undefined;
}

export type RunHeaderInit = Omit<RunHeader, 'format' | 'version' | 'runId'>;

export interface ListRunsFilter {
  experiment?: string;
}

export interface LatestRunFilter {
  /** Only runs with a footer that were not aborted. */
  complete?: boolean;
  /** Leave this run out (the one being written). */
  exclude?: string;
}

/** Where runs are kept. */
export interface Store {
  /** A short description for messages, e.g. the data folder. */
  readonly location: string;
  /** Opens a new run (a fresh id; never shares a file with another run). */
  startRun(header: RunHeaderInit): RunWriter | Promise<RunWriter>;
  /** Every run, newest first. */
  listRuns(filter?: ListRunsFilter): Promise<RunInfo[]>;
  /** Throws a TypedEvalsError (code RUN_NOT_FOUND) for an unknown id. */
  readRun(runId: string): Promise<StoredRun>;
  /** The newest run of an experiment, or undefined. */
  latestRun(experiment: string, filter?: LatestRunFilter): Promise<RunInfo | undefined>;
}
