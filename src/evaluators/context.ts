import { SpanTreeRecordingError } from '../errors.js';

/** What an evaluator sees of one case run. */
export interface EvaluatorContext<Inputs = any, Output = any, Metadata = any> {
  /** The case's own name (undefined for unnamed cases; the original name for repeated runs). */
  name: string | undefined;
  inputs: Inputs;
  metadata: Metadata | undefined;
  expectedOutput: Output | undefined;
  output: Output;
  /** Task duration of the successful attempt, in seconds. */
  duration: number;
  attributes: Record<string, unknown>;
  metrics: Record<string, number>;
  /** Spans the task emitted; throws a SpanTreeRecordingError that says how to enable capture. */
  readonly spanTree: unknown;
  /** Aborts when the experiment is aborted, so slow evaluators (LLM judges) can stop early. */
  readonly signal?: AbortSignal;
}

/** Kept in step with NO_SDK_MESSAGE in src/otel/messages.ts (this module must not import OTel code). */
const NO_SPANS_MESSAGE =
  'Spans were not captured for this case: no OpenTelemetry tracer provider is registered. ' +
  "Call setupSpanCapture() from 'typed-evals/otel' before running the evaluation, or, if you register " +
  "your own tracer provider, add spanCaptureProcessor() from 'typed-evals/otel' to its spanProcessors.";

/** The engine's EvaluatorContext: a class so `spanTree` is a prototype getter, not a per-case closure. */
export class CaseEvaluatorContext<Inputs = any, Output = any, Metadata = any>
  implements EvaluatorContext<Inputs, Output, Metadata>
{
  name: string | undefined;
  inputs: Inputs;
  metadata: Metadata | undefined;
  expectedOutput: Output | undefined;
  output: Output;
  duration: number;
  attributes: Record<string, unknown>;
  metrics: Record<string, number>;
  /** A SpanTree, or the error to throw when it is read. */
  spanTreeOrError: unknown;
  signal: AbortSignal | undefined;

  /** Positional on purpose: the engine builds one per case and an options object would be garbage. */
  constructor(
    name: string | undefined,
    inputs: Inputs,
    metadata: Metadata | undefined,
    expectedOutput: Output | undefined,
    output: Output,
    duration: number,
    attributes: Record<string, unknown>,
    metrics: Record<string, number>,
    spanTree?: unknown,
    signal?: AbortSignal,
  ) {
    this.name = name;
    this.inputs = inputs;
    this.metadata = metadata;
    this.expectedOutput = expectedOutput;
    this.output = output;
    this.duration = duration;
    this.attributes = attributes;
    this.metrics = metrics;
    this.spanTreeOrError = spanTree;
    this.signal = signal;
  }

  get spanTree(): unknown {
    const value = this.spanTreeOrError;
    if (value === undefined) throw new SpanTreeRecordingError(NO_SPANS_MESSAGE);
    if (value instanceof Error) throw value;
    return value;
  }
}
