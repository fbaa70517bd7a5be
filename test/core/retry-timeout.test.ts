import { Dataset, type TaskContext, TimeoutError } from 'typed-evals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelayMs, retryAfterMs, retryDelayMs } from '../../src/engine/retry.js';

class HttpError extends Error {
  constructor(
    message: string,
    readonly headers?: unknown,
    readonly retryAfter?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

describe('backoff and Retry-After arithmetic', () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
  ])('retry %i waits min(maxDelayMs, minDelayMs * factor^(k-1)) = %i without jitter', (k, ms) => {
    expect(backoffDelayMs({ retries: 9, minDelayMs: 100, maxDelayMs: 1000, jitter: false }, k)).toBe(ms);
  });

  it('full jitter draws uniformly up to the backoff', () => {
    const opts = { retries: 3, minDelayMs: 100 };
    expect(backoffDelayMs(opts, 2, () => 0)).toBe(0);
    expect(backoffDelayMs(opts, 2, () => 0.5)).toBe(100);
    expect(backoffDelayMs({ retries: 1 }, 1, () => 0.999999)).toBeCloseTo(500, 0);
  });

  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['a retryAfter field in seconds', new HttpError('x', undefined, 2), 2000],
    ['a retryAfter string', new HttpError('x', undefined, '1.5'), 1500],
    ['a plain headers object', new HttpError('x', { 'Retry-After': '3' }), 3000],
    ['a Headers instance', new HttpError('x', new Headers({ 'retry-after': '4' })), 4000],
    ['an HTTP date', new HttpError('x', { 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), 7000],
    ['retry-after-ms', new HttpError('x', { 'retry-after-ms': '250' }), 250],
    ['x-ratelimit-reset seconds', new HttpError('x', { 'x-ratelimit-reset': '2' }), 2000],
    [
      'x-ratelimit-reset-requests duration',
      new HttpError('x', { 'x-ratelimit-reset-requests': '1m30s' }),
      90_000,
    ],
    ['x-ratelimit-reset-tokens ms', new HttpError('x', { 'x-ratelimit-reset-tokens': '120ms' }), 120],
    [
      'the longest reset',
      new HttpError('x', { 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6s' }),
      6000,
    ],
    [
      'AI SDK responseHeaders',
      Object.assign(new Error('429'), { responseHeaders: { 'retry-after': '5' } }),
      5000,
    ],
    ['a cause', new Error('wrapped', { cause: new HttpError('x', { 'retry-after': '1' }) }), 1000],
    ['nothing', new Error('plain'), undefined],
    ['a non-error', 'text', undefined],
  ])('reads %s', (_label, error, expected) => {
    expect(retryAfterMs(error, now)).toBe(expected);
  });

  it('Retry-After raises the delay but never above maxDelayMs, and can be ignored', () => {
    const error = new HttpError('x', undefined, 10);
    const opts = { retries: 3, minDelayMs: 100, maxDelayMs: 5000, jitter: false };
    expect(retryDelayMs(opts, 1, error)).toBe(5000);
    expect(retryDelayMs({ ...opts, maxDelayMs: 60_000 }, 1, error)).toBe(10_000);
    expect(retryDelayMs({ ...opts, respectRetryAfter: false }, 1, error)).toBe(100);
    expect(retryDelayMs(opts, 1, new HttpError('x', undefined, 0.01))).toBe(100);
  });
});

