import { afterEach, describe, expect, it, vi } from 'vitest';
import { Limiter } from '../../src/limits/index.js';
import { useLimiterFakeTimers } from './helpers.js';
import { SimulatedApi, type SimulatedApiOptions, seededRandom, simulateW4 } from './simulation.js';

afterEach(() => vi.useRealTimers());

async function simulate(seed: number, api: Omit<SimulatedApiOptions, 'random'>, cases = 2000) {
  useLimiterFakeTimers();
  const random = seededRandom(seed);
  const simulated = new SimulatedApi({ ...api, random });
  const limiter = new Limiter({ name: 'sim', adaptive: true });
  const result = await simulateW4(limiter, simulated, cases, random);
  return result;
}

describe('adaptive limiter against simulated APIs (fake timers, simulated seconds)', () => {
  it.each([1, 2, 3])(
    'W4 (20 concurrent, 100 req/s, 20-50 ms), seed %i: no failed case, >= 90% of the rate, <= 5% 429s',
    async (seed) => {
      const result = await simulate(seed, {
        maxConcurrency: 20,
        requestsPerWindow: 100,
        windowMs: 1000,
        latencyMs: [20, 50],
      });
      expect(result.failedCases).toBe(0);
      expect(result.accepted).toBe(4000);
      expect(result.acceptedPerSecond).toBeGreaterThanOrEqual(90);
      expect(result.rate429).toBeLessThanOrEqual(0.05);
    },
  );

  it.each([1, 2])(
    'concurrency-bound (8 concurrent, no rate limit), seed %i: >= 90% of 8 in flight, <= 5% 429s',
    async (seed) => {
      const result = await simulate(seed, {
        maxConcurrency: 8,
        requestsPerWindow: Number.POSITIVE_INFINITY,
        windowMs: 1000,
        latencyMs: [20, 50],
      });
      expect(result.failedCases).toBe(0);
      // Ideal: 8 in flight / 35 ms mean latency = 229 per second.
      expect(result.acceptedPerSecond).toBeGreaterThanOrEqual(0.9 * (8 / 0.035));
      expect(result.rate429).toBeLessThanOrEqual(0.05);
    },
  );

  it.each([1, 2])(
    'per-minute quota (1200 per 60 s window, 1-3 s latency), seed %i: >= 75% of the quota, <= 5% 429s',
    async (seed) => {
      const result = await simulate(
        seed,
        { maxConcurrency: 100, requestsPerWindow: 1200, windowMs: 60_000, latencyMs: [1000, 3000] },
        1500,
      );
      expect(result.failedCases).toBe(0);
      expect(result.acceptedPerSecond).toBeGreaterThanOrEqual(0.75 * 20);
      expect(result.rate429).toBeLessThanOrEqual(0.05);
    },
  );
});
