import fc from 'fast-check';
import { evaluator } from 'typed-evals';
import {
  configureOnlineEvaluation,
  defaultOnlineEvalConfig,
  OnlineEvalConfig,
  OnlineEvaluator,
  waitForEvaluations,
  withEvaluation,
} from 'typed-evals/online';
import { afterEach, describe, expect, it } from 'vitest';
import { formatG, formatScore, pythonRepr } from '../../src/online/python-format.js';
import { MemorySink, quiet, sequence } from './helpers.js';

afterEach(() => {
  defaultOnlineEvalConfig.reset();
});

describe('OnlineEvalConfig', () => {
  it('has the pydantic-evals defaults', () => {
    const config = new OnlineEvalConfig();
    expect({
      defaultSink: config.defaultSink,
      defaultSampleRate: config.defaultSampleRate,
      samplingMode: config.samplingMode,
      emitOtelEvents: config.emitOtelEvents,
      includeBaggage: config.includeBaggage,
      enabled: config.enabled,
      metadata: config.metadata,
      random: config.random,
    }).toEqual({
      defaultSink: undefined,
      defaultSampleRate: 1,
      samplingMode: 'independent',
      emitOtelEvents: true,
      includeBaggage: true,
      enabled: true,
      metadata: undefined,
      random: Math.random,
    });
  });

  it('configure changes the keys given, undefined restores a default, bad values change nothing', () => {
    const config = new OnlineEvalConfig({ defaultSampleRate: 0.5, enabled: false });
    config.configure({ samplingMode: 'correlated' });
    expect([config.defaultSampleRate, config.enabled, config.samplingMode]).toEqual([
      0.5,
      false,
      'correlated',
    ]);
    config.configure({ defaultSampleRate: undefined });
    expect(config.defaultSampleRate).toBe(1);
    expect(() => config.configure({ enabled: true, samplingMode: 'sometimes' as never })).toThrow(
      `OnlineEvalConfig: samplingMode must be 'independent' or 'correlated', got "sometimes"`,
    );
    expect(config.enabled).toBe(false);
    expect(() => config.configure({ defaultSampleRate: Number.NaN })).toThrow(/sampleRate must be a number/);
    expect(() => config.configure({ onError: 'log' as never })).toThrow(/onError must be a function/);
  });

  it('configureOnlineEvaluation changes the default config, which wrappers read on each call', async () => {
    const sink = new MemorySink();
    const fn = withEvaluation((x: number) => x, { evaluators: [evaluator('ok', () => true)] });
    expect(configureOnlineEvaluation({ defaultSink: sink, emitOtelEvents: false, enabled: false })).toBe(
      defaultOnlineEvalConfig,
    );
    fn(1);
    configureOnlineEvaluation({ enabled: true });
    fn(2);
    await waitForEvaluations();
    expect(sink.contexts.map((c) => c.inputs)).toEqual([2]);
  });
});

describe('withEvaluation option checks', () => {
  const ok = evaluator('ok', () => true);
  it('names the bad value', () => {
    expect(() => withEvaluation('f' as never, { evaluators: [ok] })).toThrow(
      'withEvaluation: fn must be a function, got "f"',
    );
    expect(() => withEvaluation(() => 1, {} as never)).toThrow(/options.evaluators must be an array/);
    expect(() => withEvaluation(() => 1, { evaluators: [{} as never] })).toThrow(
      'withEvaluation: evaluators[0]: expected an Evaluator (a subclass instance or evaluator(name, fn)), got an object',
    );
    expect(() => withEvaluation(() => 1, { evaluators: [ok], sampleRate: 'half' as never })).toThrow(
      /sampleRate must be a number, a boolean or a function, got "half"/,
    );
    expect(() => withEvaluation(() => 1, { evaluators: [ok], target: '' })).toThrow(
      /target must be a non-empty/,
    );
    expect(() => new OnlineEvaluator(ok, { maxConcurrency: 0 })).toThrow(
      'OnlineEvaluator: maxConcurrency must be an integer >= 1, got 0 (number)',
    );
  });
});

describe('correlated sampling (property)', () => {
  it('samples exactly the evaluators whose rate is above the call seed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        async (rates, seed) => {
          const sink = new MemorySink();
          const config = quiet(sink, { samplingMode: 'correlated', random: sequence(seed) });
          const fn = withEvaluation((x: number) => x, {
            config,
            evaluators: rates.map(
              (r, i) =>
                new OnlineEvaluator(
                  evaluator(`e${i}`, () => true),
                  { sampleRate: r },
                ),
            ),
          });
          fn(0);
          await waitForEvaluations();
          const got = sink.results.map((r) => r.name);
          const expected = rates.flatMap((r, i) => (r >= 1 || (r > 0 && seed < r) ? [`e${i}`] : []));
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('Python formatting of event bodies', () => {
  it("formats floats like format(v, 'g')", () => {
    const cases: [number, string][] = [
      [0.5, '0.5'],
      [0.75, '0.75'],
      [1 / 3, '0.333333'],
      [123456.7, '123457'],
      [1234567.5, '1.23457e+06'],
      [0.0001, '0.0001'],
      [0.00001234, '1.234e-05'],
      [-2.5, '-2.5'],
      [1e21 + 0.5, '1e+21'],
      [999999.5, '1e+06'],
      // exact ties round half to even, as Python does
      [863858.5, '863858'],
      [8987.625, '8987.62'],
    ];
    for (const [value, text] of cases) expect(formatG(value)).toBe(text);
  });

  it("formats negative floats like format(v, 'g'): exact ties to even, -0.0 keeps its sign", () => {
    expect(formatG(-863858.5)).toBe('-863858');
    expect(formatG(1.234565e16)).toBe('1.23456e+16');
    expect(formatG(-1.234565e16)).toBe('-1.23456e+16');
    expect(formatG(-0.00001234)).toBe('-1.234e-05');
    expect(formatG(-0)).toBe('-0');
    expect(formatG(Number.NEGATIVE_INFINITY)).toBe('-inf');
  });

  it('formats scores: booleans as True/False, integers plainly, strings with repr', () => {
    expect(formatScore(true)).toBe('True');
    expect(formatScore(false)).toBe('False');
    expect(formatScore(3)).toBe('3');
    expect(formatScore(1234567)).toBe('1234567');
    expect(formatScore(0.1)).toBe('0.1');
    expect(formatScore('ok')).toBe("'ok'");
    expect(pythonRepr("it's")).toBe('"it\'s"');
    expect(pythonRepr(`both ' and "`)).toBe(`'both \\' and "'`);
    expect(pythonRepr('a\nb\\c\u0001é')).toBe("'a\\nb\\\\c\\x01é'");
  });
});
