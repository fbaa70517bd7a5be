/**
 * @module
 * The adaptive controller: slow start, then AIMD on the concurrency limit, plus a request rate learned
 * from rate limits (docs/limits.md, "The adaptive algorithm"). It only decides numbers; the Limiter
 * asks it for the limit and the rate and tells it about starts, successes, rate limits and waits.
 */
import { RecentCounter, RecentPeak, requestBucket, requestCapacity, type TokenBucket } from './rate.js';
import type { LimitChange, LimitChangeReason } from './types.js';

/** A round counts as saturated when in-flight calls reached this share of the limit during it. */
export const SATURATION = 0.8;
/** A learned rate is cut to this share of the rate the API accepted (or of itself, if lower). */
export const RATE_DECREASE = 0.95;
/** The learned rate is raised at most once per this period, when the period was clean and rate-bound. */
export const RATE_STEP_MS = 1000;
/** Below the ceiling (the rate measured at the last cut), a step closes this share of the gap. */
export const RATE_APPROACH = 0.75;
/**
 * Within this share of the ceiling (or above it), steps probe: +5%, +10%, +20%... of the rate, up to
 * +50%. Overshooting costs little (the first 429 ends the probe), staying too low costs throughput.
 */
export const RATE_NEAR_CEILING = 0.98;
export const RATE_PROBE = 0.05;
export const RATE_PROBE_MAX = 0.5;
/** The success rate is measured over the shortest of these windows that holds enough successes. */
const MEASURE_WINDOWS_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000];
/** Fewer successes than this in every window: too few to learn a rate from. */
const MEASURE_MIN_SUCCESSES = 20;
/**
 * The shortest span a rate is measured over. Successes that came faster (a burst at the start) are
 * still counted per second: an API with a per-second window accepts that many per second, not per
 * burst, and a first rate that is too high costs many 429s while one too low is probed back up.
 */
const MEASURE_MIN_SPAN_MS = 1000;
const HISTORY_LIMIT = 1000;
/** A Retry-After at least this long points at a quota window rather than at concurrency. */
const QUOTA_RETRY_AFTER_MS = 1000;

export interface AdaptiveSettings {
  min: number;
  max: number;
  start: number;
  decrease: number;
  cooldownMs: number;
}

/** What the limiter knows about a rate-limited call. */
export interface RateLimitSignal {
  /** Start number of the failed call (from 1): a call started before the last cut is of that episode. */
  startSeq: number;
  /** Calls started so far: the start number a cut now marks as the end of its episode. */
  started: number;
  retryAfterMs: number | undefined;
  /** Calls in flight when the failed call started, itself included. */
  startInFlight: number;
  /** Calls still in flight now, the failed one excluded. */
  running: number;
}

export class AdaptiveController {
  readonly #settings: AdaptiveSettings;
  readonly #onChange: (change: LimitChange) => void;
  readonly #successes = new RecentCounter();
  readonly history: LimitChange[] = [];
  #limit: number;
  #rate: TokenBucket | undefined;
  #slowStart = true;
  #cooldownUntil = Number.NEGATIVE_INFINITY;
  /** Calls started (the limiter's start count) at the last cut. */
  #startsAtCut = 0;
  #rateCutAt = Number.NEGATIVE_INFINITY;
  /** Within the cooldown the limit regrows up to one below the level it was cut from. */
  #regrowCap = 0;
  // The current round: `limit` successes, clean when no rate limit came back during it.
  #roundSuccesses = 0;
  #roundSaturated = false;
  #roundClean = true;
  /** A call waited for a concurrency slot since the last change: the limit was binding. */
  #slotBound = false;
  /** A call waited for the learned rate since the last rate step. */
  #rateBound = false;
  /** The most calls in flight at the start of a call that then succeeded, over the last 5 s. */
  readonly #okInFlight = new RecentPeak();
  #rateStepAt = Number.NEGATIVE_INFINITY;
  #firstSuccessAt: number | undefined;
  /** The success rate measured at the last cut, per minute: where the API said stop. */
  #ceiling: number | undefined;
  #probeSteps = 0;

  constructor(settings: AdaptiveSettings, onChange: (change: LimitChange) => void) {
    this.#settings = settings;
    this.#onChange = onChange;
    this.#limit = settings.start;
  }

  get limit(): number {
    return this.#limit;
  }

