/** Mock judge models for the LLM tests (MockLanguageModelV3 from 'ai/test'). */
import type { LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';

export const USAGE = {
  inputTokens: { total: 30, noCache: 30, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 10, text: 10, reasoning: 0 },
};

type Finish = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other';

/** A generate result whose content is `text` (objects are sent as JSON). */
export function textResult(text: string | object, finish: Finish = 'stop'): LanguageModelV3GenerateResult {
  const body = typeof text === 'string' ? text : JSON.stringify(text);
  return {
    content: body ? [{ type: 'text', text: body }] : [],
    finishReason: { unified: finish, raw: finish },
    usage: USAGE,
    warnings: [],
  };
}

export type MockReply =
  | string
  | object
  | ((
      options: LanguageModelV3CallOptions,
    ) => LanguageModelV3GenerateResult | Promise<LanguageModelV3GenerateResult>);

/** A mock model answering with the replies in order (the last one repeats). */
export function mockModel(replies: MockReply | MockReply[], modelId = 'judge'): MockLanguageModelV3 {
  const list = Array.isArray(replies) ? replies : [replies];
  let i = 0;
  return new MockLanguageModelV3({
    provider: 'mock',
    modelId,
    doGenerate: async (options) => {
      const reply = list[Math.min(i++, list.length - 1)]!;
      return typeof reply === 'function' ? reply(options) : textResult(reply);
    },
  });
}

export const PASS = { reason: 'Meets the rubric.', pass: true, score: 0.9 };

/** The text of the user message of a recorded call (all text parts joined). */
export function userText(options: LanguageModelV3CallOptions): string {
  const user = options.prompt.find((m) => m.role === 'user');
  if (!user || typeof user.content === 'string') return String(user?.content ?? '');
  return user.content.map((part) => (part.type === 'text' ? part.text : `<${part.type}>`)).join('');
}

export function systemText(options: LanguageModelV3CallOptions): string {
  const system = options.prompt.find((m) => m.role === 'system');
  return system && typeof system.content === 'string' ? system.content : '';
}

/** A minimal EvaluatorContext for calling `evaluate` directly. */
export function context(fields: { inputs?: unknown; output?: unknown; expectedOutput?: unknown } = {}) {
  return {
    name: 'case',
    inputs: fields.inputs ?? { question: 'Capital of France?' },
    metadata: undefined,
    expectedOutput: fields.expectedOutput,
    output: fields.output ?? 'Paris',
    duration: 0.1,
    attributes: {},
    metrics: {},
    spanTree: undefined,
  };
}