describe('retryTask', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries with backoff and reports the attempts it made', async () => {
    const attempts: number[] = [];
    const retries: [number, number][] = [];
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    const done = ds.evaluate(
      (_x: number, ctx: TaskContext) => {
        attempts.push(ctx.attempt);
        if (ctx.attempt < 3) throw new Error(`flaky ${ctx.attempt}`);
        return 'ok';
      },
      {
        retryTask: {
          retries: 5,
          minDelayMs: 100,
          jitter: false,
          onRetry: ({ attempt, delayMs }) => retries.push([attempt, delayMs]),
        },
      },
    );
    await vi.advanceTimersByTimeAsync(99);
    expect(attempts).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(200);
    const report = await done;
    expect(attempts).toEqual([1, 2, 3]);
    expect(retries).toEqual([
      [1, 100],
      [2, 200],
    ]);
    expect(report.cases[0]!.output).toBe('ok');
  });

  it('records the last attempt’s own error after retries run out, never a wrapper', async () => {
    class RateLimitError extends Error {
      override name = 'RateLimitError';
    }
    let calls = 0;
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    const done = ds.evaluate(
      () => {
        calls++;
        throw new RateLimitError(`429 number ${calls}`);
      },
      { retryTask: { retries: 2, minDelayMs: 10 } },
    );
    await vi.advanceTimersByTimeAsync(1000);
    const report = await done;
    expect(calls).toBe(3);
    expect(report.failures[0]!.errorMessage).toBe('RateLimitError: 429 number 3');
  });

  it('asks shouldRetry with the error and attempt', async () => {
    const asked: [string, number][] = [];
    let calls = 0;
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    const done = ds.evaluate(
      () => {
        calls++;
        throw new Error(calls === 1 ? 'transient' : 'fatal');
      },
      {
        retryTask: {
          retries: 5,
          minDelayMs: 1,
          shouldRetry: async (error, attempt) => {
            asked.push([(error as Error).message, attempt]);
            return (error as Error).message === 'transient';
          },
        },
      },
    );
    await vi.advanceTimersByTimeAsync(100);
    const report = await done;
    expect(asked).toEqual([
      ['transient', 1],
      ['fatal', 2],
    ]);
    expect(report.failures[0]!.errorMessage).toBe('Error: fatal');
  });

  it('never retries an abort error', async () => {
    let calls = 0;
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    const report = await ds.evaluate(
      () => {
        calls++;
        throw new DOMException('stopped', 'AbortError');
      },
      { retryTask: { retries: 3, minDelayMs: 1 } },
    );
    expect(calls).toBe(1);
    expect(report.failures[0]!.errorMessage).toBe('AbortError: stopped');
  });

  it('waits as long as the error’s Retry-After asks', async () => {
    const attemptTimes: number[] = [];
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    const done = ds.evaluate(
      () => {
        attemptTimes.push(Date.now());
        if (attemptTimes.length === 1) throw new HttpError('429', { 'retry-after': '2' });
        return 'ok';
      },
      { retryTask: { retries: 1, minDelayMs: 10, jitter: false } },
    );
    await vi.advanceTimersByTimeAsync(1999);
    expect(attemptTimes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(attemptTimes[1]! - attemptTimes[0]!).toBe(2000);
  });
});

describe('timeoutMs', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fails an attempt that runs too long with a TimeoutError and aborts its signal', async () => {
    let seenReason: unknown;
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    const done = ds.evaluate(
      (_x: number, ctx: TaskContext) =>
        new Promise((_, reject) => {
          ctx.signal.addEventListener('abort', () => {
            seenReason = ctx.signal.reason;
            reject(ctx.signal.reason);
          });
        }),
      { timeoutMs: 50 },
    );
    await vi.advanceTimersByTimeAsync(50);
    const report = await done;
    expect(seenReason).toBeInstanceOf(TimeoutError);
    expect(report.failures[0]!.errorMessage).toBe('TimeoutError: Task attempt timed out after 50 ms');
  });

  it('frees the slot of a task that ignores its signal, and retries the timeout', async () => {
    const started: string[] = [];
    const ds = new Dataset({
      name: 'd',
      cases: [
        { name: 'hang', inputs: 0 },
        { name: 'quick', inputs: 1 },
      ],
    });
    const done = ds.evaluate(
      (x: number, ctx: TaskContext) => {
        started.push(`${ctx.caseName}#${ctx.attempt}`);
        return x === 0 ? new Promise(() => {}) : Promise.resolve(x);
      },
      { maxConcurrency: 1, timeoutMs: 100, retryTask: { retries: 1, minDelayMs: 10, jitter: false } },
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toEqual(['hang#1']);
    await vi.advanceTimersByTimeAsync(10);
    expect(started).toEqual(['hang#1', 'hang#2']);
    await vi.advanceTimersByTimeAsync(100);
    const report = await done;
    expect(started).toEqual(['hang#1', 'hang#2', 'quick#1']);
    expect(report.failures.map((f) => f.errorMessage)).toEqual([
      'TimeoutError: Task attempt timed out after 100 ms',
    ]);
    expect(report.cases.map((c) => c.name)).toEqual(['quick']);
  });

  it('does not fire for an attempt that finishes in time', async () => {
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    const done = ds.evaluate(() => new Promise((r) => setTimeout(() => r('late but fine'), 40)), {
      timeoutMs: 50,
    });
    await vi.advanceTimersByTimeAsync(60);
    expect((await done).cases[0]!.output).toBe('late but fine');
  });
});

describe('retryEvaluators', () => {
  it('retries a throwing evaluator and records the final error otherwise', async () => {
    let calls = 0;
    const ds = new Dataset({
      name: 'd',
      cases: [{ inputs: 1 }],
      evaluators: [
        (await import('typed-evals')).evaluator('flaky', () => {
          calls++;
          if (calls < 2) throw new Error('judge 503');
          return 0.7;
        }),
        (await import('typed-evals')).evaluator('broken', () => {
          throw new Error('always');
        }),
      ],
    });
    const report = await ds.evaluate(() => 1, { retryEvaluators: { retries: 2, minDelayMs: 0 } });
    expect(report.cases[0]!.scores.flaky!.value).toBe(0.7);
    expect(report.cases[0]!.evaluatorFailures.map((f) => f.errorMessage)).toEqual(['Error: always']);
  });
});
