import { EvaluationReason, evaluator, incrementEvalMetric, setEvalAttribute } from 'typed-evals';
import {
  OnlineEvaluator,
  OnlineEvaluatorContext,
  waitForEvaluations,
  withEvaluation,
} from 'typed-evals/online';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { MemorySink, quiet, sleep } from './helpers.js';

const isLong = evaluator('is_long', (ctx) => String(ctx.output).length > 3);

describe('withEvaluation: calls with nothing sampled', () => {
  it('returns the very value fn returns, sync stays sync', () => {
    const value = { answer: 42 };
    const spy = vi.fn((x: number) => (x > 0 ? value : undefined));
    const wrapped = withEvaluation(spy, {
      evaluators: [isLong],
      sampleRate: 0,
      config: quiet(new MemorySink()),
    });
    expect(wrapped(1)).toBe(value);
    expect(spy).toHaveBeenCalledWith(1);
  });

  it('returns the same promise object for an async function', async () => {
    let made: Promise<string> | undefined;
    const fn = (s: string) => {
      made = Promise.resolve(s);
      return made;
    };
    const wrapped = withEvaluation(fn, { evaluators: [isLong], sampleRate: 0 });
    const got = wrapped('x');
    expect(got).toBe(made);
    expect(await got).toBe('x');
  });

  it('rethrows the same error, sync and async', async () => {
    const boom = new Error('boom');
    const syncFn = withEvaluation(
      () => {
        throw boom;
      },
      { evaluators: [isLong], sampleRate: false },
    );
    expect(() => syncFn()).toThrow(boom);
    const asyncFn = withEvaluation(
      async () => {
        throw boom;
      },
      { evaluators: [isLong], sampleRate: false },
    );
    await expect(asyncFn()).rejects.toBe(boom);
  });

  it('keeps `this`, the name and the arity', () => {
    const obj = {
      factor: 3,
      times(x: number, _unused?: number) {
        return this.factor * x;
      },
    };
    obj.times = withEvaluation(obj.times, { evaluators: [isLong], sampleRate: 0 });
    expect(obj.times(2)).toBe(6);
    expect(obj.times.name).toBe('times');
    expect(obj.times.length).toBe(2);
  });
});

describe('withEvaluation: types', () => {
  it('returns the type of fn, and types extractInputs from its parameters', () => {
    const fn = async (q: string, n: number) => q.repeat(n);
    const wrapped = withEvaluation(fn, {
      evaluators: [isLong],
      sampleRate: 0,
      extractInputs: (args) => {
        expectTypeOf(args).toEqualTypeOf<[q: string, n: number]>();
        return { q: args[0] };
      },
    });
    expectTypeOf(wrapped).toEqualTypeOf<typeof fn>();
    const sync = withEvaluation((x: number) => x * 2, { evaluators: [isLong], sampleRate: 0 });
    expectTypeOf(sync(1)).toEqualTypeOf<number>();
  });
});

