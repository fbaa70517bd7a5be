import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { Dataset } from '../../src/dataset/dataset.js';
import { LLMJudge } from '../../src/evaluators/llm/index.js';
import { generateDataset, type JudgeLimiter, JudgeTimeoutError } from '../../src/llm/index.js';
import { context, mockModel, PASS, textResult } from './helpers.js';

/** A limiter that counts calls, records the token estimate and the reported usage. */
function countingLimiter() {
  const controller = new AbortController();
  const calls: {
    tokens: number | undefined;
    reported: number | undefined;
    signal: AbortSignal | undefined;
  }[] = [];
  const limiter: JudgeLimiter & { calls: typeof calls; abort(): void } = {
    calls,
    abort: () => controller.abort(new Error('limiter closed')),
    async run(fn, options) {
      const record = {
        tokens: options?.tokens,
        reported: undefined as number | undefined,
        signal: options?.signal,
      };
      calls.push(record);
      return fn(controller.signal, { report: ({ tokens }) => (record.reported = tokens) });
    },
  };
  return limiter;
}

/** Waits until the call's abort signal fires (a well-behaved provider). */
const waitForAbort = (options: LanguageModelV3CallOptions) =>
  new Promise<never>((_, reject) => {
    options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal!.reason), { once: true });
  });

describe('LLMJudge with a limiter', () => {
  it('goes through limiter.run with a token estimate, then reports the real usage', async () => {
    const limiter = countingLimiter();
    const model = mockModel(PASS);
    const judge = new LLMJudge({ rubric: 'Names the capital', model, limiter });
    await judge.evaluate(context());
    await judge.evaluate(context());
    expect(limiter.calls).toHaveLength(2);
    expect(limiter.calls[0]!.tokens).toBeGreaterThan(256);
    expect(limiter.calls[0]!.tokens).toBeLessThan(1000);
    expect(limiter.calls[0]!.reported).toBe(40);
    expect(model.doGenerateCalls[0]!.abortSignal).toBeInstanceOf(AbortSignal);
  });

  it('maxOutputTokens raises the estimate', async () => {
    const limiter = countingLimiter();
    await new LLMJudge({
      rubric: 'r',
      model: mockModel(PASS),
      limiter,
      modelSettings: { maxOutputTokens: 5000 },
    }).evaluate(context());
    expect(limiter.calls[0]!.tokens).toBeGreaterThan(5000);
  });

  it("the limiter's signal reaches the AI SDK call", async () => {
    const limiter = countingLimiter();
    const model = mockModel((options) => {
      setTimeout(() => limiter.abort(), 5);
      return waitForAbort(options);
    });
    await expect(new LLMJudge({ rubric: 'r', model, limiter }).evaluate(context())).rejects.toThrow(
      'limiter closed',
    );
  });

  it('generateDataset goes through the limiter too', async () => {
    const limiter = countingLimiter();
    const reply = { cases: [{ name: 'a', inputs: 1 }] };
    await generateDataset({ model: mockModel(reply), nExamples: 1, limiter });
    expect(limiter.calls).toHaveLength(1);
  });
});

describe('LLMJudge timeouts and aborts', () => {
  it('timeoutMs aborts the call with a JudgeTimeoutError', async () => {
    const model = mockModel(waitForAbort);
    const error = await new LLMJudge({ rubric: 'r', model, timeoutMs: 30 })
      .evaluate(context())
      .catch((e) => e);
    expect(error).toBeInstanceOf(JudgeTimeoutError);
    expect(error.message).toBe('LLMJudge: the model call timed out after 30 ms');
  });

  it('a provider that ignores the signal still times out', async () => {
    const model = mockModel(() => new Promise<never>(() => {}));
    await expect(
      new LLMJudge({ rubric: 'r', model, timeoutMs: 30 }).evaluate(context()),
    ).rejects.toBeInstanceOf(JudgeTimeoutError);
  });

  it('a timed-out judge is retried by retryEvaluators', async () => {
    const model = mockModel([waitForAbort, () => textResult(PASS)]);
    const dataset = new Dataset({
      name: 'timeouts',
      cases: [{ inputs: 'x' }],
      evaluators: [new LLMJudge({ rubric: 'r', model, timeoutMs: 30 })],
    });
    const report = await dataset.evaluate(() => 'y', {
      retryEvaluators: { retries: 1, minDelayMs: 1 },
      progress: false,
    });
    expect(report.cases[0]!.evaluatorFailures).toEqual([]);
    expect(report.cases[0]!.assertions.LLMJudge!.value).toBe(true);
    expect(model.doGenerateCalls).toHaveLength(2);
  });

  it('a timeout that runs out of retries is recorded as JudgeTimeoutError', async () => {
    const dataset = new Dataset({
      name: 'timeouts',
      cases: [{ inputs: 'x' }],
      evaluators: [new LLMJudge({ rubric: 'r', model: mockModel(waitForAbort), timeoutMs: 20 })],
    });
    const report = await dataset.evaluate(() => 'y', { progress: false });
    expect(report.cases[0]!.evaluatorFailures[0]!.errorMessage).toBe(
      'JudgeTimeoutError: LLMJudge: the model call timed out after 20 ms',
    );
  });

  it("an abort signal on the evaluator context stops the call with the signal's reason", async () => {
    const controller = new AbortController();
    const model = mockModel((options) => {
      setTimeout(() => controller.abort(new DOMException('stopped', 'AbortError')), 5);
      return waitForAbort(options);
    });
    const ctx = { ...context(), signal: controller.signal };
    await expect(new LLMJudge({ rubric: 'r', model }).evaluate(ctx)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
