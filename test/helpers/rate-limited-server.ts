/**
 * A real HTTP server on 127.0.0.1 that behaves like a rate-limited OpenAI-compatible API:
 * `POST /v1/chat/completions` answers a JSON chat completion with usage after a latency, and answers
 * 429 with `Retry-After` (seconds, rounded up) and `retry-after-ms` (exact) beyond a concurrency limit
 * or a request rate over a sliding window. It counts requests, 429s and peak concurrency.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RateLimitedServerOptions {
  /** Requests handled at once; one more gets a 429. @default unlimited */
  maxConcurrency?: number;
  /** Requests accepted per `windowMs` (sliding window); one more gets a 429. @default unlimited */
  requestsPerSecond?: number;
  /** The window `requestsPerSecond` is counted over, in ms. @default 1000 */
  windowMs?: number;
  /** Time before an accepted request is answered: fixed ms, or `[min, max]` drawn uniformly. @default 0 */
  latencyMs?: number | readonly [number, number];
  /** Usage reported in each completion. @default { prompt_tokens: 11, completion_tokens: 7 } */
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Source of randomness for latencies. @default Math.random */
  random?: () => number;
}

export interface RateLimitedServerStats {
  /** Every chat completion request received. */
  requests: number;
  accepted: number;
  /** 429s, split by cause below. */
  rejected: number;
  rejectedConcurrency: number;
  rejectedRate: number;
  inFlight: number;
  peakConcurrency: number;
}

export interface RateLimitedServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `url + '/v1'`, for `createOpenAICompatible({ baseURL })`. */
  baseURL: string;
  readonly stats: RateLimitedServerStats;
  /** Zeroes the counters (not the window or in-flight requests). */
  resetStats(): void;
  close(): Promise<void>;
}

type Verdict = { ok: true } | { ok: false; retryAfterMs: number; cause: 'concurrency' | 'rate' };

/** The API's state: the sliding window, the requests in flight and the counters. */
class FakeApi {
  readonly stats = emptyStats();
  readonly #maxConcurrency: number;
  readonly #perWindow: number;
  readonly #windowMs: number;
  readonly #latency: () => number;
  readonly #usage: { prompt_tokens: number; completion_tokens: number };
  /** Arrival times of accepted requests still inside the window, oldest first. */
  readonly #window: number[] = [];
  /** When each in-flight request will be answered, to tell a 429 how long until a slot frees. */
  readonly #answerAt = new Set<number>();

  constructor(options: RateLimitedServerOptions) {
    this.#maxConcurrency = options.maxConcurrency ?? Number.POSITIVE_INFINITY;
    this.#perWindow = options.requestsPerSecond ?? Number.POSITIVE_INFINITY;
    this.#windowMs = options.windowMs ?? 1000;
    this.#latency = latencySampler(options.latencyMs ?? 0, options.random ?? Math.random);
    this.#usage = options.usage ?? { prompt_tokens: 11, completion_tokens: 7 };
  }

  /** Decides at arrival: accepted (counted in flight and in the window) or refused, and why. */
  admit(now: number): Verdict {
    this.stats.requests++;
    while (this.#window.length > 0 && this.#window[0]! <= now - this.#windowMs) this.#window.shift();
    if (this.stats.inFlight >= this.#maxConcurrency) {
      const nextAnswer = this.#answerAt.size > 0 ? Math.min(...this.#answerAt) : now;
      return this.#refuse('concurrency', nextAnswer - now);
    }
    if (this.#window.length >= this.#perWindow) {
      return this.#refuse('rate', this.#window[0]! + this.#windowMs - now);
    }
    this.#window.push(now);
    this.stats.accepted++;
    this.stats.inFlight++;
    this.stats.peakConcurrency = Math.max(this.stats.peakConcurrency, this.stats.inFlight);
    return { ok: true };
  }

  /** Answers once the request body is read: a 429 at once, or a completion after the latency. */
  answer(res: ServerResponse, body: string, verdict: Verdict): void {
    if (!verdict.ok) {
      tooManyRequests(res, verdict.retryAfterMs, verdict.cause);
      return;
    }
    const delay = this.#latency();
    const at = performance.now() + delay;
    this.#answerAt.add(at);
    setTimeout(() => {
      this.#answerAt.delete(at);
      this.stats.inFlight--; // before the reply is written: the client cannot start a new call before this
      sendCompletion(res, parseBody(body), this.#usage);
    }, delay);
  }

  #refuse(cause: 'concurrency' | 'rate', retryAfterMs: number): Verdict {
    this.stats.rejected++;
    if (cause === 'rate') this.stats.rejectedRate++;
    else this.stats.rejectedConcurrency++;
    return { ok: false, cause, retryAfterMs: Math.max(1, retryAfterMs) };
  }
}

export async function startRateLimitedServer(
  options: RateLimitedServerOptions = {},
): Promise<RateLimitedServer> {
  const api = new FakeApi(options);
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const verdict = api.admit(performance.now());
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => api.answer(res, body, verdict));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const { stats } = api;
  return {
    url,
    baseURL: `${url}/v1`,
    stats,
    resetStats: () => Object.assign(stats, emptyStats(), { inFlight: stats.inFlight }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function emptyStats(): RateLimitedServerStats {
  return {
    requests: 0,
    accepted: 0,
    rejected: 0,
    rejectedConcurrency: 0,
    rejectedRate: 0,
    inFlight: 0,
    peakConcurrency: 0,
  };
}

function latencySampler(latency: number | readonly [number, number], random: () => number): () => number {
  if (typeof latency === 'number') return () => latency;
  const [min, max] = latency;
  return () => min + random() * (max - min);
}

function parseBody(body: string): { model?: string; messages?: { content?: unknown }[] } {
  try {
    return JSON.parse(body);
  } catch {
    return {};
  }
}

function tooManyRequests(res: ServerResponse, retryAfterMs: number, cause: 'concurrency' | 'rate'): void {
  const ms = Math.ceil(retryAfterMs);
  res.writeHead(429, {
    'content-type': 'application/json',
    'retry-after': String(Math.ceil(ms / 1000)),
    'retry-after-ms': String(ms),
  });
  const message = cause === 'rate' ? 'Rate limit reached for requests' : 'Too many concurrent requests';
  res.end(JSON.stringify({ error: { message, type: 'requests', code: 'rate_limit_exceeded' } }));
}

function sendCompletion(
  res: ServerResponse,
  request: ReturnType<typeof parseBody>,
  usage: { prompt_tokens: number; completion_tokens: number },
): void {
  const last = request.messages?.at(-1)?.content;
  const content = `ok: ${typeof last === 'string' ? last.slice(0, 40) : 'reply'}`;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model ?? 'fake',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    }),
  );
}
