import type { Evaluator } from '../evaluators/evaluator.js';
import type { ReportEvaluator } from '../evaluators/report-evaluator.js';
import type { CaseResult } from '../report/model.js';
import type { EvaluationReport } from '../report/report.js';
import type { WorkItem } from './types.js';

/**
 * The seam through which tracing (OpenTelemetry, in src/otel/) wraps the runner without the runner
 * importing it. Every method is optional in effect: when an experiment has no instrumentation the
 * runner skips these calls entirely, so they cost nothing.
 *
 * Wrappers receive `fn` and must return exactly what it returns (a value or a promise), calling it
 * once, synchronously, inside whatever context they set up.
 */
export interface Instrumentation {
  /** A case run starts (after it took its slot). */
  startCase(item: WorkItem): CaseProbe;
}

/**
 * Tracing of one whole experiment, driven by evaluate.ts: the engine's hooks plus the experiment's
 * own span (opened when it is created), its report evaluators and its end.
 */
export interface ExperimentInstrumentation extends Instrumentation {
  /** Ids of the experiment span, for `report.traceId` / `report.spanId`. */
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
  /** Runs the report evaluators one by one, each inside its own span (as `runReportEvaluators` does). */
  runReportEvaluators(evaluators: readonly ReportEvaluator[], report: EvaluationReport): Promise<void>;
  /** The experiment ended: with its report, or with the error that stopped it. */
  end(report: EvaluationReport | undefined, error?: unknown): void;
}

export interface CaseProbe {
  /** Runs `fn` (the rest of the case) inside the case's context. */
  wrap<T>(fn: () => T): T;
  /** One task attempt starts. */
  startAttempt(attempt: number): AttemptProbe;
  /** Runs one evaluator call inside its own context. */
  wrapEvaluator<T>(evaluator: Evaluator, fn: () => T): T;
  /** The case ended; returns the ids to put on the result, if any. */
  end(result: CaseResult): { traceId?: string; spanId?: string } | undefined;
}

export interface AttemptProbe {
  /** Runs the task call inside the attempt's context (spans it ends are captured for this attempt). */
  wrap<T>(fn: () => T): T;
  /**
   * The attempt settled (`error` set when it failed). Returns what the evaluators' `ctx.spanTree` holds
   * (a SpanTree, or an Error to throw when read) and metrics extracted from the captured spans.
   */
  end(error?: unknown): { spanTree: unknown; metrics?: Record<string, number> };
}
