import { type CaseResult, Dataset, evaluator, isCaseFailure, type ProgressEvent } from 'typed-evals';
import { describe, expect, it, vi } from 'vitest';
import { formatProgressLine } from '../../src/sinks/progress.js';
import { deferred, flush } from '../helpers/counting.js';

const numbered = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `c${i}`, inputs: i, expectedOutput: i * 2 }));

describe('dataset.run()', () => {
  it('yields results in completion order, then report() gives them in dataset order', async () => {
    const gates = [deferred(), deferred(), deferred()];
    const ds = new Dataset({ name: 'd', cases: numbered(3) });
    const run = ds.run(async (i: number) => {
      await gates[i]!.promise;
      if (i === 1) throw new Error('one');
      return i;
    });
    const seen: string[] = [];
    const consume = (async () => {
      for await (const r of run) seen.push(`${r.name}:${isCaseFailure(r) ? 'failed' : 'ok'}`);
    })();
    await flush();
    gates[2]!.resolve();
    await flush();
    gates[1]!.resolve();
    await flush();
    gates[0]!.resolve();
    await consume;
    expect(seen).toEqual(['c2:ok', 'c1:failed', 'c0:ok']);
    const report = await run.report();
    expect(report.cases.map((c) => c.name)).toEqual(['c0', 'c2']);
  });

  it('with keepResults: false keeps only aggregates, equal to the full report’s', async () => {
    const ds = new Dataset({
      name: 'd',
      cases: numbered(50),
      evaluators: [
        evaluator('ratio', (ctx) => ctx.output / 100),
        evaluator('even', (ctx) => ctx.output % 4 === 0),
      ],
    });
    const task = (i: number) => {
      if (i % 10 === 9) throw new Error('nine');
      return i * 2;
    };
    for (const repeat of [1, 3]) {
      const full = await ds.evaluate(task, { repeat });
      const lean = await ds.run(task, { keepResults: false, repeat }).report();
      expect(lean.cases).toEqual([]);
      expect(lean.caseCount).toBe(full.cases.length);
      expect(lean.failureCount).toBe(full.failures.length);
      const a = lean.averages()!;
      const b = full.averages()!;
      expect(a.scores.ratio).toBeCloseTo(b.scores.ratio!, 12);
      expect(a.assertions).toBeCloseTo(b.assertions!, 12);
      expect(lean.toJSON().summary?.caseCount).toBe(full.cases.length);
    }
  });

  it('leaving the loop early stops the run like an abort', async () => {
    let started = 0;
    const ds = new Dataset({ name: 'd', cases: numbered(100) });
    const run = ds.run(
      async (i: number) => {
        started++;
        await flush(1);
        return i;
      },
      { maxConcurrency: 2 },
    );
    let count = 0;
    for await (const _ of run) if (++count === 3) break;
    const report = await run.report();
    expect(report.aborted).toBe(true);
    expect(started).toBeLessThan(10);
    expect(report.cases.length + report.failures.length).toBe(started);
  });

  it('pauses dispatch while the consumer lags far behind', async () => {
    let started = 0;
    const ds = new Dataset({ name: 'd', cases: numbered(2000) });
    const run = ds.run((i: number) => {
      started++;
      return i;
    });
    const iterator = run[Symbol.asyncIterator]();
    await iterator.next();
    await flush(20);
    expect(started).toBeLessThan(1000);
    const rest: CaseResult[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) rest.push(r.value);
    expect(rest.length + 1).toBe(2000);
  });
});

