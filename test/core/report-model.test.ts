import { Dataset, EvaluationReport, evaluator, type ReportCase } from 'typed-evals';
import { describe, expect, it } from 'vitest';

function reportCase(
  name: string,
  fields: Partial<ReportCase> & { s?: Record<string, number>; a?: boolean[]; l?: Record<string, string> },
): ReportCase {
  const src = { name: 'e', arguments: null };
  return {
    name,
    inputs: null,
    metadata: undefined,
    expectedOutput: undefined,
    output: null,
    metrics: fields.metrics ?? {},
    attributes: {},
    scores: Object.fromEntries(
      Object.entries(fields.s ?? {}).map(([k, v]) => [k, { name: k, value: v, source: src }]),
    ),
    labels: Object.fromEntries(
      Object.entries(fields.l ?? {}).map(([k, v]) => [k, { name: k, value: v, source: src }]),
    ),
    assertions: Object.fromEntries(
      (fields.a ?? []).map((v, i) => [`a${i}`, { name: `a${i}`, value: v, source: src }]),
    ),
    taskDuration: fields.taskDuration ?? 1,
    totalDuration: fields.totalDuration ?? 2,
    sourceCaseName: fields.sourceCaseName,
    evaluatorFailures: [],
  };
}

describe('averages()', () => {
  it('averages scores and metrics over the cases that have them, labels as frequencies, assertions as a pass rate', () => {
    const report = new EvaluationReport({
      name: 'r',
      cases: [
        reportCase('a', {
          s: { acc: 1, f1: 0.5 },
          a: [true, false],
          l: { tone: 'calm' },
          metrics: { tokens: 10 },
          taskDuration: 1,
        }),
        reportCase('b', { s: { acc: 0 }, a: [true], l: { tone: 'angry' }, taskDuration: 3 }),
        reportCase('c', {
          s: { acc: 0.5 },
          a: [],
          l: { tone: 'calm' },
          metrics: { tokens: 20 },
          taskDuration: 2,
        }),
      ],
    });
    expect(report.averages()).toEqual({
      name: 'Averages',
      scores: { acc: 0.5, f1: 0.5 },
      labels: { tone: { calm: 2 / 3, angry: 1 / 3 } },
      metrics: { tokens: 15 },
      assertions: 2 / 3,
      taskDuration: 2,
      totalDuration: 2,
    });
  });

  it('gives null assertions when no case has one, and undefined with no cases', () => {
    expect(
      new EvaluationReport({ name: 'r', cases: [reportCase('a', {})] }).averages()!.assertions,
    ).toBeNull();
    expect(new EvaluationReport({ name: 'r' }).averages()).toBeUndefined();
  });

  it('with repeats, averages the per-case means so each case weighs the same', () => {
    const report = new EvaluationReport({
      name: 'r',
      cases: [
        reportCase('x [1/2]', { sourceCaseName: 'x', s: { q: 1 }, a: [true] }),
        reportCase('x [2/2]', { sourceCaseName: 'x', s: { q: 0 }, a: [false] }),
        reportCase('y [1/2]', { sourceCaseName: 'y', s: { q: 1 }, a: [true] }),
      ],
      failures: [
        {
          name: 'y [2/2]',
          sourceCaseName: 'y',
          inputs: null,
          metadata: undefined,
          expectedOutput: undefined,
          errorMessage: 'Error: e',
          errorStack: '',
        },
      ],
    });
    const avg = report.averages()!;
    expect(avg.scores.q).toBeCloseTo(0.75);
    expect(avg.assertions).toBeCloseTo(0.75);
    const groups = report.caseGroups()!;
    expect(groups.map((g) => [g.name, g.runs.length, g.failures.length, g.summary.scores.q])).toEqual([
      ['x', 2, 0, 0.5],
      ['y', 1, 1, 1],
    ]);
  });

  it('caseGroups() is undefined without repeats', () => {
    expect(new EvaluationReport({ name: 'r', cases: [reportCase('a', {})] }).caseGroups()).toBeUndefined();
  });
});

