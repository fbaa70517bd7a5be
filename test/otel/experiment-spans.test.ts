import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  Dataset,
  EqualsExpected,
  evaluator,
  incrementEvalMetric,
  ReportEvaluator,
  setEvalAttribute,
} from 'typed-evals';
import {
  HasMatchingSpan,
  MaxToolCalls,
  type SpanCaptureHandle,
  type SpanTree,
  setupSpanCapture,
  ToolCorrectness,
} from 'typed-evals/otel';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { idOf, jsonAttr, named, one, parentOf, sleep } from './sdk.js';

const exporter = new InMemorySpanExporter();
let capture: SpanCaptureHandle;
beforeAll(() => {
  capture = setupSpanCapture({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
});
afterAll(() => capture.shutdown());
beforeEach(() => exporter.reset());

const tracer = () => trace.getTracer('user-code');

class CountCases extends ReportEvaluator {
  evaluate(ctx: { report: { cases: unknown[] } }) {
    return { type: 'scalar', title: 'cases', value: ctx.report.cases.length };
  }
}
class Broken extends ReportEvaluator {
  evaluate(): never {
    throw new RangeError('report evaluator broke');
  }
}

describe('experiment spans (real SDK, in-memory exporter)', () => {
  it('emits evaluate / case / execute / evaluator / report_evaluator spans with pydantic-evals names, parents and attributes', async () => {
    const trees: SpanTree[] = [];
    const dataset = new Dataset<{ q: string }, string, { lang: string }>({
      name: 'capitals',
      cases: [
        { name: 'fr', inputs: { q: 'France' }, expectedOutput: 'Paris', metadata: { lang: 'fr' } },
        { name: 'it', inputs: { q: 'Italy' }, expectedOutput: 'Rome' },
      ],
      evaluators: [
        new EqualsExpected(),
        evaluator('tree', (ctx) => {
          trees.push(ctx.spanTree as SpanTree);
          return ctx.output.length;
        }),
      ],
      reportEvaluators: [new CountCases(), new Broken()],
    });
    async function answer(inputs: { q: string }) {
      return tracer().startActiveSpan('lookup', async (span) => {
        await sleep(2);
        tracer().startSpan('cache read').end();
        setEvalAttribute('country', inputs.q);
        incrementEvalMetric('lookups', 1);
        span.end();
        return inputs.q === 'France' ? 'Paris' : 'Milan';
      });
    }
    const report = await dataset.evaluate(answer, { name: 'exp-1', metadata: { model: 'm1' } });
    const spans = exporter.getFinishedSpans();

    const experiment = one(spans, 'evaluate {name}');
    expect(parentOf(experiment)).toBeUndefined();
    expect(experiment.instrumentationScope.name).toBe('pydantic-evals');
    expect(experiment.attributes).toMatchObject({
      name: 'exp-1',
      task_name: 'answer',
      dataset_name: 'capitals',
      n_cases: 2,
      'gen_ai.operation.name': 'experiment',
      'logfire.msg_template': 'evaluate {name}',
      'logfire.msg': 'evaluate exp-1',
      'logfire.span_type': 'span',
      assertion_pass_rate: 0.5,
    });
    expect(jsonAttr(experiment, 'metadata')).toEqual({ model: 'm1' });
    expect(experiment.attributes['logfire.experiment.repeat']).toBeUndefined();
    const experimentMetadata = jsonAttr(experiment, 'logfire.experiment.metadata') as Record<string, any>;
    expect(experimentMetadata).toMatchObject({ n_cases: 2, metadata: { model: 'm1' } });
    expect(experimentMetadata.averages).toMatchObject({
      name: 'Averages',
      assertions: 0.5,
      metrics: { lookups: 1 },
    });
    expect(experimentMetadata.averages.task_duration).toBeGreaterThan(0);
    expect(jsonAttr(experiment, 'logfire.experiment.analyses')).toEqual([
      { type: 'scalar', title: 'cases', value: 2 },
    ]);
    expect(jsonAttr(experiment, 'logfire.experiment.report_evaluator_failures')).toMatchObject([
      {
        name: 'Broken',
        error_message: 'RangeError: report evaluator broke',
        source: { name: 'Broken', arguments: null },
      },
    ]);
    const schema = jsonAttr(experiment, 'logfire.json_schema') as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties).sort()).toEqual([
      'logfire.experiment.analyses',
      'logfire.experiment.metadata',
      'logfire.experiment.report_evaluator_failures',
      'metadata',
    ]);
    expect(report.traceId).toBe(experiment.spanContext().traceId);
    expect(report.spanId).toBe(idOf(experiment));

    const cases = named(spans, 'case: {case_name}');
    expect(cases.map((s) => s.attributes.case_name)).toEqual(
      ['fr', 'it'].filter((n) => cases.some((s) => s.attributes.case_name === n)),
    );
    expect(cases).toHaveLength(2);
    const fr = cases.find((s) => s.attributes.case_name === 'fr')!;
    expect(parentOf(fr)).toBe(idOf(experiment));
    expect(fr.attributes).toMatchObject({
      task_name: 'answer',
      case_name: 'fr',
      output: 'Paris',
      expected_output: 'Paris',
      'logfire.msg': 'case: fr',
    });
    expect(jsonAttr(fr, 'inputs')).toEqual({ q: 'France' });
    expect(jsonAttr(fr, 'metadata')).toEqual({ lang: 'fr' });
    expect(jsonAttr(fr, 'metrics')).toEqual({ lookups: 1 });
    expect(jsonAttr(fr, 'attributes')).toEqual({ country: 'France' });
    expect(jsonAttr(fr, 'assertions')).toEqual({
      EqualsExpected: {
        name: 'EqualsExpected',
        value: true,
        reason: null,
        source: { name: 'EqualsExpected', arguments: null },
        evaluator_version: null,
      },
    });
    expect(jsonAttr(fr, 'scores')).toMatchObject({ tree: { name: 'tree', value: 5 } });
    expect(jsonAttr(fr, 'labels')).toEqual({});
    expect(fr.attributes.task_duration).toBeGreaterThan(0);
    const itCase = cases.find((s) => s.attributes.case_name === 'it')!;
    expect(itCase.attributes.metadata).toBeUndefined();
    expect(report.cases.map((c) => [c.name, c.traceId, c.spanId])).toEqual([
      ['fr', experiment.spanContext().traceId, idOf(fr)],
      ['it', experiment.spanContext().traceId, idOf(itCase)],
    ]);

    const executes = named(spans, 'execute {task}');
    expect(executes).toHaveLength(2);
    expect(executes.map(parentOf).sort()).toEqual([idOf(fr), idOf(itCase)].sort());
    expect(executes[0]!.attributes).toMatchObject({ task: 'answer', 'logfire.msg': 'execute answer' });

    const evaluatorSpans = named(spans, 'evaluator: {evaluator_name}');
    expect(evaluatorSpans).toHaveLength(4);
    expect(
      evaluatorSpans
        .filter((s) => parentOf(s) === idOf(fr))
        .map((s) => s.attributes.evaluator_name)
        .sort(),
    ).toEqual(['EqualsExpected', 'tree']);
    expect(evaluatorSpans[0]!.attributes['logfire.msg_template']).toBe('Calling evaluator: {evaluator_name}');

    const reportEvaluators = named(spans, 'report_evaluator: {evaluator_name}');
    expect(reportEvaluators.map((s) => [s.attributes.evaluator_name, parentOf(s), s.status.code])).toEqual([
      ['CountCases', idOf(experiment), 0],
      ['Broken', idOf(experiment), 2],
    ]);
    expect(reportEvaluators[1]!.events[0]).toMatchObject({
      name: 'exception',
      attributes: { 'exception.type': 'RangeError', 'exception.message': 'report evaluator broke' },
    });

    // The task's own spans: children of its execute span, and the case's span tree (without the execute span).
    const lookups = named(spans, 'lookup');
    expect(lookups.map(parentOf).sort()).toEqual(executes.map(idOf).sort());
    expect(trees).toHaveLength(2);
    for (const tree of trees) {
      expect(String(tree)).toBe('<SpanTree num_roots=1 total_spans=2 />');
      expect(tree.roots[0]!.name).toBe('lookup');
      expect(tree.roots[0]!.children.map((n) => n.name)).toEqual(['cache read']);
    }
  });

  it("keeps concurrent cases' span trees separate", async () => {
    const seen = new Map<string, string[]>();
    const dataset = new Dataset<number, number>({
      name: 'concurrent',
      cases: Array.from({ length: 30 }, (_, i) => ({ name: `c${i}`, inputs: i })),
      evaluators: [
        evaluator('names', (ctx) => {
          seen.set(
            ctx.name!,
            [...(ctx.spanTree as SpanTree)].map((n) => n.name),
          );
          return true;
        }),
      ],
    });
    const task = async (i: number) => {
      await sleep((i * 7) % 5);
      await tracer().startActiveSpan(`work ${i}`, async (span) => {
        await Promise.all(
          [1, 2].map((k) =>
            tracer().startActiveSpan(`part ${i}.${k}`, async (s) => {
              await sleep((i + k) % 3);
              s.end();
            }),
          ),
        );
        span.end();
      });
      return i;
    };
    const report = await dataset.evaluate(task, { maxConcurrency: 10 });
    expect(report.failures).toEqual([]);
    for (let i = 0; i < 30; i++) {
      expect(seen.get(`c${i}`)).toEqual([`work ${i}`, `part ${i}.1`, `part ${i}.2`]);
    }
  });

  it('captures the spans of sync tasks', async () => {
    const dataset = new Dataset<number, number>({
      name: 'sync',
      cases: [{ inputs: 1 }, { inputs: 2 }],
      evaluators: [
        new HasMatchingSpan({
          query: { nameEquals: 'sync work', hasAttributes: { n: 2 } },
          evaluationName: 'saw_two',
        }),
      ],
    });
    const report = await dataset.evaluate((n: number) => {
      tracer().startSpan('sync work', { attributes: { n } }).end();
      return n;
    });
    expect(report.cases.map((c) => c.assertions.saw_two?.value)).toEqual([false, true]);
  });

  it('records a failing attempt on its execute span and the failure on the case span; a retry gets a fresh tree', async () => {
    const trees: string[][] = [];
    let calls = 0;
    const dataset = new Dataset<string, string>({
      name: 'failing',
      cases: [
        { name: 'flaky', inputs: 'flaky' },
        { name: 'broken', inputs: 'broken' },
      ],
      evaluators: [
        evaluator('tree', (ctx) => {
          trees.push([...(ctx.spanTree as SpanTree)].map((n) => n.name));
          return true;
        }),
      ],
    });
    const report = await dataset.evaluate(
      async function flakyTask(input: string) {
        const attempt = input === 'flaky' ? ++calls : 0;
        tracer().startSpan(`attempt ${attempt}`).end();
        if (input === 'broken') throw new TypeError('always broken');
        if (attempt === 1) throw new Error('first attempt fails');
        return 'ok';
      },
      { retryTask: { retries: 1, minDelayMs: 0, jitter: false } },
    );
    expect(report.cases.map((c) => c.name)).toEqual(['flaky']);
    expect(trees).toEqual([['attempt 2']]);
    const spans = exporter.getFinishedSpans();
    const flakyCase = named(spans, 'case: {case_name}').find((s) => s.attributes.case_name === 'flaky')!;
    const flakyAttempts = named(spans, 'execute {task}').filter((s) => parentOf(s) === idOf(flakyCase));
    expect(flakyAttempts.map((s) => s.status.code)).toEqual([2, 0]);
    expect(flakyAttempts[0]!.events[0]!.attributes).toMatchObject({
      'exception.type': 'Error',
      'exception.message': 'first attempt fails',
    });
    const broken = named(spans, 'case: {case_name}').find((s) => s.attributes.case_name === 'broken')!;
    expect(broken.status).toEqual({ code: 2, message: 'TypeError: always broken' });
    expect(broken.events[0]!.attributes).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': 'always broken',
    });
    expect(broken.attributes.output).toBeUndefined();
    expect(report.failures[0]!.spanId).toBe(idOf(broken));
  });

  it('records a throwing evaluator on its span; agentic evaluators read real tool spans', async () => {
    const dataset = new Dataset<string, string>({
      name: 'tools',
      cases: [{ inputs: 'x' }],
      evaluators: [
        new ToolCorrectness({ expectedTools: ['search', 'fetch'] }),
        new MaxToolCalls({ maxCalls: 1 }),
        evaluator('bad', async () => {
          throw new Error('evaluator broke');
        }),
      ],
    });
    const report = await dataset.evaluate(async (input: string) => {
      for (const tool of ['search', 'fetch']) {
        tracer()
          .startSpan(`execute_tool ${tool}`, {
            attributes: { 'gen_ai.tool.name': tool, 'gen_ai.operation.name': 'execute_tool' },
          })
          .end();
      }
      return input;
    });
    const c = report.cases[0]!;
    expect(c.assertions.ToolCorrectness?.value).toBe(true);
    expect(c.assertions.MaxToolCalls).toMatchObject({ value: false, reason: '2 tool call(s), budget=1' });
    expect(c.evaluatorFailures.map((f) => f.errorMessage)).toEqual(['Error: evaluator broke']);
    const bad = named(exporter.getFinishedSpans(), 'evaluator: {evaluator_name}').find(
      (s) => s.attributes.evaluator_name === 'bad',
    )!;
    expect(bad.status.code).toBe(2);
  });

  it('turns GenAI spans into case metrics (requests, tokens, cost) and marks repeats', async () => {
    const dataset = new Dataset<string, string>({ name: 'genai', cases: [{ name: 'q', inputs: 'x' }] });
    const report = await dataset.evaluate(
      async (input: string) => {
        for (const tokens of [10, 20]) {
          const span = tracer().startSpan('chat gpt-4o', {
            attributes: {
              'gen_ai.request.model': 'gpt-4o',
              'gen_ai.operation.name': 'chat',
              'gen_ai.usage.input_tokens': tokens,
              'gen_ai.usage.output_tokens': 5,
              'gen_ai.usage.details.reasoning_tokens': 1,
              'operation.cost': 0.25,
            },
          });
          span.end();
        }
        tracer()
          .startSpan('not a model call', { attributes: { 'gen_ai.usage.input_tokens': 1000 } })
          .end();
        incrementEvalMetric('requests', 1);
        return input;
      },
      { repeat: 2 },
    );
    expect(report.cases.map((c) => c.metrics)).toEqual([
      { requests: 3, input_tokens: 30, output_tokens: 10, reasoning_tokens: 2, cost: 0.5 },
      { requests: 3, input_tokens: 30, output_tokens: 10, reasoning_tokens: 2, cost: 0.5 },
    ]);
    const spans = exporter.getFinishedSpans();
    expect(one(spans, 'evaluate {name}').attributes['logfire.experiment.repeat']).toBe(2);
    expect(
      named(spans, 'case: {case_name}').map((s) => s.attributes['logfire.experiment.source_case_name']),
    ).toEqual(['q', 'q']);
  });

  it('never puts API keys or Authorization headers in attributes', async () => {
    const dataset = new Dataset<Record<string, unknown>, unknown>({
      name: 'secrets',
      cases: [
        {
          inputs: {
            prompt: 'hi',
            apiKey: 'sk-live-0123456789abcdefghij',
            headers: { Authorization: 'Bearer abc.def.ghi', 'x-api-key': 'k-123' },
            nested: [{ password: 'hunter2', input_tokens: 5 }],
          },
          metadata: { openaiApiKey: 'whatever-secret' },
        },
      ],
    });
    await dataset.evaluate(() => ({ token: 'Bearer zzzzzzzzzzzz', access_token: 'abc' }));
    const span = one(exporter.getFinishedSpans(), 'case: {case_name}');
    const text = JSON.stringify(span.attributes);
    for (const secret of ['sk-live', 'abc.def', 'k-123', 'hunter2', 'whatever-secret', 'zzzz', '"abc"']) {
      expect(text).not.toContain(secret);
    }
    expect(jsonAttr(span, 'inputs')).toEqual({
      prompt: 'hi',
      apiKey: '[Scrubbed]',
      headers: { Authorization: '[Scrubbed]', 'x-api-key': '[Scrubbed]' },
      nested: [{ password: '[Scrubbed]', input_tokens: 5 }],
    });
  });

  it('encodes values that JSON cannot hold, and null outputs', async () => {
    const cyclic: Record<string, unknown> = { when: new Date(0), big: 10n, tags: new Set(['a']) };
    cyclic.self = cyclic;
    const dataset = new Dataset<unknown, unknown>({ name: 'odd', cases: [{ name: 'odd', inputs: cyclic }] });
    await dataset.evaluate(() => null);
    const span = one(exporter.getFinishedSpans(), 'case: {case_name}');
    expect(jsonAttr(span, 'inputs')).toEqual({
      when: '1970-01-01T00:00:00.000Z',
      big: '10',
      tags: ['a'],
      self: '[Circular]',
    });
    expect(span.attributes.output).toBeUndefined();
    expect(span.attributes['logfire.null_args']).toEqual(['output']);
  });
});