describe('progress', () => {
  it('calls a listener after each case with counts', async () => {
    const events: ProgressEvent[] = [];
    const ds = new Dataset({ name: 'd', cases: numbered(4) });
    await ds.evaluate(
      (i: number) => {
        if (i === 2) throw new Error('x');
        return i;
      },
      { progress: (e) => events.push(e), maxConcurrency: 1 },
    );
    expect(events.map((e) => [e.done, e.total, e.failures, e.caseName, e.status])).toEqual([
      [1, 4, 0, 'c0', 'success'],
      [2, 4, 0, 'c1', 'success'],
      [3, 4, 1, 'c2', 'failure'],
      [4, 4, 1, 'c3', 'success'],
    ]);
    expect(events.every((e) => e.inFlight === 0 && e.rate >= 0)).toBe(true);
  });

  it('counts cases backing off before a retry and cases still queued', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const events: ProgressEvent[] = [];
      let firstCalls = 0;
      const ds = new Dataset({ name: 'd', cases: numbered(4) });
      const done = ds.evaluate(
        async (i: number) => {
          if (i === 0 && ++firstCalls === 1) throw new Error('503');
          if (i === 0) return i;
          await new Promise((r) => setTimeout(r, 10));
          return i;
        },
        {
          maxConcurrency: 2,
          progress: (e) => events.push(e),
          retryTask: { retries: 1, minDelayMs: 1000, jitter: false },
        },
      );
      await vi.advanceTimersByTimeAsync(10);
      expect(events.map((e) => [e.caseName, e.backingOff, e.queued])).toEqual([['c1', 1, 2]]);
      await vi.advanceTimersByTimeAsync(2000);
      await done;
      expect(events.at(-1)).toMatchObject({ done: 4, backingOff: 0, queued: 0, inFlight: 0 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a throwing listener is reported once and never breaks the run', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      let calls = 0;
      const ds = new Dataset({ name: 'd', cases: numbered(5) });
      const report = await ds.evaluate((i: number) => i, {
        progress: () => {
          calls++;
          throw new Error('listener bug');
        },
      });
      expect(report.cases).toHaveLength(5);
      expect(calls).toBe(5);
      const messages = write.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('listener bug'));
      expect(messages).toHaveLength(1);
    } finally {
      write.mockRestore();
    }
  });

  it('formats the live line with counts, rate and ETA, cut to the width', () => {
    const event: ProgressEvent = {
      done: 412,
      total: 1000,
      failures: 2,
      inFlight: 10,
      queued: 578,
      backingOff: 3,
      elapsedSeconds: 10,
      rate: 41.2,
      etaSeconds: 14.3,
      caseName: '',
      status: 'success',
    };
    expect(formatProgressLine('sentiment', event, 200)).toBe(
      'sentiment [########............] 412/1000 41% | 2 failed | 10 in flight | 3 backing off | 41.2/s | ETA 15s',
    );
    expect(formatProgressLine('sentiment', event, 30)).toHaveLength(29);
    expect(
      formatProgressLine('s', { ...event, total: undefined, etaSeconds: undefined, backingOff: 0 }, 200),
    ).toBe('s 412 done | 2 failed | 10 in flight | 41.2/s');
  });
});

describe('progress with limiters', () => {
  it('shows each limiter of the run, listed or given to an evaluator, and formats it', async () => {
    const { Limiter } = await import('typed-evals');
    const listed = new Limiter({ name: 'openai', maxConcurrency: 4 });
    const judgeLimiter = new Limiter({ name: 'judge', maxConcurrency: 2 });
    const judge = evaluator('judge', () => true);
    (judge.options as { limiter?: unknown }).limiter = judgeLimiter;
    const events: ProgressEvent[] = [];
    const ds = new Dataset({ name: 'd', cases: numbered(2), evaluators: [judge] });
    await ds.evaluate((i: number) => listed.run(async () => i * 2), {
      progress: (e) => events.push(e),
      limiters: [listed],
    });
    expect(events.at(-1)!.limiters).toEqual([
      { name: 'openai', inFlight: 0, queued: 0, limit: 4, pausedMs: 0 },
      { name: 'judge', inFlight: 0, queued: 0, limit: 2, pausedMs: 0 },
    ]);
    const line = formatProgressLine(
      'd',
      { ...events.at(-1)!, limiters: [{ name: 'openai', inFlight: 3, queued: 5, limit: 4, pausedMs: 2500 }] },
      200,
    );
    expect(line).toContain('| openai 3/4 +5 queued, waiting 3 s');
  });

  it('rejects limiters that are not limiters', async () => {
    const ds = new Dataset({ name: 'd', cases: numbered(1) });
    await expect(ds.evaluate((i: number) => i, { limiters: [{}] as never })).rejects.toThrow(
      'limiters must be an array of Limiter instances',
    );
  });
});

describe('abort while the consumer lags', () => {
  it('frees a dispatcher held back by backpressure, so report() resolves', async () => {
    const controller = new AbortController();
    let started = 0;
    const ds = new Dataset({ name: 'd', cases: numbered(2000) });
    const run = ds.run(
      (i: number) => {
        started++;
        return i;
      },
      { signal: controller.signal },
    );
    const iterator = run[Symbol.asyncIterator]();
    await iterator.next();
    await flush(20);
    const held = started;
    expect(held).toBeLessThan(2000);
    controller.abort();
    const report = await run.report();
    expect(report.aborted).toBe(true);
    expect(report.cases.length).toBe(started);
    expect(started).toBeLessThan(2000);
  });
});
