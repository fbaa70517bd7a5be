import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LimitChange, Limiter } from '../../src/limits/index.js';
import { flush, HttpError, ManualCalls, rateLimitError, useLimiterFakeTimers } from './helpers.js';

beforeEach(() => useLimiterFakeTimers());
afterEach(() => vi.useRealTimers());

/**
 * A limiter with a deep queue of hand-settled calls, the first ones started; failed runs are swallowed
 * (the test looks at the limiter).
 */
async function saturated(options: ConstructorParameters<typeof Limiter>[0], queued = 500) {
  const limiter = new Limiter(options);
  const calls = new ManualCalls();
  const changes: LimitChange[] = [];
  limiter.on('change', (change) => changes.push(change));
  const runs = Array.from({ length: queued }, () => limiter.run(calls.fn).catch(() => undefined));
  await flush();
  return { limiter, calls, changes, runs };
}

const summary = (history: readonly LimitChange[]) =>
  history.map((c) => `${c.reason}:${c.previousLimit}->${c.limit}`);

describe('adaptive: slow start', () => {
  it('starts at `start` and doubles after each clean, saturated round, up to max', async () => {
    const { limiter, calls, changes } = await saturated({ name: 'ss', adaptive: { start: 2, max: 16 } });
    expect(limiter.stats()).toMatchObject({ limit: 2, inFlight: 2 });
    await calls.succeed(1);
    expect(limiter.limit).toBe(2); // a round is `limit` successes
    await calls.succeed(1);
    expect(limiter.stats()).toMatchObject({ limit: 4, inFlight: 4 });
    await calls.succeed(4);
    expect(limiter.limit).toBe(8);
    await calls.succeed(8);
    expect(limiter.limit).toBe(16);
    await calls.succeed(40);
    expect(limiter.stats()).toMatchObject({ limit: 16, inFlight: 16 });
    expect(summary(limiter.history)).toEqual(['slow_start:2->4', 'slow_start:4->8', 'slow_start:8->16']);
    expect(changes).toEqual(limiter.history);
    expect(limiter.history[0]).toMatchObject({ at: Date.now(), requestsPerMinute: undefined });
  });

  it('does not grow while demand stays under 80% of the limit', async () => {
    const limiter = new Limiter({ name: 'ss', adaptive: { start: 4 } });
    for (let i = 0; i < 50; i++)
      await Promise.all([limiter.run(() => i), limiter.run(() => i), limiter.run(() => i)]);
    expect(limiter.limit).toBe(4); // 3 of 4 in flight is 75%: never saturated
    for (let i = 0; i < 2; i++) await Promise.all([1, 2, 3, 4].map(() => limiter.run(() => i)));
    expect(limiter.limit).toBe(8);
  });

  it('defaults: start 4, max = maxConcurrency (or 128), min 1', async () => {
    expect(new Limiter({ name: 'd', adaptive: true }).limit).toBe(4);
    expect(new Limiter({ name: 'd', adaptive: { start: 1000 } }).limit).toBe(128);
    expect(new Limiter({ name: 'd', maxConcurrency: 3, adaptive: true }).limit).toBe(3);
    const { limiter, calls } = await saturated({ name: 'd', maxConcurrency: 6, adaptive: true });
    await calls.succeed(40);
    expect(limiter.limit).toBe(6);
  });
});

