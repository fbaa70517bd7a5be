import { type Context, context, isSpanContextValid, type Span, type Tracer, trace } from '@opentelemetry/api';
import type { ReportEvaluator } from '../evaluators/report-evaluator.js';
import type { EvaluationReport } from '../report/report.js';
import type { ExperimentInstrumentation } from '../runner/instrumentation.js';
import { runReportEvaluators } from '../runner/run-report-evaluators.js';
import type { WorkItem } from '../runner/types.js';
import { AttributeEncoder } from './attributes.js';
import { OtelCaseProbe } from './case-probe.js';
import {
  ATTR_ASSERTION_PASS_RATE,
  ATTR_DATASET_NAME,
  ATTR_EVALUATOR_NAME,
  ATTR_METADATA,
  ATTR_N_CASES,
  ATTR_NAME,
  ATTR_TASK_NAME,
  EVALS_OTEL_SCOPE,
  EXPERIMENT_ANALYSES,
  EXPERIMENT_METADATA,
  EXPERIMENT_REPEAT,
  EXPERIMENT_REPORT_EVALUATOR_FAILURES,
  GEN_AI_OPERATION_NAME,
  MSG_REPORT_EVALUATOR,
  OPERATION_EXPERIMENT,
  SPAN_EXPERIMENT,
  SPAN_REPORT_EVALUATOR,
} from './constants.js';
import { NO_CONTEXT_MANAGER_MESSAGE } from './messages.js';
import { contextManagerWorks, isTracerProviderRegistered } from './registration.js';
import { recordError, recordFailureMessage, startEvalSpan } from './spans.js';
import { aggregateToWire, failureToWire } from './wire.js';

export interface ExperimentTracingInit {
  /** The experiment (report) name. */
  name: string;
  taskName: string;
  datasetName: string;
  /** Cases in the dataset (not runs); undefined for a streamed dataset of unknown size. */
  caseCount: number | undefined;
  repeat: number;
  metadata: Record<string, unknown> | undefined;
}

/**
 * Opens the experiment span and returns the instrumentation for the engine, or undefined when no real
 * tracer provider is registered (then nothing is traced and nothing costs).
 */
export function startExperimentTracing(init: ExperimentTracingInit): ExperimentInstrumentation | undefined {
  return isTracerProviderRegistered() ? new OtelExperiment(init) : undefined;
}

/** One experiment's tracing: its span, and the probes of its cases (see case-probe.ts). */
export class OtelExperiment implements ExperimentInstrumentation {
  readonly tracer: Tracer;
  readonly taskName: string;
  /** Why task spans cannot be captured in this process, when that is known up front. */
  readonly captureProblem: string | undefined;
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
  readonly #init: ExperimentTracingInit;
  readonly #span: Span;
  readonly #context: Context;
  readonly #encoder = new AttributeEncoder();
  #ended = false;

  constructor(init: ExperimentTracingInit) {
    this.#init = init;
    this.tracer = trace.getTracer(EVALS_OTEL_SCOPE);
    this.taskName = init.taskName;
    this.captureProblem = contextManagerWorks() ? undefined : NO_CONTEXT_MANAGER_MESSAGE;
    const values: Record<string, unknown> = {
      [ATTR_NAME]: init.name,
      [ATTR_TASK_NAME]: init.taskName,
      [ATTR_DATASET_NAME]: init.datasetName,
    };
    if (init.caseCount !== undefined) values[ATTR_N_CASES] = init.caseCount;
    values[GEN_AI_OPERATION_NAME] = OPERATION_EXPERIMENT;
    if (init.metadata !== undefined) values[ATTR_METADATA] = init.metadata;
    if (init.repeat > 1) values[EXPERIMENT_REPEAT] = init.repeat;
    const parent = context.active();
    const message = `evaluate ${init.name}`;
    this.#span = startEvalSpan(
      this.tracer,
      parent,
      SPAN_EXPERIMENT,
      SPAN_EXPERIMENT,
      message,
      values,
      this.#encoder,
    );
    this.#context = trace.setSpan(parent, this.#span);
    const ids = this.#span.spanContext();
    this.traceId = isSpanContextValid(ids) ? ids.traceId : undefined;
    this.spanId = isSpanContextValid(ids) ? ids.spanId : undefined;
  }

  /** The context cases start in (child spans of the experiment span). */
  get context(): Context {
    return this.#context;
  }

  startCase(item: WorkItem): OtelCaseProbe {
    return new OtelCaseProbe(this, item);
  }

  async runReportEvaluators(evaluators: readonly ReportEvaluator[], report: EvaluationReport): Promise<void> {
    for (const evaluator of evaluators) {
      const name = evaluator.evaluatorName;
      const values = { [ATTR_EVALUATOR_NAME]: name };
      const message = `Running report evaluator: ${name}`;
      const span = startEvalSpan(
        this.tracer,
        this.#context,
        SPAN_REPORT_EVALUATOR,
        MSG_REPORT_EVALUATOR,
        message,
        values,
        new AttributeEncoder(),
      );
      const failuresBefore = report.reportEvaluatorFailures.length;
      try {
        await context.with(trace.setSpan(this.#context, span), () =>
          runReportEvaluators([evaluator], report),
        );
      } catch (error) {
        recordError(span, error);
        throw error;
      } finally {
        // runReportEvaluators records a throw as a failure instead of rethrowing it.
        const failure = report.reportEvaluatorFailures[failuresBefore];
        if (failure) recordFailureMessage(span, failure.errorMessage, failure.errorStack);
        span.end();
      }
    }
  }

  end(report: EvaluationReport | undefined, error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    if (report) this.#span.setAttributes(this.#encoder.encode(this.#finalValues(report)));
    if (error !== undefined) recordError(this.#span, error);
    this.#span.end();
  }

  /** Set once the report is complete: pass rate, averages, analyses, report evaluator failures. */
  #finalValues(report: EvaluationReport): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    const experimentMetadata: Record<string, unknown> = {};
    if (this.#init.caseCount !== undefined) experimentMetadata.n_cases = this.#init.caseCount;
    if (this.#init.repeat > 1) experimentMetadata.repeat = this.#init.repeat;
    if (this.#init.metadata !== undefined) experimentMetadata.metadata = this.#init.metadata;
    const averages = report.averages();
    if (averages) {
      experimentMetadata.averages = aggregateToWire(averages);
      if (averages.assertions !== null) values[ATTR_ASSERTION_PASS_RATE] = averages.assertions;
    }
    values[EXPERIMENT_METADATA] = experimentMetadata;
    if (report.analyses.length > 0) values[EXPERIMENT_ANALYSES] = report.analyses;
    if (report.reportEvaluatorFailures.length > 0) {
      values[EXPERIMENT_REPORT_EVALUATOR_FAILURES] = report.reportEvaluatorFailures.map(failureToWire);
    }
    return values;
  }
}
