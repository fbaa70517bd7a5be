/**
 * @module
 * The slot of one started call, handed out by `limiter.acquire` (and used inside `limiter.run`).
 */
import { checkTokens } from './options.js';
import type { LimiterPermit } from './types.js';

/** What the limiter learns when a permit comes back: undefined for a success. */
export type PermitOutcome = { error: unknown } | undefined;

/** Facts about the start of a call, kept for the adaptive controller. */
export interface PermitStart {
  /** Start number (1 for the limiter's first start), to tell calls from before an adaptive cut. */
  seq: number;
  /** Calls in flight when this one started, itself included. */
  inFlight: number;
}

/** Only the first `release` / `fail` counts; later calls do nothing. */
export class Permit implements LimiterPermit {
  readonly tokens: number;
  readonly start: PermitStart;
  /** Actual tokens reported by the call, if any. */
  reported: number | undefined;
  readonly #name: string;
  readonly #finish: (permit: Permit, outcome: PermitOutcome) => void;
  #done = false;

  constructor(
    name: string,
    tokens: number,
    start: PermitStart,
    finish: (permit: Permit, outcome: PermitOutcome) => void,
  ) {
    this.#name = name;
    this.tokens = tokens;
    this.start = start;
    this.#finish = finish;
  }

  report(usage: { tokens: number }): void {
    this.reported = checkTokens(this.#name, usage?.tokens);
  }

  release(): void {
    this.#settle(undefined);
  }

  fail(error: unknown): void {
    this.#settle({ error });
  }

  #settle(outcome: PermitOutcome): void {
    if (this.#done) return;
    this.#done = true;
    this.#finish(this, outcome);
  }
}