describe('adaptive: cuts on rate limits', () => {
  /** Limit 16 with 16 in flight after slow start; the successes so far started with at most 8 in flight. */
  async function afterSlowStart(adaptive: object = {}) {
    const setup = await saturated({ name: 'cut', adaptive: { start: 2, max: 16, ...adaptive } });
    await setup.calls.succeed(14); // 2 + 4 + 8: too few successes to learn a rate
    expect(setup.limiter.limit).toBe(16);
    return setup;
  }

  /** Ends the calls started before the cut with a non-rate-limit error: they neither count nor cut. */
  const drainOld = async (calls: ManualCalls, count: number) => {
    for (let i = 0; i < count; i++) await calls.fail(new Error('500'));
  };

  it('halves the limit on a concurrency-shaped rate limit (more in flight than any success had) and ends slow start', async () => {
    const { limiter, calls } = await afterSlowStart();
    await calls.failLatest(rateLimitError()); // started with 16 in flight; successes had at most 8
    expect(limiter.limit).toBe(8);
    expect(limiter.history.at(-1)).toMatchObject({
      reason: 'rate_limit',
      previousLimit: 16,
      limit: 8,
      at: Date.now(),
    });
    expect(limiter.stats()).toMatchObject({
      inFlight: 15,
      rateLimited: 1,
      learnedRequestsPerMinute: undefined,
    });
    // The calls above the new limit finish before anything new starts.
    const started = calls.started.length;
    await calls.succeed(7);
    expect(calls.started.length).toBe(started);
    await calls.succeed(1); // 8 successes: a clean round, saturated: 9 (slow start is over)
    expect(limiter.limit).toBe(9);
    expect(calls.started.length).toBe(started + 2);
  });

  it('cuts once per episode: calls started before the cut do not cut again, even after the cooldown', async () => {
    const { limiter, calls } = await afterSlowStart({ cooldownMs: 1000 });
    await calls.failLatest(rateLimitError());
    await calls.failLatest(rateLimitError());
    expect(limiter.limit).toBe(8);
    await vi.advanceTimersByTimeAsync(5000);
    await calls.failLatest(rateLimitError());
    expect(limiter.limit).toBe(8);
    expect(summary(limiter.history).filter((c) => c.startsWith('rate_limit'))).toEqual(['rate_limit:16->8']);
  });

  /** After a cut to 8: old calls drained, 8 new successes raise the limit to 9, the newest call found 9 in flight. */
  async function cutAndRegrow(adaptive: object, error = rateLimitError()) {
    const setup = await afterSlowStart(adaptive);
    await setup.calls.failLatest(error);
    expect(setup.limiter.limit).toBe(8);
    await drainOld(setup.calls, 15);
    await setup.calls.succeed(8);
    expect(setup.limiter.limit).toBe(9);
    return setup;
  }

  it('a rate limit within the cooldown does not cut, even from a call started after the cut', async () => {
    const { limiter, calls } = await cutAndRegrow({ cooldownMs: 1000 });
    await vi.advanceTimersByTimeAsync(999);
    await calls.failLatest(rateLimitError());
    expect(limiter.limit).toBe(9);
    await vi.advanceTimersByTimeAsync(1);
    await calls.failLatest(rateLimitError());
    expect(limiter.limit).toBe(4);
  });

  it('a Retry-After lengthens the cooldown (and pauses starts meanwhile)', async () => {
    const retryAfter800 = new HttpError(429, { 'retry-after-ms': '800' });
    const { limiter, calls } = await afterSlowStart({ cooldownMs: 1000 });
    await calls.failLatest(retryAfter800); // cooldown: 1 s + 0.8 s
    expect(limiter.stats().throttledUntil).toBe(Date.now() + 800);
    await drainOld(calls, 15);
    await vi.advanceTimersByTimeAsync(800);
    await calls.succeed(8);
    expect(limiter.limit).toBe(9);
    await vi.advanceTimersByTimeAsync(999);
    await calls.failLatest(rateLimitError());
    expect(limiter.limit).toBe(9);
    await vi.advanceTimersByTimeAsync(1);
    await calls.failLatest(rateLimitError());
    expect(limiter.limit).toBe(4);
  });

  it('never cuts below min', async () => {
    const { limiter, calls } = await saturated({ name: 'min', adaptive: { start: 4, min: 3 } });
    await calls.failLatest(rateLimitError());
    expect(limiter.limit).toBe(3);
  });

  it('leaves the limit alone when calls never waited for a slot and no success shows the level, but records the episode', async () => {
    const limiter = new Limiter({ name: 'nb', adaptive: { start: 16 } });
    const calls = new ManualCalls();
    const runs = [1, 2, 3].map(() => limiter.run(calls.fn).catch(() => undefined));
    await flush();
    await calls.failLatest(rateLimitError());
    expect(limiter.limit).toBe(16);
    expect(summary(limiter.history)).toEqual(['rate_limit:16->16']);
    await calls.succeed(2);
    await Promise.all(runs);
  });

  it('a failure at a level that succeeded before is rate-shaped: the limit stays, a rate is learned', async () => {
    const { limiter, calls } = await saturated({ name: 'shape', adaptive: { start: 4, max: 4 } }, 200);
    await calls.succeed(40); // 40 successes at up to 4 in flight
    await calls.fail(rateLimitError()); // this one started with 4 in flight as well
    expect(limiter.limit).toBe(4);
    expect(limiter.stats().learnedRequestsPerMinute).toBeCloseTo((40 + 3) * 60, 6);
  });

  it('a Retry-After of 1 s or more is rate-shaped whatever the level', async () => {
    const { limiter, calls } = await afterSlowStart();
    await calls.failLatest(rateLimitError(1));
    expect(limiter.limit).toBe(16);
  });

  it('uses the decrease factor', async () => {
    const { limiter, calls } = await afterSlowStart({ decrease: 0.75 });
    await calls.failLatest(rateLimitError());
    expect(limiter.limit).toBe(12);
  });
});

