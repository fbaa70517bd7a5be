import {
  Contains,
  Dataset,
  Equals,
  EqualsExpected,
  type Evaluator,
  IsInstance,
  MatchesSchema,
  MaxDuration,
} from 'typed-evals';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CaseEvaluatorContext } from '../../src/evaluators/context.js';

function ctx(output: unknown, extra: Partial<{ expectedOutput: unknown; duration: number }> = {}) {
  return new CaseEvaluatorContext(
    'c',
    null,
    undefined,
    extra.expectedOutput,
    output,
    extra.duration ?? 0,
    {},
    {},
  );
}

const run = (e: Evaluator, output: unknown, extra?: Parameters<typeof ctx>[1]) =>
  e.evaluate(ctx(output, extra));

describe('Equals / EqualsExpected', () => {
  it('compares structurally without coercion', () => {
    expect(run(new Equals({ value: { a: [1, { b: 2 }] } }), { a: [1, { b: 2 }] })).toBe(true);
    expect(run(new Equals({ value: 1 }), '1')).toBe(false);
    expect(run(new Equals({ value: { a: 1 } }), { a: 1, b: undefined })).toBe(false);
    expect(run(new Equals({ value: new Map([[1, 'a']]) }), new Map([[1, 'a']]))).toBe(true);
    expect(run(new Equals({ value: Number.NaN }), Number.NaN)).toBe(true);
  });

  it('EqualsExpected records nothing when there is no expected output', () => {
    expect(run(new EqualsExpected(), 'x')).toEqual({});
    expect(run(new EqualsExpected(), 'x', { expectedOutput: 'x' })).toBe(true);
    expect(run(new EqualsExpected(), null, { expectedOutput: null })).toBe(true);
  });

  it('Equals needs a value option', () => {
    expect(() => new Equals(undefined as never)).toThrow("Equals expects an options object with 'value'");
  });
});

describe('Contains', () => {
  const reason = (e: Contains, output: unknown) => {
    const r = run(e, output) as { value: boolean; reason?: string };
    return [r.value, r.reason];
  };

  it.each([
    [{ value: 'ell' }, 'hello', [true, undefined]],
    [{ value: 'ELL' }, 'hello', [false, "Output string 'hello' does not contain expected string 'ELL'"]],
    [{ value: 'ELL', caseSensitive: false }, 'hello', [true, undefined]],
    [{ value: 42, asStrings: true }, 'answer: 42', [true, undefined]],
    [{ value: 2 }, [1, 2, 3], [true, undefined]],
    [{ value: 4 }, [1, 2, 3], [false, 'Output [1, 2, 3] does not contain provided value']],
    [{ value: { a: 1 } }, [{ a: 1 }], [true, undefined]],
    [{ value: 'k' }, { k: 1 }, [true, undefined]],
    [{ value: 'z' }, { k: 1 }, [false, "Output {'k': 1} does not contain provided value as a key"]],
    [{ value: { k: 1 } }, { k: 1, j: 2 }, [true, undefined]],
    [{ value: { m: 1 } }, { k: 1 }, [false, "Output does not contain expected key 'm'"]],
    [{ value: { k: 'b' } }, { k: 'a' }, [false, "Output has different value for key 'k': 'a' != 'b'"]],
    [{ value: 1 }, 5, [false, 'Containment check failed: output of type number cannot contain values']],
    [
      { value: 1 },
      'abc',
      [false, 'Containment check failed: a string output can only contain a string value, got number'],
    ],
  ])('Contains(%o) on %o', (options, output, expected) => {
    expect(reason(new Contains(options), output)).toEqual(expected);
  });

  it('truncates long values in reasons to their first and last halves', () => {
    const long = 'x'.repeat(300);
    const [, text] = reason(new Contains({ value: 'y' }), long);
    expect(text).toBe(
      `Output string '${'x'.repeat(49)}...${'x'.repeat(49)}' does not contain expected string 'y'`,
    );
  });

  it('specs leave default options out', () => {
    expect(new Contains({ value: 'a', caseSensitive: true }).toSpec()).toEqual({
      name: 'Contains',
      arguments: ['a'],
    });
    expect(new Contains({ value: 'a', caseSensitive: false }).toSpec()).toEqual({
      name: 'Contains',
      arguments: { value: 'a', caseSensitive: false },
    });
  });
});

