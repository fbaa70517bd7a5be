import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  type ReadableLogRecord,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { Contains, EvaluationReason, evaluator } from 'typed-evals';
import { OnlineEvalConfig, waitForEvaluations, withEvaluation } from 'typed-evals/online';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemorySink } from './helpers.js';

const exporter = new InMemoryLogRecordExporter();
const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
const tracerProvider = new BasicTracerProvider();
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(tracerProvider);
  logs.setGlobalLoggerProvider(loggerProvider);
});
afterAll(async () => {
  await loggerProvider.shutdown();
  logs.disable();
  trace.disable();
  context.disable();
});
beforeEach(() => exporter.reset());

const records = (): ReadableLogRecord[] => exporter.getFinishedLogRecords();
const config = () => new OnlineEvalConfig();

describe('gen_ai.evaluation.result events', () => {
  it('one event per result, with the pydantic-evals attributes and body', async () => {
    const fn = withEvaluation(async (q: string) => `answer to ${q}`, {
      target: 'support_bot',
      config: config(),
      evaluators: [
        evaluator('polite', () => new EvaluationReason(true, 'says please')),
        evaluator('failed_check', () => false),
        evaluator('quality', () => 0.75),
        evaluator('count', () => 3),
        evaluator('tone', () => "it's fine"),
        new Contains({ value: 'answer' }),
      ],
    });
    await fn('life');
    await waitForEvaluations();
    const byName = new Map(records().map((r) => [r.attributes['gen_ai.evaluation.name'], r]));
    expect(records()).toHaveLength(6);
    for (const r of records()) {
      expect(r.eventName).toBe('gen_ai.evaluation.result');
      expect(r.attributes['gen_ai.evaluation.target']).toBe('support_bot');
      expect(r.severityNumber).toBeUndefined();
      expect(r.instrumentationScope.name).toBe('typed-evals');
    }
    expect(byName.get('polite')!.attributes).toEqual({
      'gen_ai.evaluation.target': 'support_bot',
      'gen_ai.evaluation.name': 'polite',
      'gen_ai.evaluation.evaluator.source': '{"name":"polite","arguments":null}',
      'gen_ai.evaluation.score.value': 1,
      'gen_ai.evaluation.score.label': 'pass',
      'gen_ai.evaluation.explanation': 'says please',
    });
    expect(byName.get('polite')!.body).toBe('evaluation: polite=True');
    expect(byName.get('failed_check')!.attributes['gen_ai.evaluation.score.value']).toBe(0);
    expect(byName.get('failed_check')!.attributes['gen_ai.evaluation.score.label']).toBe('fail');
    expect(byName.get('failed_check')!.body).toBe('evaluation: failed_check=False');
    expect(byName.get('quality')!.attributes['gen_ai.evaluation.score.value']).toBe(0.75);
    expect(byName.get('quality')!.attributes).not.toHaveProperty('gen_ai.evaluation.score.label');
    expect(byName.get('quality')!.attributes).not.toHaveProperty('gen_ai.evaluation.explanation');
    expect(byName.get('quality')!.body).toBe('evaluation: quality=0.75');
    expect(byName.get('count')!.body).toBe('evaluation: count=3');
    expect(byName.get('tone')!.attributes['gen_ai.evaluation.score.label']).toBe("it's fine");
    expect(byName.get('tone')!.attributes).not.toHaveProperty('gen_ai.evaluation.score.value');
    expect(byName.get('tone')!.body).toBe('evaluation: tone="it\'s fine"');
    expect(byName.get('Contains')!.attributes['gen_ai.evaluation.evaluator.source']).toBe(
      '{"name":"Contains","arguments":["answer"]}',
    );
  });

  it('a failure is a WARN event with error.type and the message as explanation and body', async () => {
    const fn = withEvaluation((q: string) => q, {
      config: config(),
      evaluators: [
        evaluator('judge', () => {
          throw new RangeError('model unavailable');
        }),
      ],
    });
    fn('x');
    await waitForEvaluations();
    expect(records()).toHaveLength(1);
    const [event] = records();
    expect(event!.severityNumber).toBe(SeverityNumber.WARN);
    expect(event!.attributes).toEqual({
      'gen_ai.evaluation.target': 'anonymous',
      'gen_ai.evaluation.name': 'judge',
      'gen_ai.evaluation.evaluator.source': '{"name":"judge","arguments":null}',
      'error.type': 'RangeError',
      'gen_ai.evaluation.explanation': 'RangeError: model unavailable',
    });
    expect(event!.body).toBe('evaluation: judge failed: RangeError: model unavailable');
  });

  it('events are parented to the span active at call time and carry its baggage', async () => {
    const tracer = trace.getTracer('test');
    const fn = withEvaluation(async (q: string) => q, {
      config: config(),
      evaluators: [evaluator('ok', () => true)],
    });
    const bag = propagation.createBaggage({
      tenant: { value: 'acme' },
      'gen_ai.evaluation.name': { value: 'spoof' },
    });
    let spanId = '';
    let traceId = '';
    await context.with(propagation.setBaggage(context.active(), bag), () =>
      tracer.startActiveSpan('request', async (span) => {
        spanId = span.spanContext().spanId;
        traceId = span.spanContext().traceId;
        await fn('q');
        span.end();
      }),
    );
    await fn('no parent');
    await waitForEvaluations();
    const [inSpan, outside] = records();
    expect(inSpan!.spanContext).toMatchObject({ spanId, traceId });
    expect(inSpan!.attributes.tenant).toBe('acme');
    expect(inSpan!.attributes['gen_ai.evaluation.name']).toBe('ok');
    expect(outside!.spanContext).toBeUndefined();
    expect(outside!.attributes).not.toHaveProperty('tenant');
  });

  it('sinks get the span reference; includeBaggage: false leaves baggage out', async () => {
    const sink = new MemorySink();
    const fn = withEvaluation((q: string) => q, {
      config: new OnlineEvalConfig({ includeBaggage: false, defaultSink: sink }),
      evaluators: [evaluator('ok', () => true)],
    });
    const bag = propagation.createBaggage({ tenant: { value: 'acme' } });
    let spanId = '';
    context.with(propagation.setBaggage(ROOT_CONTEXT, bag), () =>
      trace.getTracer('test').startActiveSpan('request', (span) => {
        spanId = span.spanContext().spanId;
        fn('q');
        span.end();
      }),
    );
    await waitForEvaluations();
    expect(sink.payloads[0]!.spanReference).toMatchObject({ spanId });
    expect(records()[0]!.attributes).not.toHaveProperty('tenant');
  });

  it('emitOtelEvents: false emits nothing', async () => {
    const sink = new MemorySink();
    const fn = withEvaluation((q: string) => q, {
      config: new OnlineEvalConfig({ emitOtelEvents: false, defaultSink: sink }),
      evaluators: [evaluator('ok', () => true)],
    });
    fn('q');
    await waitForEvaluations();
    expect(sink.payloads).toHaveLength(1);
    expect(records()).toHaveLength(0);
  });

  it('an emission error goes to onError with location otel', async () => {
    const locations: string[] = [];
    const fn = withEvaluation((q: string) => q, {
      config: new OnlineEvalConfig({ onError: (_e, _c, _ev, location) => void locations.push(location) }),
      evaluators: [evaluator('ok', () => true)],
    });
    const original = logs.getLogger;
    logs.getLogger = (() => ({
      emit: () => {
        throw new Error('exporter down');
      },
    })) as unknown as typeof logs.getLogger;
    try {
      fn('q');
      await waitForEvaluations();
    } finally {
      logs.getLogger = original;
    }
    expect(locations).toEqual(['otel']);
  });
});
