/**
 * @module
 * Time and budget primitives of the Limiter: its clock, a token bucket, and a counter of recent events.
 */

/**
 * The limiter's clock: `Date.now()`. Date (not `performance.now()` as in util/clock.ts) because Date is
 * faked by every `vi.useFakeTimers` set-up in this repository (some fake only `setTimeout`,
 * `clearTimeout` and `Date`); a budget computed from an unfaked clock would never refill under fake
 * timers. A wall-clock step backwards is harmless: buckets and counters ignore negative elapsed time.
 */
export function limiterNow(): number {
  return Date.now();
}

/**
 * How much late-timer time a request bucket absorbs. A request bucket holds one call plus this much
 * refill, so a timer that fires a few ms late (a busy event loop) does not lose budget: the calls that
 * are due catch up. Any window of W ms then sees at most `rate * (W + 25 ms) + 1` starts.
 */
export const CATCH_UP_MS = 25;

/** Capacity of a request bucket: one call plus {@link CATCH_UP_MS} of refill. */
export function requestCapacity(perMinute: number): number {
  return 1 + (perMinute / 60_000) * CATCH_UP_MS;
}

/**
 * A bucket of request starts: one call available at first, then starts spaced evenly with no burst
 * beyond {@link requestCapacity}. `setRate(rpm, requestCapacity(rpm), now)` keeps it one.
 */
export function requestBucket(perMinute: number, now: number): TokenBucket {
  return new TokenBucket(perMinute, requestCapacity(perMinute), now, 1);
}

/**
 * Budget that refills continuously at `perMinute / 60_000` per ms up to `capacity`. A take larger than
 * what is available drives it negative (a debt the refill pays back first), so a call bigger than the
 * capacity can still run once the bucket is full, and the long-run rate stays exact whatever the
 * timer granularity.
 */
export class TokenBucket {
  #perMs: number;
  #capacity: number;
  #available: number;
  #updatedAt: number;

  /** Starts with `initial` available (default: full). */
  constructor(perMinute: number, capacity: number, now: number, initial = capacity) {
    this.#perMs = perMinute / 60_000;
    this.#capacity = capacity;
    this.#available = Math.min(capacity, initial);
    this.#updatedAt = now;
  }

  get perMinute(): number {
    return this.#perMs * 60_000;
  }

  available(now: number): number {
    this.#refill(now);
    return this.#available;
  }

  /**
   * Ms until `amount` (at most the capacity) is available; 0 when it is (or will be within 1 ms: the
   * call may borrow that much, which keeps integer-ms timers from slowing the rate down).
   */
  waitMs(amount: number, now: number): number {
    this.#refill(now);
    const deficit = Math.min(amount, this.#capacity) - this.#available;
    if (deficit <= 0) return 0;
    const ms = deficit / this.#perMs;
    return ms < 1 ? 0 : ms;
  }

  take(amount: number, now: number): void {
    this.#refill(now);
    this.#available -= amount;
  }

  /** Gives back `amount` (negative: charges more), never above the capacity. */
  refund(amount: number, now: number): void {
    this.#refill(now);
    this.#available = Math.min(this.#capacity, this.#available + amount);
  }

  /** Changes the rate; what was available (or owed) is kept, up to the new capacity. */
  setRate(perMinute: number, capacity: number, now: number): void {
    this.#refill(now);
    this.#perMs = perMinute / 60_000;
    this.#capacity = capacity;
    this.#available = Math.min(capacity, this.#available);
  }

  #refill(now: number): void {
    const elapsed = now - this.#updatedAt;
    if (elapsed > 0) {
      this.#available = Math.min(this.#capacity, this.#available + elapsed * this.#perMs);
      this.#updatedAt = now;
    }
  }
}

/**
 * Fixed time slots over a horizon, reused round-robin: the ring under {@link RecentCounter} and
 * {@link RecentPeak}. Slots that time moved past without a write are reset to `empty`.
 */
class TimeSlots {
  readonly slotMs: number;
  readonly values: Float64Array;
  readonly #empty: number;
  /** Index (time / slotMs) of the newest slot reached. */
  #newest = Number.NEGATIVE_INFINITY;

  constructor(slotMs: number, horizonMs: number, empty: number) {
    this.slotMs = slotMs;
    this.values = new Float64Array(Math.ceil(horizonMs / slotMs)).fill(empty);
    this.#empty = empty;
  }

  /** Index of the slot holding `now`, after resetting the slots between the newest reached and it. */
  advance(now: number): number {
    const index = Math.floor(now / this.slotMs);
    if (index > this.#newest) {
      const gap = Math.min(this.values.length, index - this.#newest);
      for (let i = 0; i < gap; i++) this.values[(index - i) % this.values.length] = this.#empty;
      this.#newest = index;
    }
    return index;
  }
}

/**
 * Counts events in the recent past with fixed time slots (O(1) per event, bounded memory whatever the
 * rate): `countSince(from, now)` is the number of events since about `from`, to the slot.
 */
export class RecentCounter {
  readonly #slots: TimeSlots;

  constructor(slotMs = 50, horizonMs = 60_000) {
    this.#slots = new TimeSlots(slotMs, horizonMs, 0);
  }

  get horizonMs(): number {
    return this.#slots.slotMs * this.#slots.values.length;
  }

  add(now: number, amount = 1): void {
    const { values } = this.#slots;
    values[this.#slots.advance(now) % values.length]! += amount;
  }

  /** Events from the slot holding `from` up to now (at most the horizon back). */
  countSince(from: number, now: number): number {
    const { slotMs, values } = this.#slots;
    const index = this.#slots.advance(now);
    const first = Math.max(Math.floor(from / slotMs), index - values.length + 1);
    let total = 0;
    for (let i = first; i <= index; i++) total += values[i % values.length]!;
    return total;
  }
}

/** The highest value recorded in the recent past, with fixed time slots like {@link RecentCounter}. */
export class RecentPeak {
  readonly #slots: TimeSlots;

  constructor(slotMs = 250, horizonMs = 5000) {
    this.#slots = new TimeSlots(slotMs, horizonMs, Number.NEGATIVE_INFINITY);
  }

  add(now: number, value: number): void {
    const { values } = this.#slots;
    const slot = this.#slots.advance(now) % values.length;
    if (value > values[slot]!) values[slot] = value;
  }

  /** The peak over the horizon; undefined when nothing was recorded in it. */
  peak(now: number): number | undefined {
    this.#slots.advance(now);
    let peak = Number.NEGATIVE_INFINITY;
    for (const value of this.#slots.values) if (value > peak) peak = value;
    return peak === Number.NEGATIVE_INFINITY ? undefined : peak;
  }
}