describe('adaptive: additive increase after the first rate limit', () => {
  it('within the cooldown regrows only to one below the level cut from; after it, +1 per clean saturated round', async () => {
    const { limiter, calls } = await saturated(
      { name: 'ai', adaptive: { start: 2, max: 16, cooldownMs: 1000 } },
      2000,
    );
    await calls.succeed(14);
    await calls.failLatest(rateLimitError()); // 16 -> 8
    for (let i = 0; i < 15; i++) await calls.fail(new Error('500'));
    await calls.succeed(200);
    expect(limiter.limit).toBe(15);
    await vi.advanceTimersByTimeAsync(1000);
    await calls.succeed(15);
    expect(limiter.limit).toBe(16);
    expect(summary(limiter.history).slice(-2)).toEqual(['increase:14->15', 'increase:15->16']);
  });

  it('a round with a rate limit in it is not clean', async () => {
    const { limiter, calls } = await saturated({ name: 'ai', adaptive: { start: 8, cooldownMs: 0 } }, 200);
    await calls.failLatest(rateLimitError()); // 8 -> 4, 7 older calls in flight; a new round starts
    await calls.succeed(2);
    await calls.fail(rateLimitError()); // an older call: same episode, but this round is not clean
    await calls.succeed(2); // the round of 4 ends: no growth
    expect(limiter.limit).toBe(4);
    await calls.succeed(4); // a clean, saturated round
    expect(limiter.limit).toBe(5);
    expect(summary(limiter.history)).toEqual(['rate_limit:8->4', 'increase:4->5']);
  });
});

