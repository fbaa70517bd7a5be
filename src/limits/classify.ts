/**
 * @module
 * Which errors are rate limits. The Limiter only classifies; retrying is the engine's job.
 */

const RATE_LIMIT_STATUSES = new Set([429, 503]);
const RATE_LIMIT_MESSAGE = /rate[ _-]?limit|too many requests/i;

/**
 * The default rate-limit test: HTTP 429 or 503 in `statusCode` (AI SDK APICallError), `status` or
 * `response.status`, or a message mentioning a rate limit or "too many requests". Looks through
 * `cause` and an AI SDK RetryError's `lastError` (a few levels deep).
 */
export function isRateLimitError(error: unknown): boolean {
  return check(error, 0);
}

function check(error: unknown, depth: number): boolean {
  if (depth > 4 || error === null || typeof error !== 'object') return false;
  const e = error as Record<string, unknown>;
  const response = e.response as { status?: unknown } | undefined;
  for (const status of [e.statusCode, e.status, response?.status]) {
    if (RATE_LIMIT_STATUSES.has(Number(status))) return true;
  }
  if (typeof e.message === 'string' && RATE_LIMIT_MESSAGE.test(e.message)) return true;
  return check(e.lastError, depth + 1) || check(e.cause, depth + 1);
}
