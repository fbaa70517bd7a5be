/**
 * W1-otel: W1 (100k cases, sync task x => x*2, evaluators EqualsExpected, IsInstance('number') and one
 * custom score, unlimited concurrency, progress off) with a real OpenTelemetry SDK set up: span capture
 * for every attempt, and every span (experiment, case, attempt, evaluator) exported to a no-op exporter.
 * Compare with W1 to see what tracing costs per case.
 *
 *   --processor simple   (default) a SimpleSpanProcessor: each span exported as it ends (worst case)
 *   --processor batch    a BatchSpanProcessor, as setupSpanCapture({ exporters }) sets up
 */
import { type ReadableSpan, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { setupSpanCapture } from 'typed-evals/otel';
import { emit, flag, peakRssMb, textFlag, w1Dataset } from './common.js';

/** Counts spans and drops them. */
class NoopExporter implements SpanExporter {
  spans = 0;
  export(spans: ReadableSpan[], done: (result: { code: number }) => void): void {
    this.spans += spans.length;
    done({ code: 0 }); // ExportResultCode.SUCCESS (from @opentelemetry/core, not a direct dependency)
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const n = flag('n', 100_000);
const exporter = new NoopExporter();
const batch = textFlag('processor', 'simple') === 'batch';
const capture = setupSpanCapture(
  batch ? { exporters: [exporter] } : { spanProcessors: [new SimpleSpanProcessor(exporter)] },
);
const dataset = w1Dataset(n);

const start = performance.now();
const report = await dataset.evaluate((x: number) => x * 2, { progress: false });
const seconds = (performance.now() - start) / 1000;
await capture.shutdown();
if (report.cases.length !== n || report.averages()?.assertions !== 1)
  throw new Error('otel-overhead: wrong results');
// Per case: case, execute and three evaluator spans; plus the experiment span (a batch processor may drop some).
if (!batch && exporter.spans !== n * 5 + 1)
  throw new Error(`otel-overhead: exported ${exporter.spans} spans, expected ${n * 5 + 1}`);
emit({ workload: 'W1-otel', cases: n, seconds, casesPerSecond: n / seconds, peakRssMb: peakRssMb() });
