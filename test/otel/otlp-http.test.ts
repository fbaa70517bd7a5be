import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Dataset, EqualsExpected, ReportEvaluator } from 'typed-evals';
import { type SpanCaptureHandle, setupSpanCapture } from 'typed-evals/otel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A minimal OTLP/HTTP JSON collector on 127.0.0.1. */
interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: { key: string; value: Record<string, unknown> }[];
  status?: { code?: number };
}
const received: { path: string; contentType: string | undefined; spans: OtlpSpan[]; scopes: string[] }[] = [];
let server: Server;
let capture: SpanCaptureHandle;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const spans: OtlpSpan[] = [];
      const scopes: string[] = [];
      for (const resource of body.resourceSpans ?? []) {
        for (const scope of resource.scopeSpans ?? []) {
          scopes.push(scope.scope?.name);
          spans.push(...scope.spans);
        }
      }
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'], spans, scopes });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  capture = setupSpanCapture({
    exporters: [new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces` })],
  });
});

afterAll(async () => {
  await capture.shutdown();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const attr = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value === undefined ? undefined : Object.values(value)[0];
};

class Summary extends ReportEvaluator {
  evaluate() {
    return { type: 'scalar', title: 'summary', value: 1 };
  }
}

describe('OTLP/HTTP export', () => {
  it('sends the experiment, case, attempt and evaluator spans to a collector, with parents and attributes', async () => {
    const dataset = new Dataset<number, number>({
      name: 'doubling',
      cases: [
        { name: 'one', inputs: 1, expectedOutput: 2 },
        { name: 'two', inputs: 2, expectedOutput: 5 },
      ],
      evaluators: [new EqualsExpected()],
      reportEvaluators: [new Summary()],
    });
    const report = await dataset.evaluate(async function double(x: number) {
      return x * 2;
    });
    await capture.forceFlush();

    expect(received.length).toBeGreaterThan(0);
    expect(received.every((r) => r.path === '/v1/traces' && r.contentType === 'application/json')).toBe(true);
    expect(new Set(received.flatMap((r) => r.scopes))).toEqual(new Set(['pydantic-evals']));
    const spans = received.flatMap((r) => r.spans);
    const byName = (name: string) => spans.filter((s) => s.name === name);

    const [experiment] = byName('evaluate {name}');
    expect(experiment).toBeDefined();
    expect(experiment!.traceId).toBe(report.traceId);
    expect(experiment!.spanId).toBe(report.spanId);
    expect(experiment!.parentSpanId ?? '').toBe('');
    expect(attr(experiment!, 'name')).toBe('double');
    expect(attr(experiment!, 'dataset_name')).toBe('doubling');
    expect(attr(experiment!, 'gen_ai.operation.name')).toBe('experiment');
    expect(Number(attr(experiment!, 'n_cases'))).toBe(2);
    expect(attr(experiment!, 'assertion_pass_rate')).toBe(0.5);
    expect(JSON.parse(attr(experiment!, 'logfire.experiment.analyses') as string)).toEqual([
      { type: 'scalar', title: 'summary', value: 1 },
    ]);

    const cases = byName('case: {case_name}');
    expect(cases.map((s) => attr(s, 'case_name')).sort()).toEqual(['one', 'two']);
    for (const c of cases) {
      expect(c.parentSpanId).toBe(experiment!.spanId);
      expect(c.traceId).toBe(experiment!.traceId);
    }
    const one = cases.find((s) => attr(s, 'case_name') === 'one')!;
    expect(Number(attr(one, 'inputs'))).toBe(1);
    expect(Number(attr(one, 'output'))).toBe(2);
    expect(JSON.parse(attr(one, 'assertions') as string).EqualsExpected.value).toBe(true);
    expect(report.cases[0]!.spanId).toBe(one.spanId);

    const executes = byName('execute {task}');
    expect(executes.map((s) => s.parentSpanId).sort()).toEqual(cases.map((s) => s.spanId).sort());
    expect(executes.every((s) => attr(s, 'task') === 'double')).toBe(true);
    const evaluators = byName('evaluator: {evaluator_name}');
    expect(evaluators.map((s) => s.parentSpanId).sort()).toEqual(cases.map((s) => s.spanId).sort());
    expect(evaluators.every((s) => attr(s, 'evaluator_name') === 'EqualsExpected')).toBe(true);
    const [reportEvaluator] = byName('report_evaluator: {evaluator_name}');
    expect(reportEvaluator!.parentSpanId).toBe(experiment!.spanId);
    expect(attr(reportEvaluator!, 'evaluator_name')).toBe('Summary');
  });
});
