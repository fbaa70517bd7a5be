/**
 * @module
 * Checks Limiter options once, in the constructor; every message names the option and the bad value.
 */
import { OptionsError } from '../errors.js';
import { describeValue } from '../util/describe.js';
import type { AdaptiveSettings } from './adaptive.js';
import { isRateLimitError } from './classify.js';
import type { AdaptiveOptions, LimiterOptions, LimiterRunOptions } from './types.js';

export const DEFAULT_ADAPTIVE_MAX = 128;
export const DEFAULT_ADAPTIVE_START = 4;
export const DEFAULT_DECREASE = 0.5;
export const DEFAULT_COOLDOWN_MS = 2000;
export const DEFAULT_MAX_THROTTLE_MS = 60_000;

export interface ResolvedLimiterOptions {
  name: string;
  maxConcurrency: number;
  requestsPerMinute: number | undefined;
  tokensPerMinute: number | undefined;
  adaptive: AdaptiveSettings | undefined;
  maxThrottleMs: number;
  isRateLimitError: (error: unknown) => boolean;
}

export function resolveLimiterOptions(options: LimiterOptions): ResolvedLimiterOptions {
  if (typeof options !== 'object' || options === null) {
    throw new OptionsError(
      `Limiter options must be an object like { name: 'openai' }, got ${describeValue(options)}`,
    );
  }
  const { name } = options;
  if (typeof name !== 'string' || name.length === 0) {
    throw new OptionsError(`Limiter name must be a non-empty string, got ${describeValue(name)}`);
  }
  const where = `Limiter '${name}'`;
  const maxConcurrency = integerAtLeast(where, 'maxConcurrency', options.maxConcurrency, 1);
  const isRateLimit = options.isRateLimitError;
  if (isRateLimit !== undefined && typeof isRateLimit !== 'function') {
    throw new OptionsError(
      `${where}: isRateLimitError must be a function, got ${describeValue(isRateLimit)}`,
    );
  }
  return {
    name,
    maxConcurrency: maxConcurrency ?? Number.POSITIVE_INFINITY,
    requestsPerMinute: optionalNumber(where, 'requestsPerMinute', options.requestsPerMinute, '> 0'),
    tokensPerMinute: optionalNumber(where, 'tokensPerMinute', options.tokensPerMinute, '> 0'),
    adaptive: resolveAdaptive(where, options.adaptive, maxConcurrency),
    maxThrottleMs:
      optionalNumber(where, 'maxThrottleMs', options.maxThrottleMs, '>= 0') ?? DEFAULT_MAX_THROTTLE_MS,
    isRateLimitError: isRateLimit ?? isRateLimitError,
  };
}

function resolveAdaptive(
  where: string,
  adaptive: boolean | AdaptiveOptions | undefined,
  maxConcurrency: number | undefined,
): AdaptiveSettings | undefined {
  if (adaptive === undefined || adaptive === false) return undefined;
  if (adaptive !== true && (typeof adaptive !== 'object' || adaptive === null || Array.isArray(adaptive))) {
    throw new OptionsError(
      `${where}: adaptive must be a boolean or an object like { min: 2, max: 32 }, got ${describeValue(adaptive)}`,
    );
  }
  const given = adaptive === true ? {} : adaptive;
  const min = integerAtLeast(where, 'adaptive.min', given.min, 1) ?? 1;
  const max =
    integerAtLeast(where, 'adaptive.max', given.max, 1) ??
    maxConcurrency ??
    Math.max(min, DEFAULT_ADAPTIVE_MAX);
  if (max < min) throw new OptionsError(`${where}: adaptive.max (${max}) must be >= adaptive.min (${min})`);
  if (maxConcurrency !== undefined && max > maxConcurrency) {
    throw new OptionsError(`${where}: adaptive.max (${max}) must be <= maxConcurrency (${maxConcurrency})`);
  }
  const start = integerAtLeast(where, 'adaptive.start', given.start, 1) ?? DEFAULT_ADAPTIVE_START;
  const decrease = given.decrease ?? DEFAULT_DECREASE;
  if (typeof decrease !== 'number' || !(decrease > 0 && decrease < 1)) {
    throw new OptionsError(
      `${where}: adaptive.decrease must be a number > 0 and < 1, got ${describeValue(decrease)}`,
    );
  }
  const cooldownMs =
    optionalNumber(where, 'adaptive.cooldownMs', given.cooldownMs, '>= 0') ?? DEFAULT_COOLDOWN_MS;
  return { min, max, start: Math.min(max, Math.max(min, start)), decrease, cooldownMs };
}

/** Checks one call's run options; returns the token reservation. */
export function checkRunOptions(name: string, options: LimiterRunOptions<any> | undefined): number {
  if (options === undefined) return 0;
  const where = `Limiter '${name}'`;
  if (typeof options !== 'object' || options === null) {
    throw new OptionsError(`${where}: run options must be an object, got ${describeValue(options)}`);
  }
  const { tokens, signal, usage } = options;
  const reserved = optionalNumber(where, 'tokens', tokens, '>= 0') ?? 0;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new OptionsError(`${where}: signal must be an AbortSignal, got ${describeValue(signal)}`);
  }
  if (usage !== undefined && typeof usage !== 'function') {
    throw new OptionsError(
      `${where}: usage must be a function (result) => tokens, got ${describeValue(usage)}`,
    );
  }
  return reserved;
}

/** Checks a token count reported by a call (`ctx.report`, `permit.report`). */
export function checkTokens(name: string, tokens: unknown): number {
  return finiteNumber(`Limiter '${name}'`, 'reported tokens', tokens, '>= 0');
}

function integerAtLeast(where: string, key: string, value: unknown, minimum: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new OptionsError(`${where}: ${key} must be an integer >= ${minimum}, got ${describeValue(value)}`);
  }
  return value;
}

type Bound = '> 0' | '>= 0';

function finiteNumber(where: string, key: string, value: unknown, bound: Bound): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (bound === '> 0' ? value <= 0 : value < 0)) {
    throw new OptionsError(`${where}: ${key} must be a finite number ${bound}, got ${describeValue(value)}`);
  }
  return value;
}

function optionalNumber(where: string, key: string, value: unknown, bound: Bound): number | undefined {
  return value === undefined ? undefined : finiteNumber(where, key, value, bound);
}
