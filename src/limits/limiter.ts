/**
 * @module
 * `Limiter`: a shareable gate for calls to one API. A call starts when it is first in line (FIFO), a
 * concurrency slot is free, the request and token budgets allow it and no Retry-After pause is running.
 * Waiting is event-driven: releases wake the queue, and a single timer is set for the exact time a
 * budget or pause frees up (no polling). Rate-limit errors pause starts and feed the adaptive
 * controller; the limiter never retries (retryTask / retryEvaluators do).
 */

import type { LanguageModelV3 } from '@ai-sdk/provider';
import { retryAfterMs } from '../engine/retry.js';
import { OptionsError } from '../errors.js';
import { AdaptiveController } from './adaptive.js';
import { Emitter, type Listener } from './emitter.js';
import { type WrapModelOptions, wrapLanguageModel } from './model.js';
import { checkRunOptions, type ResolvedLimiterOptions, resolveLimiterOptions } from './options.js';
import { Permit, type PermitOutcome } from './permit.js';
import { WaitQueue } from './queue.js';
import { limiterNow, requestBucket, TokenBucket } from './rate.js';
import type {
  LimitChange,
  LimiterEvents,
  LimiterOptions,
  LimiterPermit,
  LimiterRunContext,
  LimiterRunOptions,
  LimiterStats,
  WaitEvent,
} from './types.js';

type BudgetWait = { reason: WaitEvent['reason']; ms: number };

