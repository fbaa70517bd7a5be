import { evaluator } from 'typed-evals';
import { OnlineEvalConfig, waitForEvaluations, withEvaluation } from 'typed-evals/online';
import { expect, it, vi } from 'vitest';
import { MemorySink } from './helpers.js';

// As if the optional package were not installed.
vi.mock('@opentelemetry/api-logs', () => {
  throw new Error("Cannot find package '@opentelemetry/api-logs'");
});

it('without @opentelemetry/api-logs, results still reach sinks and a missing destination is reported once', async () => {
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const sink = new MemorySink();
    const withSink = withEvaluation((x: number) => x, {
      evaluators: [evaluator('ok', () => true)],
      config: new OnlineEvalConfig({ defaultSink: sink }),
    });
    const withoutSink = withEvaluation((x: number) => x, {
      evaluators: [evaluator('ok', () => true)],
      config: new OnlineEvalConfig(),
    });
    expect(withSink(1)).toBe(1);
    expect(withoutSink(2)).toBe(2);
    expect(withoutSink(3)).toBe(3);
    expect(await waitForEvaluations()).toBe(true);
    expect(sink.payloads).toHaveLength(1);
    const lines = stderr.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('api-logs'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/not installed; install it or pass a sink/);
  } finally {
    stderr.mockRestore();
  }
});
