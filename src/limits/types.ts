/**
 * @module
 * Public types of the Limiter: options, run options, permits, stats, history entries and events.
 * docs/limits.md explains how they fit together.
 */

/** Bounds and tuning of the adaptive controller (`adaptive: true` takes every default). */
export interface AdaptiveOptions {
  /**
   * Lowest concurrency limit a cut may reach.
   *
   * Minimum: 1.
   *
   * @default 1
   */
  min?: number;
  /**
   * Highest concurrency limit slow start and increases may reach. Must be >= `min` and, when
   * `maxConcurrency` is set, <= `maxConcurrency`.
   *
   * @default maxConcurrency, else 128
   */
  max?: number;
  /**
   * Concurrency limit at the start. Slow start doubles it after every clean, saturated round until the
   * first rate limit. Clamped into `[min, max]`.
   *
   * @default 4
   */
  start?: number;
  /**
   * Factor a concurrency-shaped rate-limit episode multiplies the concurrency limit by. (A learned
   * request rate is cut to 95% of the rate the API accepted instead; see docs/limits.md.)
   * Greater than 0, less than 1.
   *
   * @default 0.5
   */
  decrease?: number;
  /**
   * Minimum time between two cuts. Within it the limit may regrow only to one below the level it was
   * cut from, and a learned rate is not probed above its ceiling. A Retry-After on the error that
   * caused the cut is added to it.
   *
   * Minimum: 0.
   *
   * @default 2000
   */
  cooldownMs?: number;
}

export interface LimiterOptions {
  /** Names the limiter in events, stats and errors (`'openai'`). Required, non-empty. */
  name: string;
  /**
   * Calls in flight at once. With `adaptive`, a hard cap above the adaptive limit.
   *
   * Minimum: 1.
   *
   * @default unlimited
   */
  maxConcurrency?: number;
  /**
   * Calls started per minute. Starts are spaced evenly (`60_000 / requestsPerMinute` ms apart), with no
   * burst beyond catching up 25 ms of late timers, so an API that enforces its per-minute limit per
   * second is respected as well.
   *
   * Must be > 0.
   *
   * @default unlimited
   */
  requestsPerMinute?: number;
  /**
   * Tokens (input + output) per minute. Each call reserves its `tokens` estimate before it starts and
   * is charged its actual usage once reported. At most one second's worth of unused budget is kept.
   *
   * Must be > 0.
   *
   * @default unlimited
   */
  tokensPerMinute?: number;
  /**
   * Adjust concurrency and learn a request rate from rate-limit errors: slow start, a multiplicative
   * cut per rate-limit episode, additive increase only while the limit is in use, and a request rate
   * learned from what the API accepted (docs/limits.md). `true` takes the defaults of
   * {@link AdaptiveOptions}.
   *
   * @default false
   */
  adaptive?: boolean | AdaptiveOptions;
  /**
   * Longest pause one Retry-After may impose on all starts, so a bogus header cannot stall a run.
   *
   * Minimum: 0.
   *
   * @default 60_000
   */
  maxThrottleMs?: number;
  /**
   * Decides whether an error thrown by a call is a rate limit. Default: HTTP 429 or 503 in
   * `statusCode` / `status` / `response.status` (also on `cause`, and on an AI SDK RetryError's
   * `lastError`), or a message that mentions a rate limit or "too many requests".
   */
  isRateLimitError?: (error: unknown) => boolean;
}

/** Options of one `limiter.run` / `limiter.acquire`. */
export interface LimiterRunOptions<T = unknown> {
  /**
   * Tokens to reserve from `tokensPerMinute` before the call starts: an estimate, corrected afterwards
   * by `usage` or `ctx.report`. Without `tokensPerMinute` nothing waits for it; stats still count it.
   *
   * Minimum: 0.
   *
   * @default 0
   */
  tokens?: number;
  /** Abort while queued or waiting for budget: the call leaves the queue and rejects with the reason. */
  signal?: AbortSignal;
  /**
   * Reads the actual token count from the call's result; it replaces the `tokens` estimate.
   * Return undefined to keep the estimate. `ctx.report` inside the call wins over it.
   */
  usage?: (result: T) => number | undefined;
}

/** The second argument of the function given to `limiter.run`. */
export interface LimiterRunContext {
  /** The signal passed in the run options (never aborted when none was given). */
  readonly signal: AbortSignal;
  /** Reports the call's actual token usage; it replaces the reserved estimate. The last report wins. */
  report(usage: { tokens: number }): void;
}

/**
 * A slot taken with `limiter.acquire`: call `release()` when the call succeeded or `fail(error)` when
 * it threw (so rate limits are seen). Both are idempotent: only the first of them counts.
 */
export interface LimiterPermit {
  /** Tokens reserved for this call. */
  readonly tokens: number;
  /** Reports the actual token usage; it replaces the reservation when the permit is released. */
  report(usage: { tokens: number }): void;
  release(): void;
  fail(error: unknown): void;
}

/** A snapshot of a limiter, from `limiter.stats()`. */
export interface LimiterStats {
  name: string;
  /** Calls running now. */
  inFlight: number;
  /** Calls waiting for a slot, a budget or the end of a pause. */
  queued: number;
  /** The concurrency limit now (adaptive or `maxConcurrency`); Infinity when unlimited. */
  limit: number;
  /** `Date.now()` time until which starts are paused after a Retry-After; undefined when not paused. */
  throttledUntil: number | undefined;
  /** Rate-limit errors seen so far. */
  rateLimited: number;
  /** The request rate the adaptive controller learned from rate limits; undefined before the first. */
  learnedRequestsPerMinute: number | undefined;
  /** Calls started / finished without error / finished with an error, so far. */
  started: number;
  succeeded: number;
  failed: number;
  /** Tokens charged so far (reported usage, else the reservation). */
  tokens: number;
}

export type LimitChangeReason = 'slow_start' | 'increase' | 'rate_limit';

/** One change made by the adaptive controller, kept in `limiter.history` and sent as a `change` event. */
export interface LimitChange {
  /** `Date.now()` time of the change. */
  at: number;
  reason: LimitChangeReason;
  /** Concurrency limit after and before the change. */
  limit: number;
  previousLimit: number;
  /** Learned request rate after and before the change (undefined: none learned). */
  requestsPerMinute: number | undefined;
  previousRequestsPerMinute: number | undefined;
}

/** Starts are paused (or the pause was extended) because a rate-limit error carried a Retry-After. */
export interface ThrottleEvent {
  /** `Date.now()` time the pause ends. */
  until: number;
  /** Length of the pause from now, in ms. */
  ms: number;
  error: unknown;
}

/** The first queued call waits for time to pass, not for a slot: why and for how long. */
export interface WaitEvent {
  reason: 'throttle' | 'requests' | 'tokens';
  ms: number;
  queued: number;
}

/** A call failed with a rate-limit error. */
export interface RateLimitEvent {
  error: unknown;
  /** The Retry-After it carried, in ms. */
  retryAfterMs: number | undefined;
}

/** Event name → payload, for `limiter.on(name, listener)`. */
export interface LimiterEvents {
  change: LimitChange;
  throttle: ThrottleEvent;
  wait: WaitEvent;
  rateLimit: RateLimitEvent;
  /** Nothing is running or queued any more. */
  idle: undefined;
}
