import { isAbortError } from '../errors.js';
import { sleep } from '../util/clock.js';
import type { RetryOptions } from './options.js';

/** Backoff before retry `k` (from 1): `min(maxDelayMs, minDelayMs * factor^(k-1))`, or up to that with jitter. */
export function backoffDelayMs(
  options: RetryOptions,
  retry: number,
  random: () => number = Math.random,
): number {
  const { minDelayMs = 500, maxDelayMs = 30_000, factor = 2, jitter = true } = options;
  const ceiling = Math.min(maxDelayMs, minDelayMs * factor ** (retry - 1));
  return jitter ? random() * ceiling : ceiling;
}

/** The delay for retry `k`: the backoff, raised to the error's Retry-After when there is one. */
export function retryDelayMs(
  options: RetryOptions,
  retry: number,
  error: unknown,
  random?: () => number,
): number {
  const backoff = backoffDelayMs(options, retry, random);
  if (options.respectRetryAfter === false) return backoff;
  const retryAfter = retryAfterMs(error);
  if (retryAfter === undefined) return backoff;
  return Math.min(options.maxDelayMs ?? 30_000, Math.max(backoff, retryAfter));
}

/**
 * How long the server asked us to wait, in ms: a `retryAfter` field (seconds), or a `retry-after`,
 * `retry-after-ms` or `x-ratelimit-reset*` header in `error.headers` / `error.responseHeaders`
 * (the AI SDK's APICallError), as seconds or an HTTP date. Looks through `error.cause` too.
 */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as any).cause, depth++) {
    const field = (e as { retryAfter?: unknown }).retryAfter;
    const fromField = parseSeconds(field, now);
    if (fromField !== undefined) return fromField;
    for (const headers of [(e as any).headers, (e as any).responseHeaders, (e as any).response?.headers]) {
      const fromHeaders = retryAfterFromHeaders(headers, now);
      if (fromHeaders !== undefined) return fromHeaders;
    }
  }
  return undefined;
}

function retryAfterFromHeaders(headers: unknown, now: number): number | undefined {
  const get = headerGetter(headers);
  if (!get) return undefined;
  const ms = Number(get('retry-after-ms'));
  if (get('retry-after-ms') !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const retryAfter = parseSeconds(get('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  let longest: number | undefined;
  for (const name of ['x-ratelimit-reset', 'x-ratelimit-reset-requests', 'x-ratelimit-reset-tokens']) {
    const value = parseResetValue(get(name), now);
    if (value !== undefined) longest = Math.max(longest ?? 0, value);
  }
  return longest;
}

function headerGetter(headers: unknown): ((name: string) => string | undefined) | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') {
    return (name) => (headers as Headers).get(name) ?? undefined;
  }
  const lower = new Map<string, unknown>();
  for (const [k, v] of Object.entries(headers)) lower.set(k.toLowerCase(), v);
  return (name) => {
    const v = lower.get(name);
    return v === undefined || v === null ? undefined : String(Array.isArray(v) ? v[0] : v);
  };
}

/** Seconds (`"2"`, `2.5`) or an HTTP date, as ms from now; undefined when unreadable. */
function parseSeconds(value: unknown, now: number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** `x-ratelimit-reset*` values: seconds, OpenAI durations (`1s`, `6m0s`, `250ms`) or a Unix time. */
function parseResetValue(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const duration =
    /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/.exec(
      value.trim(),
    );
  if (duration && /[hms]/.test(value)) {
    const [, h = '0', m = '0', s = '0', ms = '0'] = duration;
    return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms);
  }
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) return parseSeconds(value, now);
  // A number larger than a year of seconds is a Unix timestamp, not a delay.
  if (n > 31_536_000) return Math.max(0, n * 1000 - now);
  return n * 1000;
}

/**
 * Calls `attemptFn(attempt)` until it succeeds, retries run out, `shouldRetry` says no, or the error is
 * an abort. The error thrown at the end is the last attempt's own error, never a wrapper.
 */
export async function withRetries<T>(
  options: RetryOptions | undefined,
  signal: AbortSignal | undefined,
  attemptFn: (attempt: number) => T | Promise<T>,
  onBackoff?: (info: { error: unknown; attempt: number; delayMs: number }) => void,
): Promise<T> {
  const retries = options?.retries ?? 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptFn(attempt);
    } catch (error) {
      if (attempt > retries || isAbortError(error) || signal?.aborted) throw error;
      if (options!.shouldRetry && !(await options!.shouldRetry(error, attempt))) throw error;
      const delayMs = retryDelayMs(options!, attempt, error);
      try {
        options!.onRetry?.({ error, attempt, delayMs });
      } catch {
        // A throwing onRetry hook must not turn a retry into a failure.
      }
      onBackoff?.({ error, attempt, delayMs });
      await sleep(delayMs, signal);
    }
  }
}
