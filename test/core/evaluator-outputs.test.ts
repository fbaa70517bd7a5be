import { Case, Dataset, EvaluationReason, Evaluator, type EvaluatorContext, evaluator } from 'typed-evals';
import { describe, expect, it } from 'vitest';

async function evaluateOne(...evaluators: Evaluator[]) {
  const ds = new Dataset({ name: 'd', cases: [{ name: 'c', inputs: 'in' }], evaluators });
  const report = await ds.evaluate(() => 'out');
  return report.cases[0]!;
}

describe('evaluator return values', () => {
  it('routes boolean → assertion, number → score, string → label under the evaluator name', async () => {
    const c = await evaluateOne(
      evaluator('ok', () => true),
      evaluator('score', () => 0.5),
      evaluator('int', () => 3),
      evaluator('label', () => 'good'),
    );
    expect(c.assertions.ok).toEqual({ name: 'ok', value: true, source: { name: 'ok', arguments: null } });
    expect(c.scores.score!.value).toBe(0.5);
    expect(c.scores.int!.value).toBe(3);
    expect(c.labels.label!.value).toBe('good');
  });

  it('reads EvaluationReason and { value, reason } objects as one result with a reason', async () => {
    const c = await evaluateOne(
      evaluator('a', () => new EvaluationReason(false, 'too long')),
      evaluator('b', () => ({ value: 0.25, reason: 'partial' })),
      evaluator('c', () => ({ value: 'x' })),
    );
    expect(c.assertions.a).toMatchObject({ value: false, reason: 'too long' });
    expect(c.scores.b).toMatchObject({ value: 0.25, reason: 'partial' });
    expect(c.labels.c).toMatchObject({ value: 'x' });
    expect(c.labels.c!.reason).toBeUndefined();
  });

  it('a flat record gives several named results; {} records nothing', async () => {
    const c = await evaluateOne(
      evaluator('multi', () => ({ accurate: true, relevance: 0.9, tone: new EvaluationReason('calm', 'r') })),
      evaluator('none', () => ({})),
    );
    expect(Object.keys(c.assertions)).toEqual(['accurate']);
    expect(c.scores.relevance!.value).toBe(0.9);
    expect(c.labels.tone).toMatchObject({ value: 'calm', reason: 'r' });
    expect(c.evaluatorFailures).toEqual([]);
  });

  it('an object with keys value and reason is one result, never two', async () => {
    const c = await evaluateOne(evaluator('shape', () => ({ value: true, reason: 'fine' })));
    expect(Object.keys(c.assertions)).toEqual(['shape']);
    expect(c.labels).toEqual({});
  });

  it('gives repeated names _2, _3 suffixes across types, case evaluators first', async () => {
    const ds = new Dataset({
      name: 'd',
      cases: [new Case({ name: 'c', inputs: 1, evaluators: [evaluator('own', () => ({ x: 'first' }))] })],
      evaluators: [
        evaluator('a', () => ({ x: true })),
        evaluator('b', () => ({ x: 2 })),
        evaluator('c', () => ({ x: 3 })),
      ],
    });
    const c = (await ds.evaluate(() => 1)).cases[0]!;
    expect(c.labels.x!.value).toBe('first');
    expect(c.assertions.x_2!.value).toBe(true);
    expect(c.scores.x_3!.value).toBe(2);
    expect(c.scores.x_4!.value).toBe(3);
    expect(c.scores.x_3!.name).toBe('x');
  });

  it.each([
    ['NaN', Number.NaN, 'NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'Infinity'],
    ['an array', [1, 2], '[1,2]'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['a nested record', { a: { b: 1 } }, "at 'a'"],
    ['a bad entry in a record', { good: true, bad: Number.NaN }, "at 'bad': NaN"],
    ['a reason with a non-string reason', { value: true, reason: 3 }, '(a { value, reason } result)'],
    ['a Date', new Date(0), '1970'],
  ])('turns %s into an evaluator failure and discards the whole record', async (_label, value, text) => {
    const c = await evaluateOne(
      evaluator('bad', () => value as never),
      evaluator('fine', () => true),
    );
    expect(c.evaluatorFailures).toHaveLength(1);
    const failure = c.evaluatorFailures[0]!;
    expect(failure.name).toBe('bad');
    expect(failure.errorType).toBe('EvaluatorOutputError');
    expect(failure.errorMessage).toContain('EvaluatorOutputError: bad.evaluate returned an invalid value');
    expect(failure.errorMessage).toContain(text);
    expect(failure.source).toEqual({ name: 'bad', arguments: null });
    expect(Object.keys(c.assertions)).toEqual(['fine']);
    expect(c.scores).toEqual({});
  });

  it('records a throwing evaluator (sync or async) as a failure; the case still stands', async () => {
    class Boom extends Evaluator {
      evaluate(): boolean {
        throw new RangeError('sync boom');
      }
    }
    const c = await evaluateOne(
      new Boom(),
      evaluator('async', async () => {
        throw new Error('async boom');
      }),
      evaluator('ok', async () => 1),
    );
    expect(c.evaluatorFailures.map((f) => [f.name, f.errorType, f.errorMessage])).toEqual([
      ['Boom', 'RangeError', 'RangeError: sync boom'],
      ['async', 'Error', 'Error: async boom'],
    ]);
    expect(c.evaluatorFailures[0]!.errorStack).toContain('sync boom');
    expect(c.scores.ok!.value).toBe(1);
  });

  it('gives evaluators the context of the case', async () => {
    let seen: EvaluatorContext | undefined;
    const ds = new Dataset({
      name: 'd',
      cases: [{ name: 'c', inputs: { q: 1 }, expectedOutput: 'E', metadata: { lang: 'en' } }],
      evaluators: [
        evaluator('spy', (ctx) => {
          seen = ctx;
          return {};
        }),
      ],
    });
    await ds.evaluate(() => 'O');
    expect(seen).toMatchObject({
      name: 'c',
      inputs: { q: 1 },
      expectedOutput: 'E',
      metadata: { lang: 'en' },
      output: 'O',
    });
    expect(seen!.duration).toBeGreaterThanOrEqual(0);
    expect(() => seen!.spanTree).toThrow(/Spans were not captured/);
  });

  it('class evaluators are named by static evaluatorName, else the class name', async () => {
    class StartsWithExpected extends Evaluator {
      static override evaluatorName = 'StartsWith';
      evaluate(ctx: EvaluatorContext<string, string>) {
        return ctx.output.startsWith('o');
      }
    }
    class Plain extends Evaluator {
      evaluate() {
        return 1;
      }
    }
    const c = await evaluateOne(new StartsWithExpected(), new Plain());
    expect(c.assertions.StartsWith!.source).toEqual({ name: 'StartsWith', arguments: null });
    expect(c.scores.Plain!.value).toBe(1);
  });

  it('evaluator() checks its arguments', () => {
    expect(() => evaluator('', () => 1)).toThrow(/non-empty string/);
    expect(() => evaluator('x', 3 as never)).toThrow(/must be a function/);
  });

  it('shares plain pass/fail results between cases, frozen, and equal assertion records', async () => {
    const ds = new Dataset({
      name: 'd',
      cases: [0, 1, 2, 3].map((i) => ({ name: `c${i}`, inputs: i })),
      evaluators: [
        evaluator('small', (ctx) => ctx.output < 2),
        evaluator('why', (ctx) => new EvaluationReason(ctx.output < 2, ctx.output < 2 ? undefined : 'big')),
        evaluator('half', (ctx) => ctx.output / 2),
      ],
    });
    const [c0, c1, c2, c3] = (await ds.evaluate((x: number) => x, { progress: false })).cases;
    expect(c1!.assertions.small).toBe(c0!.assertions.small);
    expect(c1!.assertions.why).toBe(c0!.assertions.why);
    expect(c1!.assertions).toBe(c0!.assertions);
    expect(Object.isFrozen(c0!.assertions.small)).toBe(true);
    expect(c3!.assertions.small).toBe(c2!.assertions.small);
    expect(c2!.assertions.small).toEqual({
      name: 'small',
      value: false,
      source: { name: 'small', arguments: null },
    });
    // A result with a reason is the case's own, and so is a record holding it.
    expect(c2!.assertions.why).toMatchObject({ value: false, reason: 'big' });
    expect(c3!.assertions.why).not.toBe(c2!.assertions.why);
    expect(c3!.assertions).not.toBe(c2!.assertions);
    expect(c1!.scores.half).not.toBe(c0!.scores.half);
    expect(c1!.scores.half!.value).toBe(0.5);
  });

  it('gives evaluators a context whose empty records are shared and read-only, and a lifecycle its own', async () => {
    const ds = new Dataset({
      name: 'd',
      cases: [{ name: 'c', inputs: 1 }],
      evaluators: [
        evaluator('writes', (ctx) => {
          (ctx.metrics as Record<string, number>).x = 1;
          return true;
        }),
      ],
    });
    const c = (await ds.evaluate((x: number) => x, { progress: false })).cases[0]!;
    expect(c.evaluatorFailures.map((f) => f.errorType)).toEqual(['TypeError']);
    expect(c.metrics).toEqual({});
  });

  it('routes each case exactly, whatever results earlier cases shared', async () => {
    const own = (x: number) => (x % 4 === 0 ? [evaluator('a', () => x > 8)] : []);
    const ds = new Dataset({
      name: 'd',
      cases: Array.from({ length: 24 }, (_, x) => new Case({ name: `c${x}`, inputs: x, evaluators: own(x) })),
      evaluators: [
        evaluator('a', (ctx) => ctx.output % 2 === 0),
        evaluator('b', (ctx) => new EvaluationReason(ctx.output % 3 === 0)),
        evaluator('m', (ctx) =>
          ctx.output % 6 === 5 ? { a: ctx.output > 12, s: 1 } : ({} as Record<string, number>),
        ),
      ],
    });
    const report = await ds.evaluate((x: number) => x, { progress: false });
    for (const c of report.cases) {
      const x = c.inputs as number;
      const expected: Record<string, boolean> = {};
      const names: string[] = [];
      const push = (name: string, value: boolean) => {
        let key = name;
        for (let i = 2; key in expected; i++) key = `${name}_${i}`;
        expected[key] = value;
        names.push(name);
      };
      if (x % 4 === 0) push('a', x > 8);
      push('a', x % 2 === 0);
      push('b', x % 3 === 0);
      if (x % 6 === 5) push('a', x > 12);
      const actual = Object.fromEntries(Object.entries(c.assertions).map(([k, r]) => [k, r.value]));
      expect(actual, c.name).toEqual(expected);
      expect(
        Object.values(c.assertions).map((r) => r.name),
        c.name,
      ).toEqual(names);
      expect(Object.keys(c.scores), c.name).toEqual(x % 6 === 5 ? ['s'] : []);
    }
  });

  it('gives each case only its own results when cases alternate labels, scores, failures and async results', async () => {
    const ds = new Dataset({
      name: 'd',
      cases: Array.from({ length: 16 }, (_, x) => ({ name: `c${x}`, inputs: x })),
      evaluators: [
        evaluator('kind', (ctx): string | number | Promise<boolean> => {
          const x = ctx.output as number;
          if (x % 4 === 0) return `label ${x}`;
          if (x % 4 === 1) return x / 10;
          if (x % 4 === 2) throw new Error(`bad ${x}`);
          return new Promise((resolve) => setTimeout(() => resolve(x > 6), 16 - x));
        }),
        evaluator('ok', () => true),
      ],
    });
    const report = await ds.evaluate((x: number) => x, { progress: false });
    expect(report.cases).toHaveLength(16);
    for (const c of report.cases) {
      const x = c.inputs as number;
      const values = (record: Record<string, { value: unknown }>) =>
        Object.fromEntries(Object.entries(record).map(([k, r]) => [k, r.value]));
      expect(values(c.labels), c.name).toEqual(x % 4 === 0 ? { kind: `label ${x}` } : {});
      expect(values(c.scores), c.name).toEqual(x % 4 === 1 ? { kind: x / 10 } : {});
      expect(
        c.evaluatorFailures.map((f) => f.errorMessage),
        c.name,
      ).toEqual(x % 4 === 2 ? [`Error: bad ${x}`] : []);
      expect(values(c.assertions), c.name).toEqual(x % 4 === 3 ? { kind: x > 6, ok: true } : { ok: true });
    }
  });

  it('shares an assertions record only when the keys and results match, also after a partial match', async () => {
    // Per case: [p, q, r] pass/fail, or undefined for "returns nothing"; m may add a score named 'p'.
    const rows: [boolean, boolean, boolean | undefined, boolean][] = [
      [true, true, true, false],
      [true, true, true, false], // the same: shares the first record
      [true, true, false, false], // matches two, then differs
      [true, true, false, false],
      [true, true, undefined, false], // fewer assertions than the shared record
      [true, true, undefined, true], // m's score takes 'p': p's assertion becomes 'p_2'
    ];
    const ds = new Dataset({
      name: 'd',
      cases: rows.map((row, i) => ({ name: `c${i}`, inputs: row })),
      evaluators: [
        evaluator('m', (ctx) => (ctx.output[3] ? { p: 0.5 } : ({} as Record<string, number>))),
        evaluator('p', (ctx) => ctx.output[0]),
        evaluator('q', (ctx) => ctx.output[1]),
        evaluator('r', (ctx) => (ctx.output[2] === undefined ? {} : ctx.output[2])),
      ],
    });
    const cases = (await ds.evaluate((row: (typeof rows)[number]) => row, { progress: false })).cases;
    const values = cases.map((c) =>
      Object.fromEntries(Object.entries(c.assertions).map(([k, r]) => [k, r.value])),
    );
    expect(values).toEqual([
      { p: true, q: true, r: true },
      { p: true, q: true, r: true },
      { p: true, q: true, r: false },
      { p: true, q: true, r: false },
      { p: true, q: true },
      { p_2: true, q: true },
    ]);
    expect(cases[1]!.assertions).toBe(cases[0]!.assertions);
    expect(cases[3]!.assertions).toBe(cases[2]!.assertions);
    expect(cases[5]!.scores.p!.value).toBe(0.5);
  });
});
