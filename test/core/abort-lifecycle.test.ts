import {
  type Case,
  CaseLifecycle,
  Dataset,
  type EvaluatorContext,
  evaluator,
  type ReportCase,
  type ReportCaseFailure,
  type TaskContext,
} from 'typed-evals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deferred, flush } from '../helpers/counting.js';

const numbered = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, inputs: i }));

describe('abort', () => {
  afterEach(() => vi.useRealTimers());

  it('an already aborted signal resolves at once with an empty aborted report', async () => {
    let calls = 0;
    const ds = new Dataset({ name: 'd', cases: numbered(3) });
    const report = await ds.evaluate(() => calls++, { signal: AbortSignal.abort() });
    expect(report.aborted).toBe(true);
    expect(report.cases).toEqual([]);
    expect(report.failures).toEqual([]);
    expect(calls).toBe(0);
  });

  it('stops starting cases, aborts running tasks, keeps finished ones, runs teardown', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const tornDown: string[] = [];
    class Track extends CaseLifecycle {
      override teardown(result: ReportCase | ReportCaseFailure | undefined) {
        tornDown.push(result?.name ?? 'none');
      }
    }
    const ds = new Dataset({ name: 'd', cases: numbered(10) });
    const done = ds.evaluate(
      (i: number, ctx: TaskContext) => {
        started.push(i);
        if (i === 0) return 'quick';
        if (i === 1) return 'finishes anyway';
        return new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)),
        );
      },
      { maxConcurrency: 3, signal: controller.signal, lifecycle: Track },
    );
    await flush();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    controller.abort();
    const report = await done;
    expect(report.aborted).toBe(true);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(report.cases.map((c) => c.name)).toEqual(['c0', 'c1']);
    expect(report.failures.map((f) => [f.name, f.errorMessage])).toEqual([
      ['c2', 'AbortError: This operation was aborted'],
      ['c3', 'AbortError: This operation was aborted'],
      ['c4', 'AbortError: This operation was aborted'],
    ]);
    expect(tornDown.sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(report.cases.length + report.failures.length).toBe(started.length);
  });

  it('returns promptly even when a running task ignores its signal', async () => {
    const controller = new AbortController();
    const ds = new Dataset({ name: 'd', cases: numbered(2) });
    const done = ds.evaluate(() => new Promise(() => {}), { signal: controller.signal });
    await flush();
    controller.abort(new Error('user pressed Ctrl-C'));
    const report = await done;
    expect(report.failures.map((f) => f.errorMessage)).toEqual([
      'AbortError: The evaluation was aborted: user pressed Ctrl-C',
      'AbortError: The evaluation was aborted: user pressed Ctrl-C',
    ]);
  });

  it('stops a case sleeping between retries without another attempt', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const controller = new AbortController();
    let attempts = 0;
    const ds = new Dataset({ name: 'd', cases: numbered(1) });
    const done = ds.evaluate(
      () => {
        attempts++;
        throw new Error('503');
      },
      { signal: controller.signal, retryTask: { retries: 5, minDelayMs: 60_000, jitter: false } },
    );
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    const report = await done;
    expect(attempts).toBe(1);
    expect(report.failures[0]!.errorMessage).toBe('AbortError: This operation was aborted');
  });

  it('gives evaluators the run signal, which aborts with the run', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const ds = new Dataset({
      name: 'd',
      cases: numbered(1),
      evaluators: [
        evaluator('judge', (ctx) => {
          seen = ctx.signal;
          return new Promise((resolve) => ctx.signal!.addEventListener('abort', () => resolve(false)));
        }),
      ],
    });
    const done = ds.evaluate((i: number) => i, { signal: controller.signal });
    await flush();
    expect(seen?.aborted).toBe(false);
    controller.abort();
    const report = await done;
    expect(seen?.aborted).toBe(true);
    expect(report.cases[0]!.assertions.judge!.value).toBe(false);
  });

  it('leaves cases waiting for a slot out of the report', async () => {
    const controller = new AbortController();
    const gates = numbered(5).map(() => deferred());
    const started: number[] = [];
    const ds = new Dataset({ name: 'd', cases: numbered(5) });
    const done = ds.evaluate(
      async (i: number) => {
        started.push(i);
        await gates[i]!.promise;
        return i;
      },
      { maxConcurrency: 1, signal: controller.signal },
    );
    await flush();
    gates[0]!.resolve();
    await flush();
    expect(started).toEqual([0, 1]);
    controller.abort();
    const report = await done;
    expect(started).toEqual([0, 1]);
    expect(report.cases.map((c) => c.name)).toEqual(['c0']);
    expect(report.failures.map((f) => f.name)).toEqual(['c1']);
  });
});

