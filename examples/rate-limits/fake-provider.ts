/**
 * A stand-in for an LLM API with real limits, so that the example runs offline: at most
 * `maxConcurrent` requests at once, and a 429 with a Retry-After for anything above. Answers are
 * deterministic (the prompt in upper case); latency grows with the prompt.
 */
export interface Completion {
  text: string;
  usage: { totalTokens: number };
}

/** What the fake API throws when it is over its limit, shaped like an AI SDK APICallError. */
export class RateLimitedError extends Error {
  readonly statusCode = 429;
  /** Seconds, as the `retry-after` header would say. */
  readonly retryAfter: number;

  constructor(retryAfter: number) {
    super(`429 Too Many Requests: retry after ${retryAfter}s`);
    this.name = 'RateLimitedError';
    this.retryAfter = retryAfter;
  }
}

export class FakeProvider {
  readonly maxConcurrent: number;
  #inFlight = 0;
  /** Requests refused with a 429 so far. */
  rejected = 0;

  constructor(maxConcurrent: number) {
    this.maxConcurrent = maxConcurrent;
  }

  async complete(prompt: string, signal: AbortSignal): Promise<Completion> {
    if (this.#inFlight >= this.maxConcurrent) {
      this.rejected++;
      throw new RateLimitedError(0.2);
    }
    this.#inFlight++;
    try {
      await sleep(30 + prompt.length, signal);
      return { text: prompt.toUpperCase(), usage: { totalTokens: estimateTokens(prompt) * 2 } };
    } finally {
      this.#inFlight--;
    }
  }
}

/** About four characters per token, as a reservation before the call. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