export class Limiter {
  readonly name: string;
  readonly #options: ResolvedLimiterOptions;
  readonly #requests: TokenBucket | undefined;
  readonly #tokens: TokenBucket | undefined;
  readonly #adaptive: AdaptiveController | undefined;
  readonly #events: Emitter<LimiterEvents>;
  readonly #queue = new WaitQueue<Permit>(() => {
    this.#pump();
    this.#checkIdle();
  });
  #inFlight = 0;
  #throttledUntil = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = 0;
  #lastWaitKey = '';
  #idleWaiters: (() => void)[] = [];
  #counts = { started: 0, succeeded: 0, failed: 0, rateLimited: 0, tokens: 0 };

  constructor(options: LimiterOptions) {
    this.#options = resolveLimiterOptions(options);
    this.name = this.#options.name;
    this.#events = new Emitter(`Limiter '${this.name}'`);
    const now = limiterNow();
    const { requestsPerMinute, tokensPerMinute, adaptive } = this.#options;
    if (requestsPerMinute !== undefined) this.#requests = requestBucket(requestsPerMinute, now);
    // Tokens: at most one second's worth of unused budget is kept.
    if (tokensPerMinute !== undefined)
      this.#tokens = new TokenBucket(tokensPerMinute, tokensPerMinute / 60, now);
    if (adaptive)
      this.#adaptive = new AdaptiveController(adaptive, (change) => this.#events.emit('change', change));
  }

  /** The concurrency limit now: the adaptive limit capped by `maxConcurrency`; Infinity when unlimited. */
  get limit(): number {
    return Math.min(this.#options.maxConcurrency, this.#adaptive?.limit ?? Number.POSITIVE_INFINITY);
  }

  /** Changes made by the adaptive controller, oldest first (the last 1000); empty when not adaptive. */
  get history(): readonly LimitChange[] {
    return this.#adaptive ? [...this.#adaptive.history] : [];
  }

  stats(): LimiterStats {
    const now = limiterNow();
    return {
      name: this.name,
      inFlight: this.#inFlight,
      queued: this.#queue.size,
      limit: this.limit,
      throttledUntil: this.#throttledUntil > now ? this.#throttledUntil : undefined,
      rateLimited: this.#counts.rateLimited,
      learnedRequestsPerMinute: this.#adaptive?.requestsPerMinute,
      started: this.#counts.started,
      succeeded: this.#counts.succeeded,
      failed: this.#counts.failed,
      tokens: this.#counts.tokens,
    };
  }

  /** Subscribes to an event (see {@link LimiterEvents}); returns the unsubscribe function. */
  on<K extends keyof LimiterEvents>(event: K, listener: Listener<LimiterEvents[K]>): () => void {
    return this.#events.on(event, listener);
  }

  off<K extends keyof LimiterEvents>(event: K, listener: Listener<LimiterEvents[K]>): void {
    this.#events.off(event, listener);
  }

  /** Resolves when nothing runs and nothing is queued; at once if that is already so. */
  onIdle(): Promise<void> {
    if (this.#inFlight === 0 && this.#queue.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Runs `fn` once the limiter lets it start, and gives the slot back when it settles. `fn` receives
   * the run's signal and a context whose `report({ tokens })` sets the call's actual token usage.
   * Errors from `fn` propagate unchanged (rate limits are noted on the way).
   */
  async run<T>(
    fn: (signal: AbortSignal, ctx: LimiterRunContext) => T | Promise<T>,
    options?: LimiterRunOptions<T>,
  ): Promise<T> {
    if (typeof fn !== 'function') throw new OptionsError(`Limiter '${this.name}': run(fn) needs a function`);
    const permit = await this.#enqueue(options);
    // A fresh signal per call when none is given: a shared one would collect a listener per fetch.
    const signal = options?.signal ?? new AbortController().signal;
    const ctx: LimiterRunContext = { signal, report: (usage) => permit.report(usage) };
    let result: T;
    try {
      result = await fn(signal, ctx);
    } catch (error) {
      permit.fail(error);
      throw error;
    }
    // A report of 0 tokens is a report: only a call that reported nothing reads `usage`.
    if (options?.usage && permit.reported === undefined) {
      try {
        const tokens = options.usage(result);
        if (tokens !== undefined) permit.report({ tokens });
      } catch {
        // A usage reader that cannot read this result keeps the estimate; the call itself succeeded.
      }
    }
    permit.release();
    return result;
  }

  /**
   * Waits like `run`, then hands over the slot: for calls that outlive a promise (streams). Call
   * `release()` or `fail(error)` exactly when the call ends, or the slot is never given back.
   */
  acquire(options?: Pick<LimiterRunOptions, 'tokens' | 'signal'>): Promise<LimiterPermit> {
    try {
      return this.#enqueue(options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * An AI SDK language model (LanguageModelV3) whose `doGenerate` / `doStream` go through this limiter:
   * tokens are estimated from the prompt, corrected from the response usage, and 429s are seen.
   */
  wrapModel(model: LanguageModelV3, options?: WrapModelOptions): LanguageModelV3 {
    return wrapLanguageModel(this, model, options);
  }

  #enqueue(options: LimiterRunOptions<any> | undefined): Promise<Permit> {
    const tokens = checkRunOptions(this.name, options);
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Permit>((resolve, reject) => {
      this.#queue.push({ tokens, signal, resolve, reject });
      this.#pump();
    });
  }

  /** Starts calls from the head of the queue while everything allows; else arms the one timer. */
  #pump(): void {
    for (let waiter = this.#queue.peek(); waiter; waiter = this.#queue.peek()) {
      if (this.#inFlight >= this.limit) {
        this.#adaptive?.noteSlotWait();
        break; // a release pumps again
      }
      const now = limiterNow();
      const wait = this.#budgetWait(waiter.tokens, now);
      if (wait) {
        this.#waitFor(wait, now);
        return;
      }
      this.#start(waiter.tokens, now);
    }
    this.#clearTimer();
  }

  /** The longest of the waits the head call faces: a pause, the request budgets, the token budget. */
  #budgetWait(tokens: number, now: number): BudgetWait | undefined {
    if (this.#throttledUntil > now) return { reason: 'throttle', ms: this.#throttledUntil - now };
    let wait: BudgetWait | undefined;
    const requests = Math.max(this.#requests?.waitMs(1, now) ?? 0, this.#adaptive?.rateWaitMs(now) ?? 0);
    if (requests > 0) wait = { reason: 'requests', ms: requests };
    const tokenMs = this.#tokens?.waitMs(tokens, now) ?? 0;
    if (tokenMs > (wait?.ms ?? 0)) wait = { reason: 'tokens', ms: tokenMs };
    return wait;
  }

  #waitFor(wait: BudgetWait, now: number): void {
    // Buckets let a call borrow under 1 ms of refill, so rounding their wait down is exact on average;
    // a pause must not end early.
    const ms = Math.max(1, wait.reason === 'throttle' ? Math.ceil(wait.ms) : Math.floor(wait.ms));
    const at = now + ms;
    if (this.#timer === undefined || this.#timerAt !== at) {
      this.#clearTimer();
      this.#timerAt = at;
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#pump();
      }, ms);
    }
    const key = `${wait.reason}:${at}`;
    if (key !== this.#lastWaitKey && this.#events.has('wait')) {
      this.#lastWaitKey = key;
      this.#events.emit('wait', { reason: wait.reason, ms, queued: this.#queue.size });
    }
  }

  #clearTimer(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #start(tokens: number, now: number): void {
    const waiter = this.#queue.shift();
    this.#inFlight++;
    this.#counts.started++;
    this.#requests?.take(1, now);
    this.#tokens?.take(tokens, now);
    this.#adaptive?.onStart(now, this.#inFlight);
    const start = { seq: this.#counts.started, inFlight: this.#inFlight };
    waiter.resolve(new Permit(this.name, tokens, start, (permit, outcome) => this.#finish(permit, outcome)));
  }

  /**
   * A permit came back: charge its real tokens, learn from the outcome, wake the queue. A rate-limited
   * call is charged nothing unless it reported usage (the API refused it); other failures keep their
   * reservation (the API may have done the work).
   */
  #finish(permit: Permit, outcome: PermitOutcome): void {
    const now = limiterNow();
    const inFlight = this.#inFlight--;
    const rateLimited = outcome !== undefined && this.#isRateLimit(outcome.error);
    const charged = permit.reported ?? (rateLimited ? 0 : permit.tokens);
    this.#counts.tokens += charged;
    if (charged !== permit.tokens) this.#tokens?.refund(permit.tokens - charged, now);
    if (outcome === undefined) {
      this.#counts.succeeded++;
      this.#adaptive?.onSuccess(now, inFlight, permit.start.inFlight);
    } else {
      this.#counts.failed++;
      if (rateLimited) this.#onRateLimit(outcome.error, permit, now);
    }
    this.#pump();
    this.#checkIdle();
  }

  #isRateLimit(error: unknown): boolean {
    try {
      return this.#options.isRateLimitError(error);
    } catch {
      return false;
    }
  }

  #onRateLimit(error: unknown, permit: Permit, now: number): void {
    this.#counts.rateLimited++;
    const retryAfter = retryAfterMs(error, now);
    if (retryAfter !== undefined && retryAfter > 0) {
      const until = now + Math.min(retryAfter, this.#options.maxThrottleMs);
      if (until > this.#throttledUntil) {
        this.#throttledUntil = until;
        this.#events.emit('throttle', { until, ms: until - now, error });
      }
    }
    this.#adaptive?.onRateLimit(now, {
      startSeq: permit.start.seq,
      started: this.#counts.started,
      startInFlight: permit.start.inFlight,
      running: this.#inFlight,
      retryAfterMs: retryAfter,
    });
    this.#events.emit('rateLimit', { error, retryAfterMs: retryAfter });
  }

  #checkIdle(): void {
    if (this.#inFlight !== 0 || this.#queue.size !== 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
    this.#events.emit('idle', undefined);
  }
}
