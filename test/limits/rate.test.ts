import { describe, expect, it } from 'vitest';
import { isRateLimitError } from '../../src/limits/index.js';
import {
  CATCH_UP_MS,
  RecentCounter,
  RecentPeak,
  requestBucket,
  requestCapacity,
  TokenBucket,
} from '../../src/limits/rate.js';

describe('TokenBucket', () => {
  it('refills at perMinute / 60_000 per ms up to its capacity', () => {
    const bucket = new TokenBucket(60_000, 10, 0, 0); // 1 per ms
    expect(bucket.available(0)).toBe(0);
    expect(bucket.available(4)).toBe(4);
    expect(bucket.available(100)).toBe(10);
  });

  it('waitMs is the time until the amount (at most the capacity) is there; under 1 ms counts as now', () => {
    const bucket = new TokenBucket(600, 5, 0, 0); // 0.01 per ms
    expect(bucket.waitMs(1, 0)).toBe(100);
    expect(bucket.waitMs(50, 0)).toBe(500); // capped at the capacity
    expect(bucket.waitMs(1, 99.5)).toBe(0); // 0.5 ms away: borrow it
  });

  it('a take beyond what is available leaves a debt that refills first', () => {
    const bucket = new TokenBucket(60_000, 10, 0);
    bucket.take(25, 0);
    expect(bucket.available(0)).toBe(-15);
    expect(bucket.waitMs(1, 0)).toBe(16);
    expect(bucket.waitMs(0, 0)).toBe(15);
  });

  it('refund gives tokens back (never above capacity) or charges more when negative', () => {
    const bucket = new TokenBucket(60_000, 10, 0);
    bucket.take(10, 0);
    bucket.refund(4, 0);
    expect(bucket.available(0)).toBe(4);
    bucket.refund(100, 0);
    expect(bucket.available(0)).toBe(10);
    bucket.refund(-30, 0);
    expect(bucket.available(0)).toBe(-20);
  });

  it('setRate keeps what was available (or owed), capped at the new capacity', () => {
    const bucket = new TokenBucket(60_000, 10, 0);
    bucket.setRate(6000, 2, 0);
    expect(bucket.available(0)).toBe(2);
    expect(bucket.perMinute).toBe(6000);
    expect(bucket.waitMs(3, 0)).toBe(0);
  });

  it('ignores a clock that goes backwards', () => {
    const bucket = new TokenBucket(60_000, 10, 100, 0);
    expect(bucket.available(50)).toBe(0);
    expect(bucket.available(105)).toBe(5);
  });

  it('request buckets hold one call plus CATCH_UP_MS of refill', () => {
    expect(requestCapacity(60)).toBeCloseTo(1 + CATCH_UP_MS / 1000, 10);
    expect(requestCapacity(6000)).toBeCloseTo(1 + (100 * CATCH_UP_MS) / 1000, 10);
  });

  it('a request bucket starts with one call available', () => {
    const bucket = requestBucket(60, 0);
    expect(bucket.available(0)).toBe(1);
    expect(bucket.perMinute).toBe(60);
  });
});

describe('RecentCounter', () => {
  it('counts events since a time, to the slot', () => {
    const counter = new RecentCounter(50, 1000);
    counter.add(0);
    counter.add(10, 2);
    counter.add(120);
    expect(counter.countSince(0, 120)).toBe(4);
    expect(counter.countSince(100, 120)).toBe(1);
    expect(counter.countSince(60, 120)).toBe(1);
  });

  it('forgets events older than its horizon, and slots skipped over are cleared', () => {
    const counter = new RecentCounter(50, 1000);
    counter.add(0, 5);
    counter.add(990);
    expect(counter.countSince(0, 990)).toBe(6);
    expect(counter.countSince(0, 1000)).toBe(1); // slot 0 was reused for t=1000
    counter.add(5000);
    expect(counter.countSince(0, 5000)).toBe(1);
    expect(counter.horizonMs).toBe(1000);
  });
});

describe('RecentPeak', () => {
  it('keeps the highest value over its horizon, forgetting older slots', () => {
    const peak = new RecentPeak(250, 1000);
    expect(peak.peak(0)).toBeUndefined();
    peak.add(0, 8);
    peak.add(300, 3);
    expect(peak.peak(900)).toBe(8);
    expect(peak.peak(1000)).toBe(3); // slot 0 was reused for t=1000
    expect(peak.peak(5000)).toBeUndefined();
  });
});

describe('isRateLimitError', () => {
  class ApiError extends Error {
    constructor(
      message: string,
      readonly fields: Record<string, unknown> = {},
    ) {
      super(message);
      Object.assign(this, fields);
    }
  }

  it.each([
    ['statusCode 429 (AI SDK APICallError)', new ApiError('x', { statusCode: 429 })],
    ['status 429', new ApiError('x', { status: 429 })],
    ['status 503', new ApiError('x', { status: 503 })],
    ['status "429" as a string', new ApiError('x', { status: '429' })],
    ['response.status 429 (fetch wrappers)', new ApiError('x', { response: { status: 429 } })],
    ['a rate limit message', new Error('Rate limit reached for gpt-4o')],
    ['a rate_limit message', new Error('error code: rate_limit_exceeded')],
    ['too many requests', new Error('Too Many Requests')],
    ['a cause', new Error('wrapped', { cause: new ApiError('x', { statusCode: 429 }) })],
    [
      'a RetryError lastError',
      new ApiError('Failed after 3 attempts', { lastError: new ApiError('x', { statusCode: 429 }) }),
    ],
  ])('is true for %s', (_label, error) => {
    expect(isRateLimitError(error)).toBe(true);
  });

  it.each([
    ['status 500', new ApiError('server error', { status: 500 })],
    ['status 400', new ApiError('bad request', { statusCode: 400 })],
    ['a plain error', new Error('boom')],
    ['a string', 'rate limit'],
    ['null', null],
  ])('is false for %s', (_label, error) => {
    expect(isRateLimitError(error)).toBe(false);
  });
});
