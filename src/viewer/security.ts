/**
 * @module
 * What keeps the viewer read-only and local: GET/HEAD only (405 otherwise), strict response headers
 * (CSP `default-src 'self'`, nosniff, no framing, no referrer), a Host check against DNS rebinding when
 * bound to a loopback address, and the shape checks of ids taken from URLs.
 */
import type { MiddlewareHandler } from 'hono';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Sets the security headers on every response, errors included. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
};

/** Anything but GET and HEAD: 405 with `Allow`. The viewer has no write endpoint. */
export const readOnly: MiddlewareHandler = async (c, next) => {
  const method = c.req.method;
  if (method !== 'GET' && method !== 'HEAD') {
    return c.json({ error: `Method ${method} not allowed: the viewer is read-only` }, 405, {
      Allow: 'GET, HEAD',
    });
  }
  await next();
};

/**
 * Refuses requests whose Host header is not the server's own address (a DNS-rebinding page would send
 * its own host name). `allowed()` returns undefined when any host is accepted (bound to a public address).
 */
export function hostCheck(allowed: () => ReadonlySet<string> | undefined): MiddlewareHandler {
  return async (c, next) => {
    const hosts = allowed();
    const host = (c.req.header('host') ?? '').toLowerCase();
    if (hosts && !hosts.has(host)) return c.json({ error: 'Unknown Host header' }, 403);
    await next();
  };
}

/** Whether a listen address is this machine's loopback (only local programs can reach it). */
export function isLoopbackHost(host: string): boolean {
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The Host header values a loopback server answers to. */
export function loopbackHosts(host: string, port: number): ReadonlySet<string> | undefined {
  if (!isLoopbackHost(host)) return undefined;
  const own = host === '::1' ? '[::1]' : host;
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', own]);
  return new Set([...names].map((name) => `${name}:${port}`));
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const CASE_ID = /^[0-9]{1,9}$/;

/** Run ids are letters, digits, `-` and `_`: never a path (`..`, `/`, `%2e`, an absolute path). */
export function isSafeRunId(value: string | undefined): value is string {
  return value !== undefined && RUN_ID.test(value);
}

export function parseCaseId(value: string | undefined): number | undefined {
  return value !== undefined && CASE_ID.test(value) ? Number(value) : undefined;
}
