import { evaluator } from 'typed-evals';
import {
  OnlineEvaluator,
  type SamplingContext,
  waitForEvaluations,
  withEvaluation,
} from 'typed-evals/online';
import { describe, expect, it, vi } from 'vitest';
import { MemorySink, quiet, seededRandom, sequence } from './helpers.js';

const named = (name: string) => evaluator(name, () => true);

/** Calls `fn` n times and returns, per call, the evaluator names that ran. */
async function sampledNames(n: number, wrapped: (i: number) => unknown, sink: MemorySink) {
  for (let i = 0; i < n; i++) wrapped(i);
  await waitForEvaluations();
  const byCall = new Map<unknown, string[]>();
  for (const p of sink.payloads) byCall.set(p.context.inputs, p.results.map((r) => r.name).sort());
  return Array.from({ length: n }, (_, i) => byCall.get(i) ?? []);
}

/** A wrapper with a 10% and a 50% evaluator, sampling in `mode` with numbers from `random`. */
function setup(mode: 'independent' | 'correlated', random: () => number) {
  const sink = new MemorySink();
  const wrapped = withEvaluation((i: number) => i, {
    config: quiet(sink, { samplingMode: mode, random }),
    evaluators: [
      new OnlineEvaluator(named('ten'), { sampleRate: 0.1 }),
      new OnlineEvaluator(named('half'), { sampleRate: 0.5 }),
    ],
  });
  return { sink, wrapped };
}

