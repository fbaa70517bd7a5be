import {
  APICallError,
  type LanguageModelV3CallOptions,
  type LanguageModelV3StreamPart,
} from '@ai-sdk/provider';
import { generateText, simulateReadableStream, streamText } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { estimateCallTokens, Limiter, usageTokens } from '../../src/limits/index.js';
import { deferred, flush, useLimiterFakeTimers } from './helpers.js';

afterEach(() => vi.useRealTimers());

const usage = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

const reply = (text: string, input = 10, output = 5) => ({
  content: [{ type: 'text' as const, text }],
  finishReason: { unified: 'stop' as const, raw: 'stop' },
  usage: usage(input, output),
  warnings: [],
});

const tooManyRequests = (retryAfter: string) =>
  new APICallError({
    message: 'Too Many Requests',
    url: 'https://api.example.com/v1/chat/completions',
    requestBodyValues: {},
    statusCode: 429,
    responseHeaders: { 'retry-after': retryAfter },
    isRetryable: true,
  });

describe('limiter.wrapModel (AI SDK LanguageModelV3)', () => {
  it('keeps the model identity and goes through the limiter for generateText', async () => {
    const limiter = new Limiter({ name: 'mock', maxConcurrency: 1 });
    const model = limiter.wrapModel(
      new MockLanguageModelV3({ provider: 'p', modelId: 'm', doGenerate: reply('Hello') }),
    );
    expect(model).toMatchObject({ specificationVersion: 'v3', provider: 'p', modelId: 'm' });
    const result = await generateText({ model, prompt: 'hi' });
    expect(result.text).toBe('Hello');
    expect(limiter.stats()).toMatchObject({ started: 1, succeeded: 1, inFlight: 0, tokens: 15 });
  });

  it('counts usage (inputTokens.total + outputTokens.total) and gives back the unused reservation', async () => {
    useLimiterFakeTimers();
    // 6000 tokens per minute = 100 per second.
    const limiter = new Limiter({ name: 'mock', tokensPerMinute: 6000 });
    const inner = new MockLanguageModelV3({ doGenerate: reply('ok', 12, 8) });
    const model = limiter.wrapModel(inner, { estimateTokens: () => 100 });
    await generateText({ model, prompt: 'hi' });
    expect(limiter.stats().tokens).toBe(20);
    // 80 of the 100 reserved came back: the next call (100) waits 200 ms, not 1 s.
    const second = generateText({ model, prompt: 'again' });
    await vi.advanceTimersByTimeAsync(199);
    expect(inner.doGenerateCalls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await second;
    expect(inner.doGenerateCalls).toHaveLength(2);
  });

  it('reserves the estimate from the prompt before the call', async () => {
    const limiter = new Limiter({ name: 'mock', tokensPerMinute: 60_000 });
    const gate = deferred();
    const inner = new MockLanguageModelV3({
      doGenerate: async () => {
        await gate.promise;
        return reply('ok');
      },
    });
    const acquire = vi.spyOn(limiter, 'acquire');
    const run = vi.spyOn(limiter, 'run');
    const model = limiter.wrapModel(inner);
    const pending = generateText({ model, prompt: 'x'.repeat(400), maxOutputTokens: 50 });
    await flush();
    expect(run).toHaveBeenCalledTimes(1);
    const options = run.mock.calls[0]![1]!;
    expect(options.tokens).toBe(estimateCallTokens(inner.doGenerateCalls[0]!));
    expect(options.tokens).toBeGreaterThanOrEqual(100 + 50);
    expect(acquire).not.toHaveBeenCalled();
    gate.resolve();
    await pending;
  });

  it('a 429 APICallError throttles the limiter for its Retry-After and reaches the caller unchanged', async () => {
    useLimiterFakeTimers();
    const limiter = new Limiter({ name: 'mock', adaptive: true });
    const error = tooManyRequests('2');
    const inner = new MockLanguageModelV3({
      doGenerate: async () => {
        if (inner.doGenerateCalls.length === 1) throw error;
        return reply('after');
      },
    });
    const model = limiter.wrapModel(inner);
    await expect(generateText({ model, prompt: 'hi', maxRetries: 0 })).rejects.toBe(error);
    expect(limiter.stats()).toMatchObject({ rateLimited: 1, throttledUntil: Date.now() + 2000 });
    expect(limiter.history.map((c) => c.reason)).toEqual(['rate_limit']);
    const next = generateText({ model, prompt: 'hi', maxRetries: 0 });
    await vi.advanceTimersByTimeAsync(1999);
    expect(inner.doGenerateCalls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await next).text).toBe('after');
  });

  it("with the AI SDK's own retries, every attempt goes through the limiter", async () => {
    const limiter = new Limiter({ name: 'mock' });
    let attempts = 0;
    const inner = new MockLanguageModelV3({
      doGenerate: async () => {
        if (++attempts < 3) throw tooManyRequests('0');
        return reply('third time');
      },
    });
    const result = await generateText({ model: limiter.wrapModel(inner), prompt: 'hi', maxRetries: 2 });
    expect(result.text).toBe('third time');
    expect(limiter.stats()).toMatchObject({ started: 3, rateLimited: 2, failed: 2, succeeded: 1 });
  });

  it('an abort while queued rejects the generateText call without calling the model', async () => {
    const limiter = new Limiter({ name: 'mock', maxConcurrency: 1 });
    const inner = new MockLanguageModelV3({ doGenerate: reply('x') });
    const hold = await limiter.acquire();
    const controller = new AbortController();
    const pending = generateText({
      model: limiter.wrapModel(inner),
      prompt: 'hi',
      abortSignal: controller.signal,
      maxRetries: 0,
    });
    await flush();
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(inner.doGenerateCalls).toHaveLength(0);
    hold.release();
  });

  it('doStream holds the slot until the stream ends and reports the finish usage', async () => {
    const limiter = new Limiter({ name: 'mock', maxConcurrency: 1 });
    const parts: LanguageModelV3StreamPart[] = [
      { type: 'text-start', id: '1' },
      { type: 'text-delta', id: '1', delta: 'Hel' },
      { type: 'text-delta', id: '1', delta: 'lo' },
      { type: 'text-end', id: '1' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usage(30, 12) },
    ];
    const inner = new MockLanguageModelV3({
      doStream: async () => ({ stream: simulateReadableStream({ chunks: parts }) }),
    });
    const model = limiter.wrapModel(inner);
    const { stream } = await model.doStream({ prompt: [] } as LanguageModelV3CallOptions);
    expect(limiter.stats().inFlight).toBe(1);
    const reader = stream.getReader();
    await reader.read();
    expect(limiter.stats().inFlight).toBe(1);
    while (!(await reader.read()).done) {}
    expect(limiter.stats()).toMatchObject({ inFlight: 0, succeeded: 1, tokens: 42 });
    // And through streamText:
    const result = streamText({ model, prompt: 'hi' });
    expect(await result.text).toBe('Hello');
    expect(limiter.stats()).toMatchObject({ inFlight: 0, succeeded: 2, tokens: 84 });
  });

  it('a cancelled stream gives the slot back; a stream error part fails the permit', async () => {
    const limiter = new Limiter({ name: 'mock', maxConcurrency: 1 });
    const error = tooManyRequests('1');
    const chunks: LanguageModelV3StreamPart[][] = [
      [
        { type: 'text-start', id: '1' },
        { type: 'text-delta', id: '1', delta: 'a' },
      ],
      [{ type: 'error', error }],
    ];
    const inner = new MockLanguageModelV3({
      doStream: async () => ({ stream: simulateReadableStream({ chunks: chunks.shift()! }) }),
    });
    const model = limiter.wrapModel(inner);
    const first = await model.doStream({ prompt: [] } as LanguageModelV3CallOptions);
    await first.stream.cancel();
    expect(limiter.stats()).toMatchObject({ inFlight: 0, succeeded: 1 });
    const second = await model.doStream({ prompt: [] } as LanguageModelV3CallOptions);
    const reader = second.stream.getReader();
    while (!(await reader.read()).done) {}
    expect(limiter.stats()).toMatchObject({ inFlight: 0, failed: 1, rateLimited: 1 });
  });

  it('a doStream that throws (429 before streaming) fails the permit and rethrows', async () => {
    const limiter = new Limiter({ name: 'mock' });
    const error = tooManyRequests('0');
    const model = limiter.wrapModel(
      new MockLanguageModelV3({
        doStream: async () => {
          throw error;
        },
      }),
    );
    await expect(model.doStream({ prompt: [] } as LanguageModelV3CallOptions)).rejects.toBe(error);
    expect(limiter.stats()).toMatchObject({ inFlight: 0, failed: 1, rateLimited: 1 });
  });

  it('rejects something that is not a language model', () => {
    const limiter = new Limiter({ name: 'mock' });
    expect(() => limiter.wrapModel({} as never)).toThrow(
      "Limiter 'mock': wrapModel needs an AI SDK language model",
    );
  });
});