describe('adaptive: learned request rate', () => {
  /**
   * 4 calls at a time: 25 successes at t=0 and 25 at t=500 ms; at t=1000 ms a rate limit with 3 calls
   * still running: the API accepted 53 calls in the last second.
   */
  async function learnFiftyThree(extra: object = {}) {
    const setup = await saturated(
      { name: 'lr', adaptive: { start: 4, max: 4, cooldownMs: 1000, ...extra } },
      5000,
    );
    await setup.calls.succeed(25);
    await vi.advanceTimersByTimeAsync(500);
    await setup.calls.succeed(25);
    await vi.advanceTimersByTimeAsync(500);
    await setup.calls.fail(rateLimitError());
    return setup;
  }

  /** Completes every call at once, in 5 ms steps, for `ms`; returns the starts in that time. */
  async function runFreely(calls: ManualCalls, ms: number): Promise<number> {
    const before = calls.started.length;
    for (let t = 0; t < ms; t += 5) {
      await vi.advanceTimersByTimeAsync(5);
      await calls.succeed(calls.pending);
    }
    return calls.started.length - before;
  }

  /** Waits (in 1 ms steps) until a new call has started. */
  async function nextCall(calls: ManualCalls): Promise<void> {
    while (calls.pending === 0) await vi.advanceTimersByTimeAsync(1);
  }

  const rateChanges = (limiter: Limiter) =>
    limiter.history.filter((c) => c.requestsPerMinute !== c.previousRequestsPerMinute);

  it('learns the rate the API accepted before the first rate limit (successes + calls still running) and spaces starts by it', async () => {
    const { limiter, calls } = await learnFiftyThree();
    expect(limiter.stats().learnedRequestsPerMinute).toBeCloseTo(53 * 60, 6);
    expect(limiter.limit).toBe(4); // rate-shaped: the limit stays
    expect(limiter.history.at(-1)).toMatchObject({ reason: 'rate_limit', requestsPerMinute: 3180 });
    await calls.succeed(calls.pending); // from now on only the rate holds calls back
    const started = await runFreely(calls, 1000);
    expect(started).toBeGreaterThanOrEqual(52);
    expect(started).toBeLessThanOrEqual(54);
  });

  it('at the ceiling, probes above it after the cooldown with doubling steps: +5%, +10%, +20%', async () => {
    const { limiter, calls } = await learnFiftyThree();
    await calls.succeed(calls.pending);
    await runFreely(calls, 990);
    expect(rateChanges(limiter)).toHaveLength(1); // the cooldown: no probe yet
    await runFreely(calls, 3100);
    const rates = rateChanges(limiter).map((c) => c.requestsPerMinute!);
    expect(rates.slice(1, 4).map((r) => Math.round(r * 1000) / 1000)).toEqual(
      [3180 * 1.05, 3180 * 1.05 * 1.1, 3180 * 1.05 * 1.1 * 1.2].map((r) => Math.round(r * 1000) / 1000),
    );
  });

  it('a later episode cuts to 95% of the rate measured then, and the next seconds close 3/4 of the gap', async () => {
    const { limiter, calls } = await learnFiftyThree();
    await calls.succeed(calls.pending);
    await runFreely(calls, 3000);
    await nextCall(calls);
    await calls.fail(rateLimitError());
    const cut = limiter.history.at(-1)!;
    expect(cut.reason).toBe('rate_limit');
    const ratio = cut.requestsPerMinute! / cut.previousRequestsPerMinute!;
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThanOrEqual(0.95);
    const ceiling = cut.requestsPerMinute! / 0.95;
    await runFreely(calls, 1100); // approaching the ceiling is allowed within the cooldown
    const next = limiter.history.at(-1)!;
    expect(next.reason).toBe('increase');
    expect(next.requestsPerMinute!).toBeCloseTo(
      cut.requestsPerMinute! + 0.75 * (ceiling - cut.requestsPerMinute!),
      6,
    );
  });

  it('within the cooldown the rate (not the limit) may be cut again, at most once per second', async () => {
    const { limiter, calls } = await learnFiftyThree({ cooldownMs: 10_000 });
    const cuts = () => limiter.history.filter((c) => c.reason === 'rate_limit').length;
    await calls.succeed(calls.pending);
    await runFreely(calls, 500);
    await nextCall(calls);
    await calls.fail(rateLimitError()); // 0.5 s after the cut: no
    expect(cuts()).toBe(1);
    await runFreely(calls, 600);
    await nextCall(calls);
    await calls.fail(rateLimitError()); // 1.1 s after: the rate only
    expect(cuts()).toBe(2);
    expect(limiter.history.at(-1)).toMatchObject({ previousLimit: 4, limit: 4 });
  });

  it('does not learn a rate from too few successes', async () => {
    const { limiter, calls } = await saturated({ name: 'lr', adaptive: { start: 4, max: 4 } });
    await calls.succeed(15);
    await calls.fail(rateLimitError()); // 15 successes + 3 running < 20
    expect(limiter.stats().learnedRequestsPerMinute).toBeUndefined();
  });
});