  /** The learned request rate, per minute; undefined until a rate limit taught one. */
  get requestsPerMinute(): number | undefined {
    return this.#rate?.perMinute;
  }

  /** Ms until the learned rate allows the next start (0: now). */
  rateWaitMs(now: number): number {
    const ms = this.#rate?.waitMs(1, now) ?? 0;
    if (ms > 0) this.#rateBound = true;
    return ms;
  }

  /** The first queued call waits for a slot: the concurrency limit is what holds calls back. */
  noteSlotWait(): void {
    this.#slotBound = true;
  }

  /** A call starts; `inFlight` counts it. */
  onStart(now: number, inFlight: number): void {
    this.#rate?.take(1, now);
    if (inFlight >= SATURATION * this.#limit) this.#roundSaturated = true;
  }

  /** A call succeeded; `inFlight` still counts it, `startInFlight` is what it found (itself included). */
  onSuccess(now: number, inFlight: number, startInFlight: number): void {
    if (inFlight >= SATURATION * this.#limit) this.#roundSaturated = true;
    this.#okInFlight.add(now, startInFlight);
    this.#successes.add(now);
    this.#firstSuccessAt ??= now;
    this.#maybeRaiseRate(now);
    if (++this.#roundSuccesses < this.#limit) return;
    // Within the cooldown the limit may regrow, but not back to the level that was cut.
    const cap = now < this.#cooldownUntil ? this.#regrowCap : this.#settings.max;
    const grow = this.#roundClean && this.#roundSaturated && this.#limit < cap;
    this.#resetRound();
    if (!grow) return;
    const next = this.#slowStart ? this.#limit * 2 : this.#limit + 1;
    this.#change(
      now,
      this.#slowStart ? 'slow_start' : 'increase',
      Math.min(cap, next),
      this.#rate?.perMinute,
    );
  }

  /**
   * A call failed with a rate limit. One cut per episode: calls that started before the last cut, or
   * that fail within the cooldown, only lengthen the cooldown to cover their Retry-After. The learned
   * rate has a shorter gate: within the cooldown a rate-shaped failure may still cut (or first teach)
   * it once per {@link RATE_STEP_MS} (a first rate measured in a burst is often far too high).
   */
  onRateLimit(now: number, signal: RateLimitSignal): void {
    this.#roundClean = false;
    this.#rateStepAt = now;
    const retryAfter = signal.retryAfterMs ?? 0;
    const afterCut = signal.startSeq > this.#startsAtCut;
    const concurrency = this.#looksLikeConcurrency(now, signal);
    if (afterCut && now >= this.#cooldownUntil) {
      this.#cut(now, signal, concurrency);
      return;
    }
    this.#cooldownUntil = Math.max(this.#cooldownUntil, now + retryAfter);
    if (afterCut && !concurrency && now - this.#rateCutAt >= RATE_STEP_MS) {
      const rate = this.#cutRate(now, signal.running);
      if (rate === undefined) return;
      this.#startsAtCut = signal.started;
      this.#rateCutAt = now;
      this.#change(now, 'rate_limit', this.#limit, rate, true);
    }
  }

  /**
   * Whether a rate limit is about concurrency: the call started with more calls in flight than any
   * call that succeeded lately. A call refused at a level that worked before points at a rate (the
   * API's window or quota filled up), and so does a long Retry-After (a concurrency slot frees within
   * a call's latency, a quota window later). With no recent success to compare with, the limit is
   * blamed when calls were waiting for a slot.
   */
  #looksLikeConcurrency(now: number, signal: RateLimitSignal): boolean {
    if ((signal.retryAfterMs ?? 0) >= QUOTA_RETRY_AFTER_MS) return false;
    const okPeak = this.#okInFlight.peak(now);
    return okPeak === undefined ? this.#slotBound : signal.startInFlight > okPeak;
  }

  /**
   * A new episode: cut what let too many calls through: the limit for a concurrency-shaped rate
   * limit, else the learned rate (learned here the first time). Ends slow start, starts the cooldown.
   */
  #cut(now: number, signal: RateLimitSignal, concurrency: boolean): void {
    const retryAfter = signal.retryAfterMs ?? 0;
    this.#slowStart = false;
    const { min, decrease, cooldownMs } = this.#settings;
    const limit = concurrency ? Math.max(min, Math.floor(this.#limit * decrease)) : this.#limit;
    const rate = concurrency
      ? this.#rate?.perMinute
      : (this.#cutRate(now, signal.running) ?? this.#rate?.perMinute);
    this.#regrowCap = Math.max(limit, this.#limit - 1);
    this.#startsAtCut = signal.started;
    if (!concurrency) this.#rateCutAt = now;
    this.#cooldownUntil = now + cooldownMs + retryAfter;
    this.#resetRound();
    this.#change(now, 'rate_limit', limit, rate, true);
  }

  /**
   * The rate after a cut, per minute: {@link RATE_DECREASE} of the rate the API accepted just before
   * (or of the current rate, if lower or when too few calls ran to measure). The measure becomes the
   * ceiling that later increases head back to. A first rate is the measure itself: it is usually low
   * already (measured while slow start was still ramping up).
   */
  #cutRate(now: number, running: number): number | undefined {
    const measured = this.#measuredPerMinute(now, running);
    const current = this.#rate?.perMinute;
    this.#probeSteps = 0;
    if (current === undefined) {
      this.#ceiling = measured;
      return measured;
    }
    const base = measured === undefined ? current : Math.min(current, measured);
    this.#ceiling = base;
    return base * RATE_DECREASE;
  }

  /**
   * Calls per minute the API accepted over the shortest recent window (1 s to 1 min) that holds
   * enough of them: the successes, plus the `running` calls (a refusal comes back at once, so a call
   * still running was accepted). The window is shortened to the time since the first success (but
   * not under {@link MEASURE_MIN_SPAN_MS}) so an early measure is not diluted by time before anything
   * ran.
   */
  #measuredPerMinute(now: number, running: number): number | undefined {
    if (this.#firstSuccessAt === undefined) return undefined;
    for (const windowMs of MEASURE_WINDOWS_MS) {
      const from = Math.max(now - windowMs, this.#firstSuccessAt);
      const count = this.#successes.countSince(from, now) + running;
      if (count >= MEASURE_MIN_SUCCESSES) return (count * 60_000) / Math.max(MEASURE_MIN_SPAN_MS, now - from);
    }
    return undefined;
  }

  /**
   * After each clean, rate-bound second: close 3/4 of the gap to the ceiling (even within the cooldown:
   * the API accepted that rate), then, after the cooldown, probe above it with doubling steps (the
   * ceiling may have moved, or was measured while the client itself was still slow).
   */
  #maybeRaiseRate(now: number): void {
    if (!this.#rate || now - this.#rateStepAt < RATE_STEP_MS) return;
    const rate = this.#rate.perMinute;
    const ceiling = this.#ceiling ?? rate;
    const approaching = rate < ceiling * RATE_NEAR_CEILING;
    if (!approaching && now < this.#cooldownUntil) return;
    const bound = this.#rateBound;
    this.#rateBound = false;
    this.#rateStepAt = now;
    if (!bound) return;
    let next: number;
    if (approaching) {
      next = rate + (ceiling - rate) * RATE_APPROACH;
    } else {
      this.#probeSteps++;
      next = rate * (1 + Math.min(RATE_PROBE_MAX, RATE_PROBE * 2 ** (this.#probeSteps - 1)));
    }
    this.#change(now, 'increase', this.#limit, next);
  }

  #resetRound(): void {
    this.#roundSuccesses = 0;
    this.#roundSaturated = false;
    this.#roundClean = true;
  }

  /** Applies and records a change; an unchanged limit and rate are recorded only when `always`. */
  #change(
    now: number,
    reason: LimitChangeReason,
    limit: number,
    rate: number | undefined,
    always = false,
  ): void {
    const previousLimit = this.#limit;
    const previousRate = this.#rate?.perMinute;
    if (!always && limit === previousLimit && rate === previousRate) return;
    if (limit !== previousLimit) this.#slotBound = false;
    this.#limit = limit;
    if (rate !== undefined) {
      if (this.#rate) this.#rate.setRate(rate, requestCapacity(rate), now);
      else this.#rate = requestBucket(rate, now);
    }
    const change: LimitChange = {
      at: now,
      reason,
      limit,
      previousLimit,
      requestsPerMinute: rate,
      previousRequestsPerMinute: previousRate,
    };
    this.history.push(change);
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    this.#onChange(change);
  }
}