describe('estimateCallTokens and usageTokens', () => {
  it('estimates ~4 characters per token, 4 per message, 1000 per file, plus maxOutputTokens', () => {
    const options = {
      prompt: [
        { role: 'system', content: 'x'.repeat(40) },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'y'.repeat(80) },
            { type: 'file', data: 'AAAA', mediaType: 'image/png' },
          ],
        },
      ],
      maxOutputTokens: 100,
    } as LanguageModelV3CallOptions;
    expect(estimateCallTokens(options)).toBe(10 + 20 + 2 * 4 + 1000 + 100);
  });

  it('counts tool calls and tool definitions as JSON', () => {
    const toolCall = { type: 'tool-call', toolCallId: 'c1', toolName: 'search', input: { q: 'weather' } };
    const tools = [{ type: 'function', name: 'search', inputSchema: { type: 'object' } }];
    const options = {
      prompt: [{ role: 'assistant', content: [toolCall] }],
      tools,
    } as LanguageModelV3CallOptions;
    const chars = JSON.stringify(toolCall).length + JSON.stringify(tools).length;
    expect(estimateCallTokens(options)).toBe(Math.ceil(chars / 4) + 4);
  });

  it('reads v3 usage objects and v2 numbers; nothing reported is undefined', () => {
    expect(usageTokens(usage(10, 5))).toBe(15);
    expect(usageTokens({ inputTokens: 7, outputTokens: 3 })).toBe(10);
    expect(usageTokens({ inputTokens: { total: 9 }, outputTokens: { total: undefined } })).toBe(9);
    expect(
      usageTokens({ inputTokens: { total: undefined }, outputTokens: { total: undefined } }),
    ).toBeUndefined();
    expect(usageTokens(undefined)).toBeUndefined();
  });
});
