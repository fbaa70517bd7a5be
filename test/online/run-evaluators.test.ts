import { EqualsExpected, evaluator } from 'typed-evals';
import {
  OnlineEvaluatorContext,
  runEvaluators,
  waitForEvaluations,
  withEvaluation,
} from 'typed-evals/online';
import { describe, expect, it } from 'vitest';
import { deferred, MemorySink, quiet, sleep } from './helpers.js';

describe('runEvaluators', () => {
  it('runs evaluators at once on a stored context and keeps evaluator order', async () => {
    const order: string[] = [];
    const slow = evaluator('slow', async () => {
      await sleep(20);
      order.push('slow');
      return { first: 1, second: 'two' };
    });
    const fast = evaluator('fast', () => {
      order.push('fast');
      return true;
    });
    const broken = evaluator('broken', async () => {
      throw new Error('nope');
    });
    const context = {
      name: 'stored',
      inputs: 'q',
      metadata: undefined,
      expectedOutput: 'a',
      output: 'a',
      duration: 0.5,
      attributes: {},
      metrics: {},
      spanTree: undefined,
    };
    const t0 = performance.now();
    const { results, failures } = await runEvaluators([slow, broken, fast, new EqualsExpected()], context);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(order).toEqual(['fast', 'slow']);
    expect(results.map((r) => [r.name, r.value])).toEqual([
      ['first', 1],
      ['second', 'two'],
      ['fast', true],
      ['EqualsExpected', true],
    ]);
    expect(failures.map((f) => [f.name, f.errorMessage])).toEqual([['broken', 'Error: nope']]);
  });

  it('re-scores the context a sink received', async () => {
    const sink = new MemorySink();
    const fn = withEvaluation((s: string) => s.length, {
      evaluators: [evaluator('positive', (ctx) => ctx.output > 0)],
      config: quiet(sink),
    });
    fn('abc');
    await waitForEvaluations();
    const stored = sink.contexts[0]!;
    expect(stored).toBeInstanceOf(OnlineEvaluatorContext);
    const { results } = await runEvaluators([evaluator('big', (ctx) => ctx.output > 10)], stored);
    expect(results.map((r) => r.value)).toEqual([false]);
  });
});

describe('waitForEvaluations', () => {
  it('resolves true at once when nothing is pending', async () => {
    expect(await waitForEvaluations()).toBe(true);
  });

  it('resolves false when the timeout passes first, then true once the work is done', async () => {
    const gate = deferred();
    const sink = new MemorySink();
    const fn = withEvaluation((s: string) => s, {
      evaluators: [
        evaluator('held', async () => {
          await gate.promise;
          return true;
        }),
      ],
      config: quiet(sink),
    });
    fn('x');
    const t0 = performance.now();
    expect(await waitForEvaluations(30)).toBe(false);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    expect(sink.payloads).toHaveLength(0);
    gate.resolve();
    expect(await waitForEvaluations(1_000)).toBe(true);
    expect(sink.payloads).toHaveLength(1);
  });

  it('waits for async sinks too', async () => {
    let submitted = false;
    const fn = withEvaluation((s: string) => s, {
      evaluators: [evaluator('ok', () => true)],
      sink: async () => {
        await sleep(20);
        submitted = true;
      },
      config: quiet(),
    });
    fn('x');
    await waitForEvaluations();
    expect(submitted).toBe(true);
  });
});