describe('repeat', () => {
  it("names runs 'name [i/n]' case-major with sourceCaseName, unnamed as 'Case N [i/n]'", async () => {
    const ds = new Dataset({ name: 'd', cases: [{ name: 'a', inputs: 1 }, { inputs: 2 }] });
    const seen: string[] = [];
    const report = await ds.evaluate(
      (x: number, ctx) => {
        seen.push(ctx.caseName);
        return x;
      },
      { repeat: 3, maxConcurrency: 1 },
    );
    const expected = ['a [1/3]', 'a [2/3]', 'a [3/3]', 'Case 2 [1/3]', 'Case 2 [2/3]', 'Case 2 [3/3]'];
    expect(seen).toEqual(expected);
    expect(report.cases.map((c) => c.name)).toEqual(expected);
    expect(report.cases.map((c) => c.sourceCaseName)).toEqual(['a', 'a', 'a', 'Case 2', 'Case 2', 'Case 2']);
    expect(report.caseGroups()!.map((g) => g.name)).toEqual(['a', 'Case 2']);
  });

  it('keeps names unchanged and sourceCaseName undefined with repeat 1', async () => {
    const report = await new Dataset({ name: 'd', cases: [{ name: 'a', inputs: 1 }] }).evaluate(
      (x: number) => x,
    );
    expect(report.cases[0]!.name).toBe('a');
    expect(report.cases[0]!.sourceCaseName).toBeUndefined();
  });

  it('evaluators see the original case name', async () => {
    const names: (string | undefined)[] = [];
    const ds = new Dataset({
      name: 'd',
      cases: [{ name: 'a', inputs: 1 }, { inputs: 2 }],
      evaluators: [
        evaluator('n', (ctx) => {
          names.push(ctx.name);
          return {};
        }),
      ],
    });
    await ds.evaluate((x: number) => x, { repeat: 2, maxConcurrency: 1 });
    expect(names).toEqual(['a', 'a', undefined, undefined]);
  });
});

describe('toJSON / fromJSON', () => {
  it('round-trips a real report, including failures and averages', async () => {
    const ds = new Dataset({
      name: 'd',
      cases: [
        { name: 'ok', inputs: { q: 'x' }, expectedOutput: 'X', metadata: { lang: 'en' } },
        { name: 'bad', inputs: { q: 'boom' } },
      ],
      evaluators: [evaluator('len', (ctx) => ({ value: String(ctx.output).length, reason: 'chars' }))],
    });
    const report = await ds.evaluate(
      (i: { q: string }) => {
        if (i.q === 'boom') throw new Error('exploded');
        return i.q.toUpperCase();
      },
      { metadata: { model: 'm1' }, repeat: 2 },
    );
    const json = JSON.parse(JSON.stringify(report.toJSON()));
    const back = EvaluationReport.fromJSON(json);
    expect(back.cases).toEqual(report.cases);
    expect(back.failures).toEqual(report.failures.map((f) => ({ ...f })));
    expect(back.averages()).toEqual(report.averages());
    expect(back.caseGroups()!.length).toBe(2);
    expect(back.experimentMetadata).toEqual({ model: 'm1' });
    expect(back.name).toBe(report.name);
  });

  it('makes values JSON-safe', () => {
    const report = new EvaluationReport({
      name: 'r',
      cases: [
        {
          ...reportCase('a', {}),
          output: { big: 10n, when: new Date(0), m: new Map([['k', 1]]), f: () => 1 },
        },
      ],
    });
    expect(report.toJSON().cases[0]!.output).toEqual({
      big: '10',
      when: '1970-01-01T00:00:00.000Z',
      m: { k: 1 },
    });
  });

  it.each([
    [null, 'Invalid saved report at report: expected an object, got null'],
    [{ cases: [] }, 'Invalid saved report at report.name: expected a string, got undefined'],
    [{ name: 'r', cases: {} }, 'Invalid saved report at report.cases: expected an array, got object'],
    [
      { name: 'r', cases: [{ name: 'a', taskDuration: 'x', totalDuration: 1 }] },
      'report.cases[0].taskDuration: expected a number',
    ],
    [{ name: 'r', failures: [{ name: 'f' }] }, 'report.failures[0].errorMessage: expected a string'],
    [{ name: 'r', format: 'other' }, "report.format: expected 'typed-evals/report'"],
  ])('fromJSON names the bad path: %o', (json, message) => {
    expect(() => EvaluationReport.fromJSON(json)).toThrow(message);
  });
});