describe('withEvaluation: sampled calls', () => {
  it('returns the same values and `this` while evaluating in the background', async () => {
    const sink = new MemorySink();
    const value = { text: 'hello' };
    const obj = {
      prefix: 'p',
      run(x: string) {
        return x === 'obj' ? value : `${this.prefix}:${x}`;
      },
    };
    obj.run = withEvaluation(obj.run, { evaluators: [isLong], config: quiet(sink) });
    expect(obj.run('obj')).toBe(value);
    expect(obj.run('abcd')).toBe('p:abcd');
    expect(sink.payloads).toHaveLength(0); // nothing ran during the calls
    expect(await waitForEvaluations()).toBe(true);
    expect(sink.results.map((r) => r.value)).toEqual([true, true]);
  });

  it('builds the evaluator context: inputs, output, duration, metadata, target', async () => {
    const sink = new MemorySink();
    const metadata = { env: 'test' };
    const fn = async function classify(text: string, lang: string) {
      await sleep(20);
      return `${lang}:${text}`;
    };
    const wrapped = withEvaluation(fn, { evaluators: [isLong], config: quiet(sink, { metadata }) });
    expect(await wrapped('hi', 'en')).toBe('en:hi');
    await waitForEvaluations();
    const [payload] = sink.payloads;
    expect(payload!.target).toBe('classify');
    const ctx = payload!.context;
    expect(ctx).toBeInstanceOf(OnlineEvaluatorContext);
    expect(ctx.inputs).toEqual(['hi', 'en']);
    expect(ctx.output).toBe('en:hi');
    expect(ctx.name).toBeUndefined();
    expect(ctx.expectedOutput).toBeUndefined();
    expect(ctx.metadata).toEqual(metadata);
    expect(ctx.metadata).not.toBe(metadata);
    expect(ctx.duration).toBeGreaterThanOrEqual(0.015);
    expect(ctx.duration).toBeLessThan(1);
    expect(() => ctx.spanTree).toThrow(/not captured for online evaluation/);
  });

  it('takes a single argument as is, or what extractInputs returns', async () => {
    const sink = new MemorySink();
    const one = withEvaluation((o: { q: string }) => o.q, { evaluators: [isLong], config: quiet(sink) });
    const custom = withEvaluation((a: number, b: number) => a + b, {
      evaluators: [isLong],
      config: quiet(sink),
      extractInputs: ([a, b]) => ({ a, b }),
      target: 'sum',
    });
    one({ q: 'question' });
    custom(1, 2);
    await waitForEvaluations();
    expect(sink.payloads.map((p) => [p.target, p.context.inputs])).toEqual([
      ['anonymous', { q: 'question' }],
      ['sum', { a: 1, b: 2 }],
    ]);
  });

  it('records setEvalAttribute / incrementEvalMetric made during a sync call', async () => {
    const sink = new MemorySink();
    const fn = withEvaluation(
      (x: number) => {
        setEvalAttribute('route', 'fast');
        incrementEvalMetric('tokens', x);
        incrementEvalMetric('tokens', 1);
        return x;
      },
      { evaluators: [evaluator('seen', (ctx) => ctx.metrics.tokens === 6)], config: quiet(sink) },
    );
    fn(5);
    await waitForEvaluations();
    expect(sink.contexts[0]!.attributes).toEqual({ route: 'fast' });
    expect(sink.contexts[0]!.metrics).toEqual({ tokens: 6 });
    expect(sink.results[0]!.value).toBe(true);
  });

  it('records across awaits only with recordAttributes: true', async () => {
    const sink = new MemorySink();
    const body = async (x: number) => {
      await sleep(1);
      setEvalAttribute('x', x);
      incrementEvalMetric('calls');
      return x;
    };
    const byDefault = withEvaluation(body, { evaluators: [isLong], config: quiet(sink) });
    const recorded = withEvaluation(body, {
      evaluators: [isLong],
      config: quiet(sink),
      recordAttributes: true,
    });
    await Promise.all([byDefault(1), recorded(2), recorded(3)]);
    await waitForEvaluations();
    const byInput = new Map(sink.contexts.map((c) => [c.inputs, [c.attributes, c.metrics]]));
    expect(byInput.get(1)).toEqual([{}, {}]);
    expect(byInput.get(2)).toEqual([{ x: 2 }, { calls: 1 }]);
    expect(byInput.get(3)).toEqual([{ x: 3 }, { calls: 1 }]);
    setEvalAttribute('outside', true); // still a no-op outside any run
  });

  it('a plain function that returns a promise records nothing by default (writes after an await are unseen)', async () => {
    const sink = new MemorySink();
    const helper = async (x: number) => {
      await sleep(1);
      setEvalAttribute('late', x);
      return x;
    };
    const fn = withEvaluation(
      (x: number) => {
        setEvalAttribute('early', x);
        return helper(x);
      },
      { evaluators: [isLong], config: quiet(sink) },
    );
    await fn(1);
    await fn(2);
    await waitForEvaluations();
    expect(sink.contexts.map((c) => c.attributes)).toEqual([{}, {}]);
  });

  it('nested wrapped calls are each evaluated; with recordAttributes the outer call sees the inner writes', async () => {
    const sink = new MemorySink();
    const inner = withEvaluation(
      async function inner(x: number) {
        await sleep(1);
        incrementEvalMetric('inner_calls');
        return x + 1;
      },
      { evaluators: [isLong], config: quiet(sink), target: 'inner' },
    );
    const outer = withEvaluation(
      async function outer(x: number) {
        const a = await inner(x);
        const b = await inner(a);
        return b * 10;
      },
      { evaluators: [isLong], config: quiet(sink), recordAttributes: true, target: 'outer' },
    );
    expect(await outer(1)).toBe(30);
    await waitForEvaluations();
    expect(sink.payloads.map((p) => [p.target, p.context.output, p.context.metrics])).toEqual([
      ['inner', 2, {}],
      ['inner', 3, {}],
      ['outer', 30, { inner_calls: 2 }],
    ]);
  });

  it('a thenable that is not a native promise is returned untouched and evaluated as the object', async () => {
    const sink = new MemorySink();
    let thenCalls = 0;
    const lazy = {
      // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose
      then(resolve: (v: string) => void) {
        thenCalls++;
        resolve('ran');
      },
    };
    const fn = withEvaluation(() => lazy, { evaluators: [isLong], config: quiet(sink) });
    expect(fn()).toBe(lazy);
    await waitForEvaluations();
    expect(thenCalls).toBe(0);
    expect(sink.contexts[0]!.output).toBe(lazy);
  });

  it('runs only runOnErrors evaluators on a throw, with the error as output, and rethrows it', async () => {
    const sink = new MemorySink();
    const boom = new TypeError('bad input');
    const onErrors = new OnlineEvaluator(
      evaluator('error_kind', (ctx) => (ctx.output instanceof Error ? ctx.output.name : 'none')),
      { runOnErrors: true },
    );
    const fn = withEvaluation(
      async (x: number) => {
        if (x < 0) throw boom;
        return x;
      },
      { evaluators: [isLong, onErrors], config: quiet(sink) },
    );
    await expect(fn(-1)).rejects.toBe(boom);
    await waitForEvaluations();
    expect(sink.results).toEqual([expect.objectContaining({ name: 'error_kind', value: 'TypeError' })]);
    expect(sink.contexts[0]!.output).toBe(boom);

    const syncFn = withEvaluation(
      () => {
        throw boom;
      },
      { evaluators: [isLong], runOnErrors: true, config: quiet(sink) },
    );
    expect(() => syncFn()).toThrow(boom);
    await waitForEvaluations();
    expect(sink.payloads).toHaveLength(2);
  });

  it('does nothing after a throw when no evaluator has runOnErrors', async () => {
    const sink = new MemorySink();
    const fn = withEvaluation(
      async () => {
        throw new Error('x');
      },
      { evaluators: [isLong], config: quiet(sink) },
    );
    await expect(fn()).rejects.toThrow('x');
    await waitForEvaluations();
    expect(sink.payloads).toHaveLength(0);
  });

  it('records evaluator throws and bad values as failures, with reasons kept', async () => {
    const sink = new MemorySink();
    const fn = withEvaluation((s: string) => s, {
      evaluators: [
        evaluator('explained', () => new EvaluationReason(0.5, 'half')),
        evaluator('throws', () => {
          throw new RangeError('nope');
        }),
        evaluator('bad', () => Number.NaN),
      ],
      config: quiet(sink),
    });
    fn('x');
    await waitForEvaluations();
    expect(sink.results).toEqual([
      { name: 'explained', value: 0.5, reason: 'half', source: { name: 'explained', arguments: null } },
    ]);
    expect(sink.failures.map((f) => [f.name, f.errorType])).toEqual([
      ['throws', 'RangeError'],
      ['bad', 'EvaluatorOutputError'],
    ]);
    expect(sink.failures[0]!.errorMessage).toBe('RangeError: nope');
  });

  it('never lets a slow evaluator delay the caller', async () => {
    const sink = new MemorySink();
    const slow = evaluator('slow', async () => {
      await sleep(200);
      return true;
    });
    const fn = withEvaluation(async (x: number) => x, { evaluators: [slow], config: quiet(sink) });
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) await fn(i);
    expect(performance.now() - t0).toBeLessThan(100);
    expect(sink.payloads).toHaveLength(0);
    await waitForEvaluations();
    expect(sink.payloads).toHaveLength(5);
  });
});