describe('sampling', () => {
  it('is deterministic with a seeded random source', async () => {
    const a = setup('independent', seededRandom(7));
    const b = setup('independent', seededRandom(7));
    const runA = await sampledNames(200, a.wrapped, a.sink);
    const runB = await sampledNames(200, b.wrapped, b.sink);
    expect(runA).toEqual(runB);
    const halfCount = runA.filter((names) => names.includes('half')).length;
    const tenCount = runA.filter((names) => names.includes('ten')).length;
    expect(halfCount).toBeGreaterThan(70);
    expect(halfCount).toBeLessThan(130);
    expect(tenCount).toBeGreaterThan(5);
    expect(tenCount).toBeLessThan(40);
  });

  it('independent mode draws one number per fractional evaluator', async () => {
    // call 1: ten <- 0.05 (yes), half <- 0.9 (no); call 2: ten <- 0.5 (no), half <- 0.2 (yes)
    const { sink, wrapped } = setup('independent', sequence(0.05, 0.9, 0.5, 0.2));
    expect(await sampledNames(2, wrapped, sink)).toEqual([['ten'], ['half']]);
  });

  it('correlated mode compares every rate with one seed per call: a 10% call is also a 50% call', async () => {
    const { sink, wrapped } = setup('correlated', seededRandom(11));
    const calls = await sampledNames(300, wrapped, sink);
    for (const names of calls) if (names.includes('ten')) expect(names).toContain('half');
    expect(calls.some((names) => names.length === 1 && names[0] === 'half')).toBe(true);
  });

  it('correlated mode uses the seed as drawn: seed < rate', async () => {
    const { sink, wrapped } = setup('correlated', sequence(0.3, 0.05, 0.7));
    expect(await sampledNames(3, wrapped, sink)).toEqual([['half'], ['half', 'ten'], []]);
  });

  it('the wrapper can override the config sampling mode', async () => {
    const sink = new MemorySink();
    // independent would draw 0.3 for a and 0.9 for b; correlated compares both rates with 0.3
    const config = quiet(sink, { random: sequence(0.3, 0.9) });
    const wrapped = withEvaluation((i: number) => i, {
      config,
      samplingMode: 'correlated',
      evaluators: [named('a'), named('b')],
      sampleRate: 0.5,
    });
    expect(await sampledNames(1, wrapped, sink)).toEqual([['a', 'b']]);
  });

  it('booleans and rates >= 1 / <= 0 never draw a random number', async () => {
    const random = vi.fn(() => 0.5);
    const sink = new MemorySink();
    const config = quiet(sink, { random });
    const wrapped = withEvaluation((i: number) => i, {
      config,
      evaluators: [
        new OnlineEvaluator(named('yes'), { sampleRate: true }),
        new OnlineEvaluator(named('no'), { sampleRate: false }),
        new OnlineEvaluator(named('one'), { sampleRate: 1.5 }),
        new OnlineEvaluator(named('zero'), { sampleRate: -1 }),
      ],
    });
    expect(await sampledNames(3, wrapped, sink)).toEqual([
      ['one', 'yes'],
      ['one', 'yes'],
      ['one', 'yes'],
    ]);
    expect(random).not.toHaveBeenCalled();
  });

  it('the config default rate applies to evaluators without one, read on every call', async () => {
    const sink = new MemorySink();
    const config = quiet(sink, { defaultSampleRate: 0 });
    const wrapped = withEvaluation((i: number) => i, { config, evaluators: [named('a')] });
    wrapped(0);
    config.configure({ defaultSampleRate: 1 });
    wrapped(1);
    await waitForEvaluations();
    expect(sink.payloads.map((p) => p.context.inputs)).toEqual([1]);
  });

  it('a rate function sees the sampling context and may return a boolean or a number', async () => {
    const sink = new MemorySink();
    const seen: SamplingContext[] = [];
    const config = quiet(sink, { metadata: { tier: 'pro' }, random: sequence(0.25, 0.9) });
    const byInput = named('by_input');
    const wrapped = withEvaluation((q: string) => q, {
      config,
      evaluators: [
        new OnlineEvaluator(byInput, {
          sampleRate: (ctx) => {
            seen.push(ctx);
            return ctx.inputs === 'vip';
          },
        }),
        new OnlineEvaluator(named('by_seed'), { sampleRate: (ctx) => (ctx.callSeed < 0.5 ? 1 : 0) }),
      ],
    });
    wrapped('vip');
    wrapped('other');
    await waitForEvaluations();
    expect(seen[0]).toEqual({ evaluator: byInput, inputs: 'vip', metadata: { tier: 'pro' }, callSeed: 0.25 });
    expect(seen[1]!.callSeed).toBe(0.9);
    expect(sink.payloads.map((p) => [p.context.inputs, p.results.map((r) => r.name)])).toEqual([
      ['vip', ['by_input', 'by_seed']],
    ]);
  });

  it('a sampling error goes to onSamplingError: that evaluator is skipped, the others run', async () => {
    const sink = new MemorySink();
    const onSamplingError = vi.fn();
    const broken = named('broken');
    const wrapped = withEvaluation((x: number) => x * 2, {
      config: quiet(sink),
      onSamplingError,
      evaluators: [
        new OnlineEvaluator(broken, {
          sampleRate: () => {
            throw new Error('rate failed');
          },
        }),
        new OnlineEvaluator(named('bad_value'), { sampleRate: () => 'often' as unknown as number }),
        named('fine'),
      ],
    });
    expect(wrapped(2)).toBe(4);
    await waitForEvaluations();
    expect(sink.results.map((r) => r.name)).toEqual(['fine']);
    expect(onSamplingError).toHaveBeenCalledTimes(2);
    expect(onSamplingError.mock.calls[0]![0]).toEqual(new Error('rate failed'));
    expect(onSamplingError.mock.calls[0]![1]).toBe(broken);
    expect(String(onSamplingError.mock.calls[1]![0])).toMatch(
      /returned "often"; return a number or a boolean/,
    );
  });

  it('a sampling error without a handler reaches the caller and fn is not called', async () => {
    const error = new Error('rate failed');
    const fn = vi.fn((x: number) => x);
    const rate = () => {
      throw error;
    };
    const wrapped = withEvaluation(fn, {
      config: quiet(new MemorySink()),
      evaluators: [named('a')],
      sampleRate: rate,
    });
    expect(() => wrapped(1)).toThrow(error);
    expect(fn).not.toHaveBeenCalled();
    const asyncWrapped = withEvaluation(async (x: number) => x, {
      config: quiet(new MemorySink()),
      evaluators: [named('a')],
      sampleRate: rate,
    });
    await expect(asyncWrapped(1)).rejects.toBe(error);
  });

  it('a throwing onSamplingError handler is swallowed', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const wrapped = withEvaluation((x: number) => x, {
        config: quiet(new MemorySink(), {
          onSamplingError: () => {
            throw new Error('handler failed');
          },
        }),
        evaluators: [named('a')],
        sampleRate: () => {
          throw new Error('rate failed');
        },
      });
      expect(wrapped(3)).toBe(3);
      expect(wrapped(4)).toBe(4);
    } finally {
      stderr.mockRestore();
    }
  });

  it('an extractInputs error counts as a sampling error', async () => {
    const sink = new MemorySink();
    const onSamplingError = vi.fn();
    const wrapped = withEvaluation((x: number) => x, {
      config: quiet(sink, { onSamplingError }),
      evaluators: [named('a')],
      extractInputs: () => {
        throw new Error('cannot extract');
      },
    });
    expect(wrapped(5)).toBe(5);
    await waitForEvaluations();
    expect(onSamplingError).toHaveBeenCalledTimes(1);
    expect(sink.payloads).toHaveLength(0);
  });

  it('an evaluator with nowhere to send results is never sampled', async () => {
    const rate = vi.fn(() => true);
    const evaluate = vi.fn(() => true);
    const wrapped = withEvaluation((x: number) => x, {
      config: quiet(),
      evaluators: [evaluator('nowhere', evaluate)],
      sampleRate: rate,
    });
    wrapped(1);
    await waitForEvaluations();
    expect(rate).not.toHaveBeenCalled();
    expect(evaluate).not.toHaveBeenCalled();
  });
});
