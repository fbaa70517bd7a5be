import { OptionsError } from 'typed-evals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Limiter, type LimiterOptions, type ThrottleEvent, type WaitEvent } from '../../src/limits/index.js';
import type { JudgeLimiter } from '../../src/llm/index.js';
import { InFlightCounter } from '../helpers/counting.js';
import {
  deferred,
  elapsed,
  flush,
  HttpError,
  ManualCalls,
  rateLimitError,
  useLimiterFakeTimers,
} from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('new Limiter(options) validation', () => {
  it.each([
    [undefined, 'Limiter options must be an object'],
    [{}, 'Limiter name must be a non-empty string, got undefined'],
    [{ name: '' }, "Limiter name must be a non-empty string, got ''"],
    [{ name: 'x', maxConcurrency: 0 }, "Limiter 'x': maxConcurrency must be an integer >= 1, got 0"],
    [{ name: 'x', maxConcurrency: 2.5 }, 'maxConcurrency must be an integer >= 1, got 2.5'],
    [{ name: 'x', requestsPerMinute: -1 }, 'requestsPerMinute must be a finite number > 0, got -1'],
    [
      { name: 'x', tokensPerMinute: Number.POSITIVE_INFINITY },
      'tokensPerMinute must be a finite number > 0, got Infinity',
    ],
    [
      { name: 'x', adaptive: 'yes' },
      "adaptive must be a boolean or an object like { min: 2, max: 32 }, got 'yes'",
    ],
    [{ name: 'x', adaptive: { min: 0 } }, 'adaptive.min must be an integer >= 1, got 0'],
    [{ name: 'x', adaptive: { min: 8, max: 4 } }, 'adaptive.max (4) must be >= adaptive.min (8)'],
    [
      { name: 'x', maxConcurrency: 10, adaptive: { max: 20 } },
      'adaptive.max (20) must be <= maxConcurrency (10)',
    ],
    [{ name: 'x', adaptive: { decrease: 1 } }, 'adaptive.decrease must be a number > 0 and < 1, got 1'],
    [{ name: 'x', adaptive: { cooldownMs: -5 } }, 'adaptive.cooldownMs must be a finite number >= 0, got -5'],
    [{ name: 'x', maxThrottleMs: Number.NaN }, 'maxThrottleMs must be a finite number >= 0, got NaN'],
    [{ name: 'x', isRateLimitError: 429 }, 'isRateLimitError must be a function, got 429'],
  ])('rejects %j', (options, message) => {
    expect(() => new Limiter(options as unknown as LimiterOptions)).toThrow(OptionsError);
    expect(() => new Limiter(options as unknown as LimiterOptions)).toThrow(message);
  });

  it('checks run options and reported tokens, naming the limiter', async () => {
    const limiter = new Limiter({ name: 'api' });
    await expect(limiter.run(() => 1, { tokens: -1 })).rejects.toThrow(
      "Limiter 'api': tokens must be a finite number >= 0, got -1",
    );
    await expect(limiter.run(() => 1, { signal: 'no' as never })).rejects.toThrow(
      'signal must be an AbortSignal',
    );
    await expect(limiter.run('x' as never)).rejects.toThrow('run(fn) needs a function');
    await expect(limiter.run((_s, ctx) => ctx.report({ tokens: Number.NaN }))).rejects.toThrow(
      'reported tokens must be a finite number >= 0, got NaN',
    );
    expect(limiter.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('an unlimited limiter reports limit Infinity and runs everything at once', async () => {
    const limiter = new Limiter({ name: 'free' });
    const counter = new InFlightCounter();
    const gate = deferred();
    const runs = Array.from({ length: 50 }, () =>
      limiter.run(async () => {
        counter.enter();
        await gate.promise;
        counter.exit();
      }),
    );
    await flush();
    expect(counter.current).toBe(50);
    expect(limiter.stats()).toMatchObject({ limit: Number.POSITIVE_INFINITY, inFlight: 50, queued: 0 });
    gate.resolve();
    await Promise.all(runs);
  });
});

describe('limiter.run: concurrency and order', () => {
  it('never has more than maxConcurrency calls in flight (peak counted exactly)', async () => {
    const limiter = new Limiter({ name: 'c', maxConcurrency: 3 });
    const counter = new InFlightCounter();
    const gates = Array.from({ length: 10 }, () => deferred());
    const runs = gates.map((gate, i) =>
      limiter.run(async () => {
        counter.enter();
        await gate.promise;
        counter.exit();
        return i;
      }),
    );
    await flush();
    expect(counter.current).toBe(3);
    expect(limiter.stats()).toMatchObject({ inFlight: 3, queued: 7, limit: 3 });
    for (const gate of gates.reverse()) {
      gate.resolve();
      await flush();
    }
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(counter.peak).toBe(3);
    expect(limiter.stats()).toMatchObject({ inFlight: 0, queued: 0, started: 10, succeeded: 10, failed: 0 });
  });

  it('starts queued calls first in, first out, whatever order earlier calls finish in', async () => {
    const limiter = new Limiter({ name: 'fifo', maxConcurrency: 2 });
    const calls = new ManualCalls();
    const runs = Array.from({ length: 6 }, () => limiter.run(calls.fn));
    await flush();
    expect(calls.started).toEqual([0, 1]);
    await calls.succeed(); // call 0
    expect(calls.started).toEqual([0, 1, 2]);
    await calls.succeed(3);
    expect(calls.started).toEqual([0, 1, 2, 3, 4, 5]);
    await calls.succeed(2);
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('passes errors through unchanged and frees the slot', async () => {
    const limiter = new Limiter({ name: 'e', maxConcurrency: 1 });
    const boom = new TypeError('boom');
    await expect(
      limiter.run(() => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await limiter.run(() => 'next')).toBe('next');
    expect(limiter.stats()).toMatchObject({
      failed: 1,
      succeeded: 1,
      rateLimited: 0,
      throttledUntil: undefined,
    });
  });

  it('gives fn the run signal, and a never-aborted one without', async () => {
    const limiter = new Limiter({ name: 's' });
    const controller = new AbortController();
    expect(await limiter.run((signal) => signal, { signal: controller.signal })).toBe(controller.signal);
    const fallback = await limiter.run((signal) => signal);
    expect(fallback).toBeInstanceOf(AbortSignal);
    expect(fallback.aborted).toBe(false);
  });

  it('onIdle resolves at once when idle, else when the last call ends; idle is an event too', async () => {
    const limiter = new Limiter({ name: 'idle', maxConcurrency: 1 });
    await limiter.onIdle();
    const idle = vi.fn();
    limiter.on('idle', idle);
    const calls = new ManualCalls();
    const runs = [limiter.run(calls.fn), limiter.run(calls.fn)];
    let resolved = false;
    void limiter.onIdle().then(() => (resolved = true));
    await flush();
    await calls.succeed();
    expect(resolved).toBe(false);
    await calls.succeed();
    await Promise.all(runs);
    expect(resolved).toBe(true);
    expect(idle).toHaveBeenCalledTimes(1);
  });
});

describe('limiter.run: the shape LLM judges use', () => {
  it('is a JudgeLimiter: run(fn(signal, ctx), { tokens, signal }) with ctx.report', async () => {
    const judgeLimiter: JudgeLimiter = new Limiter({ name: 'judge', tokensPerMinute: 60_000 });
    const result = await judgeLimiter.run(
      (signal, ctx) => {
        ctx?.report?.({ tokens: 42 });
        return signal.aborted ? 'aborted' : 'ok';
      },
      { tokens: 100 },
    );
    expect(result).toBe('ok');
    expect((judgeLimiter as Limiter).stats().tokens).toBe(42);
  });
});

describe('limiter.acquire: permits', () => {
  it('release and fail are idempotent: only the first counts', async () => {
    const limiter = new Limiter({ name: 'p', maxConcurrency: 1 });
    const permit = await limiter.acquire();
    const second = limiter.acquire();
    permit.release();
    permit.release();
    permit.fail(rateLimitError());
    const next = await second;
    expect(limiter.stats()).toMatchObject({ inFlight: 1, succeeded: 1, failed: 0, rateLimited: 0 });
    next.fail(new Error('x'));
    next.fail(new Error('y'));
    expect(limiter.stats()).toMatchObject({ inFlight: 0, failed: 1 });
  });
});

describe('limiter.run: abort', () => {
  it('an abort while queued for a slot rejects with the reason and leaves the queue', async () => {
    const limiter = new Limiter({ name: 'a', maxConcurrency: 1 });
    const calls = new ManualCalls();
    const first = limiter.run(calls.fn);
    const controller = new AbortController();
    const aborted = limiter.run(calls.fn, { signal: controller.signal });
    const third = limiter.run(calls.fn);
    await flush();
    expect(limiter.stats().queued).toBe(2);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    expect(limiter.stats().queued).toBe(1);
    await calls.succeed(2);
    expect(await Promise.all([first, third])).toEqual([0, 1]);
    expect(calls.started).toEqual([0, 1]); // the aborted call never ran
  });

  it('calls sharing one signal share one abort listener, and all leave the queue on abort', async () => {
    const limiter = new Limiter({ name: 'a', maxConcurrency: 1 });
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, 'addEventListener');
    const removed = vi.spyOn(controller.signal, 'removeEventListener');
    const hold = await limiter.acquire();
    const waiting = Array.from({ length: 50 }, () => limiter.run(() => 'ran', { signal: controller.signal }));
    expect(added).toHaveBeenCalledTimes(1);
    controller.abort(new Error('all stop'));
    const results = await Promise.allSettled(waiting);
    expect(results.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'all stop')).toBe(
      true,
    );
    expect(limiter.stats().queued).toBe(0);
    hold.release();
    // Started calls stop watching the signal: no listener is left behind.
    const other = new AbortController();
    const addOther = vi.spyOn(other.signal, 'addEventListener');
    const removeOther = vi.spyOn(other.signal, 'removeEventListener');
    const runs = [1, 2, 3].map((i) => limiter.run(() => i, { signal: other.signal }));
    expect(await Promise.all(runs)).toEqual([1, 2, 3]);
    expect(removeOther.mock.calls.length).toBe(addOther.mock.calls.length);
    expect(removed).not.toHaveBeenCalled(); // the aborted signal's listener was `once`
  });

  it('an already aborted signal rejects at once without queueing', async () => {
    const limiter = new Limiter({ name: 'a' });
    const fn = vi.fn();
    await expect(limiter.run(fn, { signal: AbortSignal.abort('gone') })).rejects.toBe('gone');
    expect(fn).not.toHaveBeenCalled();
    expect(limiter.stats()).toMatchObject({ queued: 0, started: 0 });
  });

  it('aborting the first in line lets the next one start', async () => {
    const limiter = new Limiter({ name: 'a', maxConcurrency: 1 });
    const hold = await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.run(() => 'never', { signal: controller.signal });
    const next = limiter.run(() => 'next');
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    hold.release();
    expect(await next).toBe('next');
  });
});

describe('requestsPerMinute and tokensPerMinute', () => {
  beforeEach(() => useLimiterFakeTimers());

  it('spaces starts 60_000 / requestsPerMinute ms apart, with no burst', async () => {
    const limiter = new Limiter({ name: 'rpm', requestsPerMinute: 60 });
    const startedAt: number[] = [];
    const runs = Array.from({ length: 4 }, () => limiter.run(() => startedAt.push(elapsed())));
    await flush();
    expect(startedAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(999);
    expect(startedAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(startedAt).toEqual([0, 1000]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(startedAt).toEqual([0, 1000, 2000, 3000]);
    await Promise.all(runs);
  });

  it('keeps the long-run rate exact with timers in whole ms (1 start per 7.5 ms)', async () => {
    const limiter = new Limiter({ name: 'rpm', requestsPerMinute: 8000 });
    let started = 0;
    const controller = new AbortController();
    const runs = Array.from({ length: 2000 }, () =>
      limiter.run(() => started++, { signal: controller.signal }).catch(() => 'aborted'),
    );
    await vi.advanceTimersByTimeAsync(7500);
    // 1 at t=0 plus one per 7.5 ms: 1001 (a call may borrow under 1 ms of budget).
    expect(started).toBeGreaterThanOrEqual(1000);
    expect(started).toBeLessThanOrEqual(1002);
    controller.abort();
    await Promise.all(runs);
  });

  it('after a late timer, the calls that are due catch up (25 ms worth), but no more', async () => {
    const limiter = new Limiter({ name: 'rpm', requestsPerMinute: 60_000 }); // 1 per ms
    await limiter.run(() => 0);
    // Nothing queued for 100 ms: the bucket holds 1 + 25 calls, not 100.
    await vi.advanceTimersByTimeAsync(100);
    let started = 0;
    const runs = Array.from({ length: 100 }, () => limiter.run(() => started++));
    await flush();
    expect(started).toBe(26);
    await vi.advanceTimersByTimeAsync(74);
    expect(started).toBe(100);
    await Promise.all(runs);
  });

  it('reserves `tokens` up front and waits for the token budget', async () => {
    // 6000 per minute = 100 tokens per second, at most 100 kept.
    const limiter = new Limiter({ name: 'tpm', tokensPerMinute: 6000 });
    const startedAt: number[] = [];
    const waits: WaitEvent[] = [];
    limiter.on('wait', (event) => waits.push(event));
    const runs = [100, 100, 50].map((tokens) => limiter.run(() => startedAt.push(elapsed()), { tokens }));
    await flush();
    expect(startedAt).toEqual([0]);
    expect(waits).toEqual([{ reason: 'tokens', ms: 1000, queued: 1 }]); // once per deadline
    await vi.advanceTimersByTimeAsync(1000);
    expect(startedAt).toEqual([0, 1000]);
    await vi.advanceTimersByTimeAsync(500);
    expect(startedAt).toEqual([0, 1000, 1500]);
    await Promise.all(runs);
    expect(limiter.stats().tokens).toBe(250);
  });

  it('a call bigger than the budget runs when the bucket is full and the next ones pay the debt', async () => {
    const limiter = new Limiter({ name: 'tpm', tokensPerMinute: 6000 });
    const startedAt: number[] = [];
    const runs = [250, 100].map((tokens) => limiter.run(() => startedAt.push(elapsed()), { tokens }));
    await flush();
    expect(startedAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(2499);
    expect(startedAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(startedAt).toEqual([0, 2500]);
    await Promise.all(runs);
  });

  it('ctx.report corrects the reservation after the call: unused tokens come back', async () => {
    const limiter = new Limiter({ name: 'tpm', tokensPerMinute: 6000 });
    const startedAt: number[] = [];
    await limiter.run(
      (_signal, ctx) => {
        startedAt.push(elapsed());
        ctx.report({ tokens: 20 });
      },
      { tokens: 100 },
    );
    // 80 of the 100 reserved come back: the next 100 need 20 more, i.e. 200 ms.
    const next = limiter.run(() => startedAt.push(elapsed()), { tokens: 100 });
    await vi.advanceTimersByTimeAsync(199);
    expect(startedAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    await next;
    expect(startedAt).toEqual([0, 200]);
    expect(limiter.stats().tokens).toBe(120);
  });

  it('the usage option reads the actual tokens from the result; a larger count is charged too', async () => {
    const limiter = new Limiter({ name: 'tpm', tokensPerMinute: 6000 });
    const usage = (result: { used: number }) => result.used;
    await limiter.run(() => ({ used: 150 }), { tokens: 50, usage });
    // 150 charged in all: the bucket owes 50, so the next 10 tokens wait 600 ms.
    const startedAt: number[] = [];
    const next = limiter.run(() => startedAt.push(elapsed()), { tokens: 10, usage: () => undefined });
    await vi.advanceTimersByTimeAsync(599);
    expect(startedAt).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await next;
    expect(startedAt).toEqual([600]);
    expect(limiter.stats().tokens).toBe(160); // undefined from usage keeps the estimate
  });

  it('a rate-limited call gives its reservation back; another failure keeps it', async () => {
    const limiter = new Limiter({ name: 'tpm', tokensPerMinute: 6000 });
    await expect(limiter.run(() => Promise.reject(rateLimitError()), { tokens: 100 })).rejects.toThrow();
    expect(limiter.stats().tokens).toBe(0);
    const startedAt: number[] = [];
    await limiter.run(() => startedAt.push(elapsed()), { tokens: 100 });
    expect(startedAt).toEqual([0]); // the budget was whole again
    await expect(limiter.run(() => Promise.reject(new Error('500')), { tokens: 0 })).rejects.toThrow();
    await vi.advanceTimersByTimeAsync(1000);
    await expect(limiter.run(() => Promise.reject(new Error('500')), { tokens: 100 })).rejects.toThrow();
    expect(limiter.stats().tokens).toBe(200);
  });

  it('ctx.report wins over the usage option', async () => {
    const limiter = new Limiter({ name: 'tpm', tokensPerMinute: 6000 });
    await limiter.run((_s, ctx) => ctx.report({ tokens: 7 }), { tokens: 50, usage: () => 99 });
    expect(limiter.stats().tokens).toBe(7);
  });

  it('ctx.report wins over the usage option even when it reports 0 tokens', async () => {
    const limiter = new Limiter({ name: 'tpm', tokensPerMinute: 6000 });
    await limiter.run((_s, ctx) => ctx.report({ tokens: 0 }), { tokens: 50, usage: () => 99 });
    expect(limiter.stats().tokens).toBe(0);
  });

  it('an abort while waiting for budget rejects, leaves the queue and stops the wait', async () => {
    const limiter = new Limiter({ name: 'rpm', requestsPerMinute: 60 });
    const waits: WaitEvent[] = [];
    limiter.on('wait', (event) => waits.push(event));
    await limiter.run(() => 'first');
    const controller = new AbortController();
    const fn = vi.fn();
    const waiting = limiter.run(fn, { signal: controller.signal });
    await flush();
    expect(waits).toEqual([{ reason: 'requests', ms: 1000, queued: 1 }]);
    await vi.advanceTimersByTimeAsync(400);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    expect(limiter.stats().queued).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(fn).not.toHaveBeenCalled();
  });

  it('waits for both budgets and the concurrency slot together, in one queue', async () => {
    const limiter = new Limiter({
      name: 'all',
      maxConcurrency: 1,
      requestsPerMinute: 600,
      tokensPerMinute: 60_000,
    });
    const calls = new ManualCalls();
    const runs = [limiter.run(calls.fn, { tokens: 1000 }), limiter.run(calls.fn, { tokens: 1000 })];
    await flush();
    expect(calls.started).toEqual([0]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls.started).toEqual([0]); // budgets are back, the slot is not
    await calls.succeed();
    expect(calls.started).toEqual([0, 1]);
    await calls.succeed();
    await Promise.all(runs);
  });
});

describe('rate-limit errors: Retry-After pauses all starts', () => {
  beforeEach(() => useLimiterFakeTimers());

  it('pauses starts until the Retry-After, reports throttledUntil, and rethrows the error unchanged', async () => {
    const limiter = new Limiter({ name: 'ra' });
    const throttles: ThrottleEvent[] = [];
    limiter.on('throttle', (event) => throttles.push(event));
    const error = rateLimitError(2);
    await expect(
      limiter.run(() => {
        throw error;
      }),
    ).rejects.toBe(error);
    expect(limiter.stats()).toMatchObject({ rateLimited: 1, throttledUntil: Date.now() + 2000 });
    expect(throttles).toEqual([{ until: Date.now() + 2000, ms: 2000, error }]);
    const startedAt: number[] = [];
    const waits: WaitEvent[] = [];
    limiter.on('wait', (event) => waits.push(event));
    const next = limiter.run(() => startedAt.push(elapsed()));
    await vi.advanceTimersByTimeAsync(1999);
    expect(startedAt).toEqual([]);
    expect(waits).toEqual([{ reason: 'throttle', ms: 2000, queued: 1 }]);
    await vi.advanceTimersByTimeAsync(1);
    await next;
    expect(startedAt).toEqual([2000]);
    expect(limiter.stats().throttledUntil).toBeUndefined();
  });

  it('a later, longer Retry-After extends the pause; a shorter one does not shorten it', async () => {
    const limiter = new Limiter({ name: 'ra' });
    const calls = new ManualCalls();
    const runs = [1, 2, 3].map(() => limiter.run(calls.fn).catch(() => 'failed'));
    await flush();
    await calls.fail(rateLimitError(1));
    await calls.fail(rateLimitError(3));
    await calls.fail(rateLimitError(2));
    expect(limiter.stats().throttledUntil).toBe(Date.now() + 3000);
    await Promise.all(runs);
  });

  it('a rate limit without Retry-After is counted but does not pause', async () => {
    const limiter = new Limiter({ name: 'ra' });
    await expect(limiter.run(() => Promise.reject(new HttpError(429)))).rejects.toThrow('HTTP 429');
    expect(limiter.stats()).toMatchObject({ rateLimited: 1, throttledUntil: undefined });
  });

  it('other errors (500) neither count nor pause', async () => {
    const limiter = new Limiter({ name: 'ra' });
    await expect(
      limiter.run(() => Promise.reject(new HttpError(500, { 'retry-after': '5' }))),
    ).rejects.toThrow();
    expect(limiter.stats()).toMatchObject({ rateLimited: 0, throttledUntil: undefined, failed: 1 });
  });

  it('maxThrottleMs caps the pause one Retry-After can impose', async () => {
    const limiter = new Limiter({ name: 'ra', maxThrottleMs: 500 });
    await expect(limiter.run(() => Promise.reject(rateLimitError(3600)))).rejects.toThrow();
    expect(limiter.stats().throttledUntil).toBe(Date.now() + 500);
  });

  it('isRateLimitError replaces the default test', async () => {
    const limiter = new Limiter({
      name: 'ra',
      isRateLimitError: (e) => (e as Error).message === 'slow down',
    });
    await expect(limiter.run(() => Promise.reject(new HttpError(429)))).rejects.toThrow();
    await expect(limiter.run(() => Promise.reject(new Error('slow down')))).rejects.toThrow();
    expect(limiter.stats().rateLimited).toBe(1);
  });

  it('an abort while throttled rejects at once and leaves the queue', async () => {
    const limiter = new Limiter({ name: 'ra' });
    await expect(limiter.run(() => Promise.reject(rateLimitError(10)))).rejects.toThrow();
    const controller = new AbortController();
    const waiting = limiter.run(() => 'never', { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error('user stop'));
    await expect(waiting).rejects.toThrow('user stop');
    expect(limiter.stats()).toMatchObject({ queued: 0, started: 1 });
  });

  it('a throwing listener is isolated: the call and the other listeners go on', async () => {
    const limiter = new Limiter({ name: 'ra' });
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    const seen = vi.fn();
    limiter.on('rateLimit', () => {
      throw new Error('listener bug');
    });
    limiter.on('rateLimit', seen);
    const error = rateLimitError();
    await expect(limiter.run(() => Promise.reject(error))).rejects.toBe(error);
    await expect(limiter.run(() => Promise.reject(error))).rejects.toBe(error);
    expect(seen).toHaveBeenCalledTimes(2);
    expect(seen).toHaveBeenCalledWith({ error, retryAfterMs: undefined });
    expect(errorLog).toHaveBeenCalledTimes(1);
    errorLog.mockRestore();
  });

  it('off and the returned unsubscribe function remove listeners', async () => {
    const limiter = new Limiter({ name: 'ra' });
    const a = vi.fn();
    const b = vi.fn();
    const unsubscribe = limiter.on('rateLimit', a);
    limiter.on('rateLimit', b);
    unsubscribe();
    limiter.off('rateLimit', b);
    await expect(limiter.run(() => Promise.reject(rateLimitError()))).rejects.toThrow();
    expect(a).not.toHaveBeenCalled();
    expect(b).not.toHaveBeenCalled();
  });
});