describe('IsInstance', () => {
  class Animal {}
  class Dog extends Animal {}
  it.each([
    ['string', 'x', true],
    ['number', 1.5, true],
    ['str', 'x', true],
    ['int', 3, true],
    ['int', 3.5, false],
    ['float', 3, true],
    ['bool', false, true],
    ['dict', { a: 1 }, true],
    ['dict', new Dog(), false],
    ['list', [1], true],
    ['array', [1], true],
    ['Array', [1], true],
    ['NoneType', null, true],
    ['NoneType', undefined, true],
    ['null', null, true],
    ['Dog', new Dog(), true],
    ['Animal', new Dog(), true],
    ['Object', new Dog(), true],
    ['Dog', new Animal(), false],
    ['Date', new Date(), true],
  ])('IsInstance(%s) on %o → %s', (typeName, output, expected) => {
    expect((run(new IsInstance({ typeName }), output) as { value: boolean }).value).toBe(expected);
  });

  it('explains the type on failure', () => {
    expect(run(new IsInstance({ typeName: 'string' }), 3)).toMatchObject({
      value: false,
      reason: 'output is of type number',
    });
    expect(run(new IsInstance({ typeName: 'Dog' }), new Animal())).toMatchObject({
      reason: 'output is of type Animal',
    });
  });

  it('needs a type name', () => {
    expect(() => new IsInstance({ typeName: '' })).toThrow(/IsInstance expects/);
  });
});

describe('MaxDuration', () => {
  it('is inclusive and always named MaxDuration', async () => {
    expect(run(new MaxDuration({ seconds: 1 }), 'x', { duration: 1 })).toBe(true);
    expect(run(new MaxDuration({ seconds: 1 }), 'x', { duration: 1.001 })).toBe(false);
    const ds = new Dataset({
      name: 'd',
      cases: [{ inputs: 1 }],
      evaluators: [new MaxDuration({ seconds: 10 })],
    });
    const report = await ds.evaluate((x: number) => x);
    expect(Object.keys(report.cases[0]!.assertions)).toEqual(['MaxDuration']);
  });

  it('rejects a negative or missing limit', () => {
    expect(() => new MaxDuration({ seconds: -1 })).toThrow(/seconds: number >= 0/);
    expect(() => new MaxDuration({} as never)).toThrow(/seconds: number >= 0/);
  });
});

describe('MatchesSchema', () => {
  const schema = z.object({ answer: z.string(), confidence: z.number().min(0).max(1) });

  it('passes a valid output and lists the issues of an invalid one', async () => {
    const ds = new Dataset({
      name: 'd',
      cases: [
        { name: 'good', inputs: 0.5 },
        { name: 'bad', inputs: 2 },
      ],
      evaluators: [new MatchesSchema({ schema, evaluationName: 'shape' })],
    });
    const report = await ds.evaluate((c: number) => ({ answer: 'x', confidence: c }));
    expect(report.cases[0]!.assertions.shape!.value).toBe(true);
    const bad = report.cases[1]!.assertions.shape!;
    expect(bad.value).toBe(false);
    expect(bad.reason).toMatch(/^confidence: /);
  });

  it('needs a Standard Schema', () => {
    expect(() => new MatchesSchema({ schema: {} as never })).toThrow(/Standard Schema/);
  });
});

describe('evaluationName', () => {
  it('renames the result of every built-in that takes it', async () => {
    const ds = new Dataset({
      name: 'd',
      cases: [{ inputs: 1, expectedOutput: 1 }],
      evaluators: [
        new Equals({ value: 1, evaluationName: 'is_one' }),
        new EqualsExpected({ evaluationName: 'matches' }),
        new Contains({ value: 1, evaluationName: 'has' }),
        new IsInstance({ typeName: 'int', evaluationName: 'typed' }),
      ],
    });
    const c = (await ds.evaluate((x: number) => [x])).cases[0]!;
    expect(Object.keys(c.assertions)).toEqual(['is_one', 'matches', 'has', 'typed']);
  });
});
