/**
 * Real HTTP: an @ai-sdk/openai-compatible model wrapped by a Limiter against the local rate-limited
 * server (test/helpers/rate-limited-server.ts). Assertions count requests and outcomes, never time.
 */

import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText } from 'ai';
import { Dataset, evaluator } from 'typed-evals';
import { afterEach, describe, expect, it } from 'vitest';
import { Limiter } from '../../src/limits/index.js';
import { type RateLimitedServer, startRateLimitedServer } from '../helpers/rate-limited-server.js';

let server: RateLimitedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function chatModel(limiter: Limiter, baseURL: string) {
  return limiter.wrapModel(
    createOpenAICompatible({ name: 'local', baseURL, apiKey: 'sk-test' }).chatModel('fake'),
  );
}

describe('rate-limited server helper', () => {
  it('answers chat completions with usage, and 429 with Retry-After beyond its limits', async () => {
    server = await startRateLimitedServer({ maxConcurrency: 1, latencyMs: 30 });
    const post = () =>
      fetch(`${server!.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hello' }] }),
      });
    const [first, second] = await Promise.all([post(), post()]);
    expect(first.status).toBe(200);
    const body = (await first.json()) as { choices: { message: { content: string } }[]; usage: unknown };
    expect(body.choices[0].message.content).toBe('ok: hello');
    expect(body.usage).toEqual({ prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(Number(second.headers.get('retry-after-ms'))).toBeGreaterThan(0);
    expect(server.stats).toMatchObject({
      requests: 2,
      accepted: 1,
      rejected: 1,
      rejectedConcurrency: 1,
      peakConcurrency: 1,
    });
  });

  it('rejects beyond requestsPerSecond in a sliding window, with the time until a slot frees', async () => {
    server = await startRateLimitedServer({ requestsPerSecond: 3, windowMs: 60_000 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${server.baseURL}/chat/completions`, { method: 'POST', body: '{}' });
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(50);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(server.stats).toMatchObject({ rejectedRate: 2 });
  });
});

describe('Limiter + @ai-sdk/openai-compatible over real HTTP', () => {
  it('300 generateText calls through an adaptive limiter, AI SDK retries on: zero failures', async () => {
    server = await startRateLimitedServer({ maxConcurrency: 6, requestsPerSecond: 400, latencyMs: [2, 8] });
    const limiter = new Limiter({ name: 'local', adaptive: true });
    const model = chatModel(limiter, server.baseURL);
    const results = await Promise.allSettled(
      Array.from({ length: 300 }, (_, i) => generateText({ model, prompt: `q${i}`, maxRetries: 20 })),
    );
    const failures = results.filter((r) => r.status === 'rejected');
    expect(failures).toEqual([]);
    expect(server.stats.accepted).toBe(300);
    expect(server.stats.requests).toBe(300 + server.stats.rejected);
    // Every 429 went through the limiter and was seen by it.
    expect(limiter.stats()).toMatchObject({
      succeeded: 300,
      rateLimited: server.stats.rejected,
      inFlight: 0,
      queued: 0,
    });
    expect(limiter.stats().tokens).toBe(300 * 18);
  });

  it('maxConcurrency equal to the server limit: no concurrency 429 at all, peak counted exactly', async () => {
    server = await startRateLimitedServer({ maxConcurrency: 4, latencyMs: [1, 5] });
    const limiter = new Limiter({ name: 'local', maxConcurrency: 4 });
    const model = chatModel(limiter, server.baseURL);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => generateText({ model, prompt: `q${i}`, maxRetries: 0 })),
    );
    expect(server.stats).toMatchObject({ accepted: 200, rejected: 0, peakConcurrency: 4 });
  });

  it('requestsPerMinute under the server rate: no rate 429', async () => {
    server = await startRateLimitedServer({ requestsPerSecond: 50 });
    const limiter = new Limiter({ name: 'local', requestsPerMinute: 45 * 60 });
    const model = chatModel(limiter, server.baseURL);
    await Promise.all(
      Array.from({ length: 80 }, (_, i) => generateText({ model, prompt: `q${i}`, maxRetries: 0 })),
    );
    expect(server.stats).toMatchObject({ accepted: 80, rejected: 0 });
  });

  it('dataset.evaluate: task and judge share one adaptive limiter, retryTask honours Retry-After: no failed case', async () => {
    server = await startRateLimitedServer({ maxConcurrency: 5, requestsPerSecond: 150, latencyMs: [2, 10] });
    const limiter = new Limiter({ name: 'local', adaptive: true });
    const model = chatModel(limiter, server.baseURL);
    const judge = evaluator<string, string>('judge', async (ctx) => {
      const { text } = await generateText({ model, prompt: `judge ${ctx.output}`, maxRetries: 0 });
      return text.startsWith('ok');
    });
    const dataset = new Dataset<string, string>({
      name: 'http',
      cases: Array.from({ length: 120 }, (_, i) => ({ name: `c${i}`, inputs: `question ${i}` })),
      evaluators: [judge],
    });
    const retry = { retries: 20, minDelayMs: 5, maxDelayMs: 2000 };
    const report = await dataset.evaluate(
      async (question, ctx) =>
        (await generateText({ model, prompt: question, maxRetries: 0, abortSignal: ctx.signal })).text,
      { retryTask: retry, retryEvaluators: retry, progress: false },
    );
    expect(report.failures).toEqual([]);
    expect(report.cases.filter((c) => c.evaluatorFailures.length > 0)).toEqual([]);
    expect(report.cases.every((c) => c.assertions.judge?.value === true)).toBe(true);
    expect(server.stats.accepted).toBe(240);
    expect(limiter.stats().rateLimited).toBe(server.stats.rejected);
  });
});
