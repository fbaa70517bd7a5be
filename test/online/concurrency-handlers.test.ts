import { evaluator } from 'typed-evals';
import {
  type OnErrorLocation,
  OnlineEvaluator,
  waitForEvaluations,
  withEvaluation,
} from 'typed-evals/online';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { deferred, MemorySink, quiet, sleep } from './helpers.js';

let stderr: MockInstance;
beforeEach(() => {
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());

describe('maxConcurrency', () => {
  it('drops evaluations beyond the limit and tells onMaxConcurrency', async () => {
    const sink = new MemorySink();
    const gate = deferred();
    let running = 0;
    let peak = 0;
    const slow = evaluator('slow', async () => {
      running++;
      peak = Math.max(peak, running);
      await gate.promise;
      running--;
      return true;
    });
    const dropped: unknown[] = [];
    const fn = withEvaluation((i: number) => i, {
      evaluators: [slow],
      maxConcurrency: 1,
      onMaxConcurrency: (ctx) => {
        dropped.push(ctx.inputs);
      },
      config: quiet(sink),
    });
    for (let i = 0; i < 50; i++) expect(fn(i)).toBe(i);
    await sleep(5);
    gate.resolve();
    await waitForEvaluations();
    expect(peak).toBe(1);
    expect(sink.payloads.map((p) => p.context.inputs)).toEqual([0]);
    expect(dropped).toEqual(Array.from({ length: 49 }, (_, i) => i + 1));
    // with the slot free again, the next call is evaluated
    fn(99);
    await waitForEvaluations();
    expect(sink.payloads.map((p) => p.context.inputs)).toEqual([0, 99]);
  });

  it('is per evaluator: a full slow evaluator does not drop a fast one', async () => {
    const sink = new MemorySink();
    const gate = deferred();
    const onMaxConcurrency = vi.fn();
    const fn = withEvaluation((i: number) => i, {
      evaluators: [
        new OnlineEvaluator(
          evaluator('slow', async () => {
            await gate.promise;
            return 1;
          }),
          { maxConcurrency: 2 },
        ),
        evaluator('fast', () => 2),
      ],
      onMaxConcurrency,
      config: quiet(sink),
    });
    for (let i = 0; i < 10; i++) fn(i);
    await sleep(5);
    gate.resolve();
    await waitForEvaluations();
    const count = (name: string) => sink.results.filter((r) => r.name === name).length;
    expect(count('fast')).toBe(10);
    expect(count('slow')).toBe(2);
    expect(onMaxConcurrency).toHaveBeenCalledTimes(8);
  });

  it('an OnlineEvaluator shares its limit across wrappers', async () => {
    const gate = deferred();
    const shared = new OnlineEvaluator(
      evaluator('slow', async () => {
        await gate.promise;
        return true;
      }),
      { maxConcurrency: 1 },
    );
    const onMaxConcurrency = vi.fn();
    const config = quiet(new MemorySink(), { onMaxConcurrency });
    const a = withEvaluation((x: number) => x, { evaluators: [shared], config });
    const b = withEvaluation((x: number) => x, { evaluators: [shared], config });
    a(1);
    b(2);
    await sleep(5);
    gate.resolve();
    await waitForEvaluations();
    expect(onMaxConcurrency).toHaveBeenCalledTimes(1);
  });

  it('sync evaluators free their slot at once, so nothing is dropped', async () => {
    const onMaxConcurrency = vi.fn();
    const sink = new MemorySink();
    const fn = withEvaluation((i: number) => i, {
      evaluators: [evaluator('sync', () => true)],
      maxConcurrency: 1,
      onMaxConcurrency,
      config: quiet(sink),
    });
    for (let i = 0; i < 20; i++) fn(i);
    await waitForEvaluations();
    expect(onMaxConcurrency).not.toHaveBeenCalled();
    expect(sink.payloads).toHaveLength(20);
  });

  it('maxConcurrency below 1 or fractional fails when wrapping', () => {
    const e = evaluator('a', () => true);
    expect(() => withEvaluation(() => 1, { evaluators: [e], maxConcurrency: 0 })).toThrow(
      'withEvaluation: maxConcurrency must be an integer >= 1, got 0 (number)',
    );
    expect(() => new OnlineEvaluator(e, { maxConcurrency: 1.5 })).toThrow(/maxConcurrency/);
    expect(() => withEvaluation(() => 1, { evaluators: [e], maxConcurrency: Infinity })).not.toThrow();
  });
});

describe('handler isolation', () => {
  it('a throwing onMaxConcurrency goes to onError; a throwing onError is swallowed', async () => {
    const gate = deferred();
    const locations: OnErrorLocation[] = [];
    const fn = withEvaluation((i: number) => i, {
      evaluators: [
        evaluator('slow', async () => {
          await gate.promise;
          return true;
        }),
      ],
      maxConcurrency: 1,
      onMaxConcurrency: () => {
        throw new Error('handler failed');
      },
      onError: (_error, _ctx, _evaluator, location) => {
        locations.push(location);
        throw new Error('onError failed too');
      },
      config: quiet(new MemorySink()),
    });
    for (let i = 0; i < 3; i++) expect(fn(i)).toBe(i);
    await sleep(5);
    gate.resolve();
    expect(await waitForEvaluations()).toBe(true);
    expect(locations).toEqual(['onMaxConcurrency', 'onMaxConcurrency']);
  });

  it('a throwing or rejecting sink reports to onError with location sink; other sinks still get results', async () => {
    const good = new MemorySink();
    const errors: [unknown, OnErrorLocation, string][] = [];
    const fn = withEvaluation(async (s: string) => s, {
      evaluators: [evaluator('a', () => true), evaluator('b', () => 0.5)],
      sink: [
        () => {
          throw new Error('sync sink failed');
        },
        { submit: async () => Promise.reject(new Error('async sink failed')) },
        good,
      ],
      onError: (error, ctx, ev, location) => {
        errors.push([error, location, ev.evaluatorName]);
        expect(ctx.output).toBe('x');
      },
      config: quiet(),
    });
    expect(await fn('x')).toBe('x');
    expect(await waitForEvaluations()).toBe(true);
    expect(good.payloads).toHaveLength(1);
    expect(errors.map(([e, loc, name]) => [(e as Error).message, loc, name])).toEqual([
      ['sync sink failed', 'sink', 'a'],
      ['async sink failed', 'sink', 'a'],
    ]);
  });

  it('sink errors without any onError handler are reported once on stderr and never thrown', async () => {
    const fn = withEvaluation((s: string) => s, {
      evaluators: [evaluator('a', () => true)],
      sink: () => {
        throw new Error('sink down');
      },
      config: quiet(),
    });
    for (let i = 0; i < 3; i++) fn('x');
    expect(await waitForEvaluations()).toBe(true);
    const lines = stderr.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('sink down'));
    expect(lines).toHaveLength(1);
  });

  it('each distinct onError handler of a sink group hears about a sink error once', async () => {
    const first = vi.fn();
    const second = vi.fn();
    const sink = vi.fn(() => {
      throw new Error('nope');
    });
    const fn = withEvaluation((s: string) => s, {
      evaluators: [
        new OnlineEvaluator(
          evaluator('a', () => true),
          { onError: first },
        ),
        new OnlineEvaluator(
          evaluator('b', () => true),
          { onError: first },
        ),
        new OnlineEvaluator(
          evaluator('c', () => true),
          { onError: second },
        ),
      ],
      sink,
      config: quiet(),
    });
    fn('x');
    await waitForEvaluations();
    expect(sink).toHaveBeenCalledTimes(1);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
  });
});
