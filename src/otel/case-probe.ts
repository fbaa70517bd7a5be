import { type Context, context, type Span, trace } from '@opentelemetry/api';
import { SpanTreeRecordingError } from '../errors.js';
import type { Evaluator } from '../evaluators/evaluator.js';
import { type CaseResult, isCaseFailure } from '../report/model.js';
import type { AttemptProbe, CaseProbe } from '../runner/instrumentation.js';
import type { WorkItem } from '../runner/types.js';
import { isThenable } from '../util/thenable.js';
import { AttributeEncoder } from './attributes.js';
import { CAPTURE_KEY, captureSawStart, SpanCollector } from './capture.js';
import {
  ATTR_ASSERTIONS,
  ATTR_ATTRIBUTES,
  ATTR_CASE_NAME,
  ATTR_EVALUATOR_NAME,
  ATTR_EXPECTED_OUTPUT,
  ATTR_INPUTS,
  ATTR_LABELS,
  ATTR_METADATA,
  ATTR_METRICS,
  ATTR_OUTPUT,
  ATTR_SCORES,
  ATTR_TASK,
  ATTR_TASK_DURATION,
  ATTR_TASK_NAME,
  EXPERIMENT_SOURCE_CASE_NAME,
  MSG_EVALUATOR,
  SPAN_CASE,
  SPAN_EVALUATOR,
  SPAN_EXECUTE,
} from './constants.js';
import type { OtelExperiment } from './experiment.js';
import { NO_CAPTURE_PROCESSOR_MESSAGE, NOT_SAMPLED_MESSAGE } from './messages.js';
import { extractGenAiMetrics } from './metrics.js';
import { SpanTree } from './span-tree.js';
import { recordError, recordFailureMessage, startEvalSpan } from './spans.js';
import { resultsToWire } from './wire.js';

/** The `case: {case_name}` span of one case run, and the spans of its attempts and evaluator calls. */
export class OtelCaseProbe implements CaseProbe {
  readonly #experiment: OtelExperiment;
  readonly #span: Span;
  readonly #context: Context;
  readonly #encoder = new AttributeEncoder();

  constructor(experiment: OtelExperiment, item: WorkItem) {
    this.#experiment = experiment;
    const c = item.case;
    const values: Record<string, unknown> = {
      [ATTR_TASK_NAME]: experiment.taskName,
      [ATTR_CASE_NAME]: item.caseName,
      [ATTR_INPUTS]: c.inputs,
    };
    if (c.metadata !== undefined) values[ATTR_METADATA] = c.metadata;
    if (c.expectedOutput !== undefined) values[ATTR_EXPECTED_OUTPUT] = c.expectedOutput;
    if (item.sourceCaseName !== undefined) values[EXPERIMENT_SOURCE_CASE_NAME] = item.sourceCaseName;
    const message = `case: ${item.caseName}`;
    this.#span = startEvalSpan(
      experiment.tracer,
      experiment.context,
      SPAN_CASE,
      SPAN_CASE,
      message,
      values,
      this.#encoder,
    );
    this.#context = trace.setSpan(experiment.context, this.#span);
  }

  wrap<T>(fn: () => T): T {
    return context.with(this.#context, fn);
  }

  startAttempt(_attempt: number): AttemptProbe {
    return new OtelAttemptProbe(this.#experiment, this.#context);
  }

  wrapEvaluator<T>(evaluator: Evaluator, fn: () => T): T {
    const name = evaluator.evaluationName;
    const { tracer } = this.#experiment;
    const message = `Calling evaluator: ${name}`;
    const values = { [ATTR_EVALUATOR_NAME]: name };
    const span = startEvalSpan(
      tracer,
      this.#context,
      SPAN_EVALUATOR,
      MSG_EVALUATOR,
      message,
      values,
      new AttributeEncoder(),
    );
    let result: T;
    try {
      result = context.with(trace.setSpan(this.#context, span), fn);
    } catch (error) {
      recordError(span, error);
      span.end();
      throw error;
    }
    if (!isThenable(result)) {
      span.end();
      return result;
    }
    return Promise.resolve(result).then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        recordError(span, error);
        span.end();
        throw error;
      },
    ) as T;
  }

  end(result: CaseResult): { traceId: string; spanId: string } {
    const span = this.#span;
    if (isCaseFailure(result)) recordFailureMessage(span, result.errorMessage, result.errorStack);
    else {
      span.setAttributes(
        this.#encoder.encode({
          [ATTR_OUTPUT]: result.output,
          [ATTR_TASK_DURATION]: result.taskDuration,
          [ATTR_METRICS]: result.metrics,
          [ATTR_ATTRIBUTES]: result.attributes,
          [ATTR_ASSERTIONS]: resultsToWire(result.assertions),
          [ATTR_SCORES]: resultsToWire(result.scores),
          [ATTR_LABELS]: resultsToWire(result.labels),
        }),
      );
    }
    // A teardown error leaves the case standing; the span keeps it as an exception event.
    if (result.teardownError !== undefined)
      span.recordException({ name: 'TeardownError', message: result.teardownError });
    span.end();
    const { traceId, spanId } = span.spanContext();
    return { traceId, spanId };
  }
}

/** The `execute {task}` span of one attempt, and the capture of the spans the task emits under it. */
class OtelAttemptProbe implements AttemptProbe {
  readonly #span: Span;
  readonly #context: Context;
  readonly #collector: SpanCollector | undefined;
  readonly #problem: string | undefined;

  constructor(experiment: OtelExperiment, caseContext: Context) {
    const { tracer, taskName } = experiment;
    const values = { [ATTR_TASK]: taskName };
    this.#span = startEvalSpan(
      tracer,
      caseContext,
      SPAN_EXECUTE,
      SPAN_EXECUTE,
      `execute ${taskName}`,
      values,
      new AttributeEncoder(),
    );
    // A capture processor on the provider sees every recording span start, this one included.
    this.#problem =
      experiment.captureProblem ??
      (!this.#span.isRecording()
        ? NOT_SAMPLED_MESSAGE
        : captureSawStart(this.#span)
          ? undefined
          : NO_CAPTURE_PROCESSOR_MESSAGE);
    let attemptContext = trace.setSpan(caseContext, this.#span);
    if (this.#problem === undefined) {
      this.#collector = new SpanCollector();
      attemptContext = attemptContext.setValue(CAPTURE_KEY, this.#collector);
    }
    this.#context = attemptContext;
  }

  wrap<T>(fn: () => T): T {
    return context.with(this.#context, fn);
  }

  /** Called with the error when the attempt failed (a task may throw `undefined`, hence the rest parameter). */
  end(...failed: [error?: unknown]): { spanTree: unknown; metrics?: Record<string, number> } {
    const spans = this.#collector?.close();
    if (failed.length > 0) {
      recordError(this.#span, failed[0]);
      this.#span.end();
      return { spanTree: undefined };
    }
    this.#span.end();
    if (this.#problem !== undefined) return { spanTree: new SpanTreeRecordingError(this.#problem) };
    const tree = SpanTree.fromReadableSpans(spans!);
    return { spanTree: tree, metrics: extractGenAiMetrics(tree) };
  }
}