describe('CaseLifecycle', () => {
  it('calls setup, prepareContext, teardown in order, once per case run', async () => {
    const log: string[] = [];
    class Logging extends CaseLifecycle<number, number> {
      override async setup() {
        log.push(`setup ${this.case.name}`);
      }
      override prepareContext(ctx: EvaluatorContext<number, number>) {
        log.push(`prepare ${this.case.name}`);
        ctx.metrics.extra = 5;
        ctx.attributes.prepared = true;
        ctx.duration = 42;
        return ctx;
      }
      override teardown(result: ReportCase | ReportCaseFailure | undefined) {
        log.push(`teardown ${result?.name}`);
      }
    }
    const ds = new Dataset({
      name: 'd',
      cases: [{ name: 'a', inputs: 1 }],
      evaluators: [evaluator('seen', (ctx) => ctx.metrics.extra === 5)],
    });
    const report = await ds.evaluate(
      (x: number) => {
        log.push('task');
        return x;
      },
      { lifecycle: Logging },
    );
    expect(log).toEqual(['setup a', 'task', 'prepare a', 'teardown a']);
    const c = report.cases[0]!;
    expect(c.metrics).toEqual({ extra: 5 });
    expect(c.attributes).toEqual({ prepared: true });
    expect(c.taskDuration).toBe(42);
    expect(c.assertions.seen!.value).toBe(true);
  });

  it('accepts a factory function', async () => {
    const made: string[] = [];
    const ds = new Dataset({ name: 'd', cases: numbered(2) });
    await ds.evaluate((x: number) => x, {
      lifecycle: (c: Case) => {
        made.push(c.name!);
        return new CaseLifecycle(c);
      },
      repeat: 2,
    });
    expect(made).toEqual(['c0', 'c0', 'c1', 'c1']);
  });

  it('a setup error fails the case without running the task; teardown still runs', async () => {
    let taskCalls = 0;
    const tornDown: unknown[] = [];
    class Broken extends CaseLifecycle {
      override setup() {
        throw new Error('no fixture');
      }
      override teardown(result: ReportCase | ReportCaseFailure | undefined) {
        tornDown.push(result && 'errorMessage' in result ? result.errorMessage : result);
      }
    }
    const ds = new Dataset({ name: 'd', cases: numbered(1) });
    const report = await ds.evaluate(() => taskCalls++, { lifecycle: Broken });
    expect(taskCalls).toBe(0);
    expect(report.failures[0]!.errorMessage).toBe('Error: no fixture');
    expect(tornDown).toEqual(['Error: no fixture']);
  });

  it('a prepareContext error fails the case', async () => {
    class Broken extends CaseLifecycle {
      override prepareContext(): never {
        throw new TypeError('bad context');
      }
    }
    const report = await new Dataset({ name: 'd', cases: numbered(1) }).evaluate((x: number) => x, {
      lifecycle: Broken,
    });
    expect(report.failures[0]!.errorMessage).toBe('TypeError: bad context');
  });

  it('a teardown error is recorded on the case and the experiment goes on', async () => {
    class Leaky extends CaseLifecycle {
      override async teardown() {
        throw new Error('could not delete temp dir');
      }
    }
    const ds = new Dataset({ name: 'd', cases: numbered(2) });
    const report = await ds.evaluate(
      (x: number) => {
        if (x === 1) throw new Error('task failed');
        return x;
      },
      { lifecycle: Leaky },
    );
    expect(report.cases[0]!.teardownError).toBe('Error: could not delete temp dir');
    expect(report.failures[0]!.teardownError).toBe('Error: could not delete temp dir');
    expect(report.failures[0]!.errorMessage).toBe('Error: task failed');
  });
});
