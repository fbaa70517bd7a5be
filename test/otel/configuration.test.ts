import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Dataset, evaluator, SpanTreeRecordingError } from 'typed-evals';
import {
  HasMatchingSpan,
  type SpanTree,
  setupSpanCapture,
  spanCaptureProcessor,
  ToolCorrectness,
} from 'typed-evals/otel';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(() => {
  trace.disable();
  context.disable();
});

/** Runs one case whose task emits a span; returns what the evaluators saw and reported. */
async function runOne() {
  let error: unknown;
  let tree: SpanTree | undefined;
  const dataset = new Dataset<string, string>({
    name: 'config',
    cases: [{ name: 'c', inputs: 'x' }],
    evaluators: [
      evaluator('probe', (ctx) => {
        try {
          tree = ctx.spanTree as SpanTree;
        } catch (e) {
          error = e;
        }
        return true;
      }),
      new HasMatchingSpan({ query: { nameEquals: 'work' } }),
      new ToolCorrectness({ expectedTools: [] }),
    ],
  });
  const report = await dataset.evaluate(async (input: string) => {
    trace.getTracer('user').startSpan('work').end();
    return input;
  });
  const c = report.cases[0]!;
  return {
    report,
    error,
    tree,
    failures: c.evaluatorFailures,
    toolCorrectness: c.assertions.ToolCorrectness,
  };
}

function registerProvider(
  processors: ConstructorParameters<typeof BasicTracerProvider>[0],
  withContext = true,
) {
  trace.setGlobalTracerProvider(new BasicTracerProvider(processors));
  if (withContext) context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

describe('span capture configuration', () => {
  it('without any SDK: nothing is traced; ctx.spanTree throws how to enable capture; HasMatchingSpan fails with it', async () => {
    const { report, error, failures, toolCorrectness } = await runOne();
    expect(report.traceId).toBeUndefined();
    expect(report.cases[0]!.spanId).toBeUndefined();
    expect(error).toBeInstanceOf(SpanTreeRecordingError);
    expect((error as Error).message).toContain("'typed-evals/otel'");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ name: 'HasMatchingSpan', errorType: 'SpanTreeRecordingError' });
    expect(failures[0]!.errorMessage).toBe(`SpanTreeRecordingError: ${(error as Error).message}`);
    expect(toolCorrectness).toMatchObject({
      value: false,
      reason: `No span tree available — ${(error as Error).message}`,
    });
  });

  it('a provider without the capture processor: experiment spans are exported, ctx.spanTree says to add spanCaptureProcessor()', async () => {
    const exporter = new InMemorySpanExporter();
    registerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const { report, error, failures } = await runOne();
    expect(report.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toContain('evaluate {name}');
    expect(error).toBeInstanceOf(SpanTreeRecordingError);
    expect((error as Error).message).toContain('has no span capture processor. Add spanCaptureProcessor()');
    expect(failures[0]!.errorMessage).toContain('spanCaptureProcessor()');
  });

  it('your own provider with spanCaptureProcessor() captures spans', async () => {
    registerProvider({ spanProcessors: [spanCaptureProcessor(), spanCaptureProcessor()] });
    const { error, tree, failures } = await runOne();
    expect(error).toBeUndefined();
    // Two capture processors on one provider do not capture a span twice.
    expect([...tree!].map((n) => n.name)).toEqual(['work']);
    expect(failures).toEqual([]);
  });

  it('without a context manager, ctx.spanTree says to register one', async () => {
    registerProvider({ spanProcessors: [spanCaptureProcessor()] }, false);
    const { error } = await runOne();
    expect((error as Error).message).toContain('no OpenTelemetry context manager is registered');
  });

  it('when the sampler drops spans, ctx.spanTree says so', async () => {
    registerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [spanCaptureProcessor()] });
    const { report, error } = await runOne();
    expect(report.cases).toHaveLength(1);
    expect((error as Error).message).toContain('sampler dropped');
  });

  it('setupSpanCapture refuses to replace a registered provider, and shutdown unregisters', async () => {
    const handle = setupSpanCapture();
    expect(() => setupSpanCapture()).toThrow(/already registered. Add spanCaptureProcessor\(\)/);
    expect((await runOne()).tree).toBeDefined();
    await handle.shutdown();
    await handle.shutdown();
    expect((await runOne()).error).toBeInstanceOf(SpanTreeRecordingError);
    await setupSpanCapture().shutdown();
  });
});
