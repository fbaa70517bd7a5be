/**
 * A simulated rate-limited API for fake-timer tests of the adaptive controller: the W4 server (max
 * concurrency, requests per sliding window, random latency, 429 with retry-after-ms) and clients that
 * retry like the engine's retryTask. Everything runs on fake timers with a seeded random source, so a
 * run is deterministic and measured in simulated time, never wall time.
 */
import { vi } from 'vitest';
import type { Limiter } from '../../src/limits/index.js';
import { HttpError } from './helpers.js';

// The seeded generator of the statistics code (mulberry32), so runs of these tests repeat exactly.
export { seededRandom } from '../../src/report/stats/math.js';

export interface SimulatedApiOptions {
  maxConcurrency: number;
  requestsPerWindow: number;
  windowMs: number;
  latencyMs: readonly [number, number];
  random: () => number;
}

export class SimulatedApi {
  accepted = 0;
  rejected = 0;
  peakConcurrency = 0;
  #inFlight = 0;
  #window: number[] = [];
  readonly #options: SimulatedApiOptions;

  constructor(options: SimulatedApiOptions) {
    this.#options = options;
  }

  /** One request: resolves after the latency, or rejects at once with a 429 and retry-after-ms. */
  readonly call = (): Promise<void> => {
    const { maxConcurrency, requestsPerWindow, windowMs, latencyMs, random } = this.#options;
    const now = Date.now();
    while (this.#window.length > 0 && this.#window[0]! <= now - windowMs) this.#window.shift();
    if (this.#inFlight >= maxConcurrency || this.#window.length >= requestsPerWindow) {
      this.rejected++;
      const wait = this.#inFlight >= maxConcurrency ? latencyMs[0] : this.#window[0]! + windowMs - now;
      return Promise.reject(new HttpError(429, { 'retry-after-ms': String(Math.max(1, Math.ceil(wait))) }));
    }
    this.#window.push(now);
    this.accepted++;
    this.#inFlight++;
    this.peakConcurrency = Math.max(this.peakConcurrency, this.#inFlight);
    const latency = latencyMs[0] + random() * (latencyMs[1] - latencyMs[0]);
    return new Promise((resolve) =>
      setTimeout(() => {
        this.#inFlight--;
        resolve();
      }, latency),
    );
  };
}

/** Like the engine's retry: wait max(full-jitter backoff, Retry-After), then try again. */
async function withRetries(fn: () => Promise<void>, random: () => number, retries = 20): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt > retries) throw error;
      const retryAfter = Number((error as HttpError).headers['retry-after-ms'] ?? 0);
      const backoff = random() * Math.min(10_000, 100 * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, Math.max(backoff, retryAfter)));
    }
  }
}

export interface SimulationResult {
  cases: number;
  failedCases: number;
  accepted: number;
  rejected: number;
  seconds: number;
  acceptedPerSecond: number;
  rate429: number;
}

/**
 * W4 in simulated time: `cases` cases start at once, each makes one task call then one judge call,
 * both through `limiter` with retries. Resolves when all are done.
 */
export async function simulateW4(limiter: Limiter, api: SimulatedApi, cases: number, random: () => number) {
  const start = Date.now();
  let failedCases = 0;
  const call = () => limiter.run(api.call);
  const all = Array.from({ length: cases }, async () => {
    try {
      await withRetries(call, random);
      await withRetries(call, random);
    } catch {
      failedCases++;
    }
  });
  let done = false;
  void Promise.all(all).then(() => (done = true));
  while (!done) await vi.advanceTimersByTimeAsync(20);
  const seconds = (Date.now() - start) / 1000;
  const result: SimulationResult = {
    cases,
    failedCases,
    accepted: api.accepted,
    rejected: api.rejected,
    seconds,
    acceptedPerSecond: api.accepted / seconds,
    rate429: api.rejected / (api.accepted + api.rejected),
  };
  return result;
}
