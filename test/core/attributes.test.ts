import { Dataset, evaluator, incrementEvalMetric, setEvalAttribute } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { flush } from '../helpers/counting.js';

async function helperThatRecords(tag: string) {
  await flush(1);
  setEvalAttribute('tag', tag);
  incrementEvalMetric('calls', 1);
}

describe('setEvalAttribute / incrementEvalMetric', () => {
  it('record on the current case in a sync task', async () => {
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 2 }, { inputs: 3 }] });
    const report = await ds.evaluate((x: number) => {
      setEvalAttribute('x', x);
      setEvalAttribute('x', x * 10);
      incrementEvalMetric('tokens', x);
      incrementEvalMetric('tokens', 1);
      incrementEvalMetric('zero', 0);
      return x;
    });
    expect(report.cases.map((c) => [c.attributes, c.metrics])).toEqual([
      [{ x: 20 }, { tokens: 3 }],
      [{ x: 30 }, { tokens: 4 }],
    ]);
  });

  it('follow the async call tree of each case, with concurrent cases kept apart', async () => {
    const ds = new Dataset({ name: 'd', cases: ['a', 'b', 'c', 'd'].map((t) => ({ name: t, inputs: t })) });
    const report = await ds.evaluate(async (t: string) => {
      await Promise.all([helperThatRecords(t), helperThatRecords(t)]);
      await new Promise((r) => setTimeout(r, 1));
      incrementEvalMetric('calls', 10);
      return t;
    });
    for (const c of report.cases) {
      expect(c.attributes).toEqual({ tag: c.inputs });
      expect(c.metrics).toEqual({ calls: 12 });
    }
  });

  it('follow a plain function that returns an async helper’s promise', async () => {
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 'p' }, { inputs: 'q' }] });
    const report = await ds.evaluate((t: string) => helperThatRecords(t).then(() => t));
    expect(report.cases.map((c) => c.attributes.tag)).toEqual(['p', 'q']);
  });

  it('are no-ops outside a task, including inside evaluators', async () => {
    expect(() => setEvalAttribute('x', 1)).not.toThrow();
    expect(() => incrementEvalMetric('x', 1)).not.toThrow();
    const ds = new Dataset({
      name: 'd',
      cases: [{ inputs: 1 }],
      evaluators: [
        evaluator('writes', () => {
          setEvalAttribute('fromEvaluator', true);
          return {};
        }),
      ],
    });
    const report = await ds.evaluate(() => 1);
    expect(report.cases[0]!.attributes).toEqual({});
  });

  it('keep only the successful attempt’s values', async () => {
    let attempt = 0;
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    const report = await ds.evaluate(
      async () => {
        attempt++;
        setEvalAttribute(`attempt${attempt}`, true);
        incrementEvalMetric('n', 1);
        if (attempt < 3) throw new Error('flaky');
        return 'ok';
      },
      { retryTask: { retries: 3, minDelayMs: 0 } },
    );
    expect(report.cases[0]!.attributes).toEqual({ attempt3: true });
    expect(report.cases[0]!.metrics).toEqual({ n: 1 });
  });

  it('rejects a non-finite metric amount', async () => {
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    const report = await ds.evaluate(() => incrementEvalMetric('m', Number.NaN));
    expect(report.failures[0]!.errorMessage).toContain('amount must be a finite number');
  });
});
