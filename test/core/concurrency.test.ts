import { type Case, CaseLifecycle, type CaseSource, Dataset, evaluator } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { deferred, flush, InFlightCounter } from '../helpers/counting.js';

const numbered = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, inputs: i }));

/** A dataset whose cases come from a generator, counting how many the engine has pulled. */
class CountingDataset extends Dataset<number> {
  pulled = 0;
  readonly #n: number;
  constructor(n: number) {
    super({ name: 'lazy' });
    this.#n = n;
  }
  override caseSource(): CaseSource<number> {
    const self = this;
    function* cases(): Generator<Case<number>> {
      for (let i = 0; i < self.#n; i++) {
        self.pulled++;
        yield {
          name: `c${i}`,
          inputs: i,
          expectedOutput: undefined,
          metadata: undefined,
          evaluators: [],
        } as never;
      }
    }
    return { cases: cases(), size: this.#n };
  }
}

describe('maxConcurrency', () => {
  it.each([1, 3, 10])('never has more than %i cases in flight, and reaches the limit', async (limit) => {
    const counter = new InFlightCounter();
    const ds = new Dataset({ name: 'd', cases: numbered(40) });
    const report = await ds.evaluate(
      async () => {
        counter.enter();
        await flush(2);
        counter.exit();
      },
      { maxConcurrency: limit },
    );
    expect(counter.peak).toBe(limit);
    expect(report.cases).toHaveLength(40);
  });

  it('counts a case until its evaluators finish', async () => {
    const counter = new InFlightCounter();
    const ds = new Dataset({
      name: 'd',
      cases: numbered(12),
      evaluators: [
        evaluator('slow', async () => {
          await flush(3);
          counter.exit();
          return true;
        }),
      ],
    });
    await ds.evaluate(() => counter.enter(), { maxConcurrency: 4 });
    expect(counter.peak).toBe(4);
  });

  it('runs every case at once when unlimited', async () => {
    const counter = new InFlightCounter();
    const gate = deferred();
    const ds = new Dataset({ name: 'd', cases: numbered(50) });
    const done = ds.evaluate(async () => {
      counter.enter();
      await gate.promise;
      counter.exit();
    });
    await flush();
    expect(counter.peak).toBe(50);
    gate.resolve();
    expect((await done).cases).toHaveLength(50);
  });

  it('pulls cases lazily: never more than the limit (plus one waiting) ahead of the finished ones', async () => {
    const ds = new CountingDataset(100);
    const gates: { resolve: () => void }[] = [];
    const done = ds.evaluate(
      () => {
        const g = deferred();
        gates.push({ resolve: () => g.resolve() });
        return g.promise;
      },
      { maxConcurrency: 2 },
    );
    await flush();
    expect(gates).toHaveLength(2);
    expect(ds.pulled).toBeLessThanOrEqual(3);
    gates[0]!.resolve();
    await flush();
    expect(gates).toHaveLength(3);
    expect(ds.pulled).toBeLessThanOrEqual(4);
    for (let i = 0; i < 100; i++) {
      await flush(1);
      for (const g of gates) g.resolve();
    }
    const report = await done;
    expect(report.cases).toHaveLength(100);
    expect(report.cases.map((c) => c.name).slice(0, 3)).toEqual(['c0', 'c1', 'c2']);
  });

  it('with unlimited concurrency and a sync task, finishes cases as it goes instead of starting all first', async () => {
    const ds = new CountingDataset(5000);
    let maxAhead = 0;
    let finished = 0;
    await ds.evaluate(
      () => {
        maxAhead = Math.max(maxAhead, ds.pulled - finished);
        finished++;
      },
      { progress: false },
    );
    expect(finished).toBe(5000);
    expect(maxAhead).toBeLessThanOrEqual(300);
  });
});

describe('evaluatorConcurrency', () => {
  it('limits evaluator calls across all cases, separately from maxConcurrency', async () => {
    const counter = new InFlightCounter();
    const judge = evaluator('judge', async () => {
      counter.enter();
      await flush(2);
      counter.exit();
      return true;
    });
    const ds = new Dataset({ name: 'd', cases: numbered(30), evaluators: [judge, judge, judge] });
    const report = await ds.evaluate(() => 1, { maxConcurrency: 10, evaluatorConcurrency: 4 });
    expect(counter.peak).toBe(4);
    expect(report.cases.every((c) => Object.keys(c.assertions).length === 3)).toBe(true);
  });

  it('without it, evaluators of in-flight cases all run at once', async () => {
    const counter = new InFlightCounter();
    const judge = evaluator('judge', async () => {
      counter.enter();
      await flush(2);
      counter.exit();
      return true;
    });
    const ds = new Dataset({ name: 'd', cases: numbered(10), evaluators: [judge, judge] });
    await ds.evaluate(() => 1, { maxConcurrency: 5 });
    expect(counter.peak).toBe(10);
  });
});

describe('a failing case source', () => {
  it('stops dispatch, lets started cases finish (teardown included), then rejects with the source error', async () => {
    const tornDown: string[] = [];
    class BrokenStream extends Dataset<number> {
      override caseSource(): CaseSource<number> {
        async function* cases(): AsyncGenerator<Case<number>> {
          for (let i = 0; i < 3; i++) yield { name: `c${i}`, inputs: i, evaluators: [] } as never;
          throw new Error('line 4: bad JSON');
        }
        return { cases: cases(), size: undefined };
      }
    }
    const ds = new BrokenStream({ name: 'stream' });
    const gate = deferred();
    const done = ds.evaluate(
      async (i: number) => {
        await gate.promise;
        return i;
      },
      {
        lifecycle: (c) =>
          new (class extends CaseLifecycle {
            override teardown() {
              tornDown.push(c.name!);
            }
          })(c),
      },
    );
    await flush();
    gate.resolve();
    await expect(done).rejects.toThrow('line 4: bad JSON');
    expect(tornDown.sort()).toEqual(['c0', 'c1', 'c2']);
  });
});
