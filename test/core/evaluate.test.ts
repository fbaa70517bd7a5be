import { Case, Dataset, EqualsExpected, Evaluator, OptionsError, type TaskContext } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { deferred, flush } from '../helpers/counting.js';

describe('dataset.evaluate', () => {
  it('runs a sync task and reports cases in dataset order', async () => {
    const ds = new Dataset({
      name: 'double',
      cases: [1, 2, 3].map((n) => ({ name: `c${n}`, inputs: n, expectedOutput: n * 2 })),
      evaluators: [new EqualsExpected()],
    });
    const report = await ds.evaluate((x: number) => x * 2, { progress: false });
    expect(report.cases.map((c) => c.name)).toEqual(['c1', 'c2', 'c3']);
    expect(report.cases.map((c) => c.output)).toEqual([2, 4, 6]);
    expect(report.cases.every((c) => c.assertions.EqualsExpected!.value)).toBe(true);
    expect(report.failures).toEqual([]);
    expect(report.aborted).toBe(false);
  });

  it('keeps dataset order when cases finish in reverse order', async () => {
    const gates = [deferred(), deferred(), deferred()];
    const ds = new Dataset({ name: 'd', cases: [0, 1, 2].map((i) => ({ name: `c${i}`, inputs: i })) });
    const done = ds.evaluate(async (i: number) => {
      await gates[i]!.promise;
      return i;
    });
    await flush();
    gates[2]!.resolve();
    await flush();
    gates[1]!.resolve();
    await flush();
    gates[0]!.resolve();
    const report = await done;
    expect(report.cases.map((c) => c.name)).toEqual(['c0', 'c1', 'c2']);
  });

  it('turns a thrown task error into a failure and goes on', async () => {
    class QuotaError extends Error {}
    const ds = new Dataset({
      name: 'd',
      cases: [{ name: 'ok', inputs: 1 }, { name: 'bad', inputs: 2 }, { inputs: 3 }],
    });
    const report = await ds.evaluate((x: number) => {
      if (x === 2) throw new QuotaError('over quota');
      if (x === 3) throw 'a string';
      return x;
    });
    expect(report.cases.map((c) => c.name)).toEqual(['ok']);
    expect(report.failures.map((f) => [f.name, f.errorMessage])).toEqual([
      ['bad', 'QuotaError: over quota'],
      ['Case 3', 'Error: a string'],
    ]);
    expect(report.failures[0]!.errorStack).toContain('QuotaError: over quota');
    expect(report.failures[0]!.inputs).toBe(2);
    expect('output' in report.failures[0]!).toBe(false);
  });

  it('fails a case, sync or async, whose own evaluator cannot even be read, and ends the run', async () => {
    class Unreadable extends Evaluator {
      override get evaluationName(): string {
        throw new Error('no name');
      }
      evaluate() {
        return true;
      }
    }
    const ds = new Dataset<number, number>({
      name: 'd',
      cases: [
        new Case({ name: 'bad', inputs: 1, evaluators: [new Unreadable()] }),
        { name: 'good', inputs: 2 },
      ],
    });
    const tasks: ((x: number) => number | Promise<number>)[] = [(x) => x, async (x) => x];
    for (const task of tasks) {
      const report = await ds.evaluate(task, { progress: false });
      expect(report.failures.map((f) => [f.name, f.errorMessage])).toEqual([['bad', 'Error: no name']]);
      expect(report.cases.map((c) => c.name)).toEqual(['good']);
    }
  });

  it('awaits an async task and never stores a promise', async () => {
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 'a' }] });
    const report = await ds.evaluate(async (s: string) => s.toUpperCase());
    expect(report.cases[0]!.output).toBe('A');
  });

  it('awaits a promise returned by a plain function', async () => {
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 'a' }] });
    const report = await ds.evaluate((s: string) => Promise.resolve(`${s}!`));
    expect(report.cases[0]!.output).toBe('a!');
  });

  it('accepts thenables: one that settles at once, twice, or whose then throws', async () => {
    const ds = new Dataset<number, number>({
      name: 'd',
      cases: [1, 2, 3].map((x) => ({ name: `c${x}`, inputs: x, expectedOutput: x * 10 })),
      evaluators: [new EqualsExpected()],
    });
    const task = (x: number): PromiseLike<number> => ({
      // biome-ignore lint/suspicious/noThenProperty: a hand-made thenable is the point of this test
      then(onValue, onError) {
        if (x === 3) throw new Error('then broke');
        onValue?.(x * 10);
        onValue?.(-1); // a second settlement is ignored
        onError?.(new Error('ignored too'));
        return undefined as never;
      },
    });
    // The type asks for a Promise; at run time any thenable (a library's own promise type) is awaited.
    const report = await ds.evaluate(task as (x: number) => Promise<number>, { progress: false });
    expect(report.cases.map((c) => [c.name, c.output, c.assertions.EqualsExpected!.value])).toEqual([
      ['c1', 10, true],
      ['c2', 20, true],
    ]);
    expect(report.failures.map((f) => [f.name, f.errorMessage])).toEqual([['c3', 'Error: then broke']]);
  });

  it('passes inputs and { signal, caseName, attempt } to the task', async () => {
    const seen: [unknown, string, number, boolean][] = [];
    const ds = new Dataset({ name: 'd', cases: [{ name: 'first', inputs: { q: 1 } }, { inputs: { q: 2 } }] });
    await ds.evaluate((inputs: { q: number }, ctx: TaskContext) => {
      seen.push([inputs, ctx.caseName, ctx.attempt, ctx.signal instanceof AbortSignal]);
    });
    expect(seen).toEqual([
      [{ q: 1 }, 'first', 1, true],
      [{ q: 2 }, 'Case 2', 1, true],
    ]);
  });

  it('names the report after name, then taskName, then the function', async () => {
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    function myTask(x: number) {
      return x;
    }
    expect((await ds.evaluate(myTask)).name).toBe('myTask');
    expect((await ds.evaluate(myTask, { taskName: 'renamed' })).name).toBe('renamed');
    expect((await ds.evaluate(myTask, { taskName: 't', name: 'exp-1' })).name).toBe('exp-1');
  });

  it('keeps experiment metadata on the report', async () => {
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    const report = await ds.evaluate((x: number) => x, { metadata: { model: 'gpt', temperature: 0.2 } });
    expect(report.experimentMetadata).toEqual({ model: 'gpt', temperature: 0.2 });
  });

  it('evaluates an empty dataset', async () => {
    const report = await new Dataset({ name: 'd' }).evaluate(() => 1);
    expect(report.cases).toEqual([]);
    expect(report.averages()).toBeUndefined();
  });

  it('measures task duration of the attempt and total duration including evaluators', async () => {
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    const report = await ds.evaluate(async (x: number) => {
      await new Promise((r) => setTimeout(r, 5));
      return x;
    });
    const c = report.cases[0]!;
    expect(c.taskDuration).toBeGreaterThan(0);
    expect(c.totalDuration).toBeGreaterThanOrEqual(c.taskDuration);
  });

  it.each([
    [{ maxConcurrency: 0 }, 'maxConcurrency must be >= 1, got 0'],
    [{ maxConcurrency: 1.5 }, 'maxConcurrency must be >= 1, got 1.5'],
    [{ evaluatorConcurrency: -1 }, 'evaluatorConcurrency must be >= 1, got -1'],
    [{ repeat: 0 }, 'repeat must be >= 1, got 0'],
    [{ timeoutMs: 0 }, 'timeoutMs must be a number > 0, got 0'],
    [{ retryTask: {} }, 'retryTask.retries must be an integer >= 0, got undefined'],
    [
      { retryEvaluators: { retries: 1, factor: 0.5 } },
      'retryEvaluators.factor must be a finite number >= 1, got 0.5',
    ],
    [{ progress: 'yes' }, "progress must be a boolean or a listener function, got 'yes'"],
    [{ signal: {} }, 'signal must be an AbortSignal, got an object'],
    [{ lifecycle: {} }, 'lifecycle must be a CaseLifecycle class or a factory function, got an object'],
    [{ metadata: [] }, 'metadata must be a plain object, got an array'],
  ])('rejects bad options before anything runs: %o', async (options, message) => {
    let calls = 0;
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    const promise = ds.evaluate(() => calls++, options as never);
    await expect(promise).rejects.toThrow(OptionsError);
    await expect(promise).rejects.toThrow(message);
    expect(calls).toBe(0);
    expect(() => ds.run(() => calls++, options as never)).toThrow(message);
  });

  it('rejects a task that is not a function', async () => {
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    await expect(ds.evaluate('nope' as never)).rejects.toThrow('task must be a function');
  });
});
