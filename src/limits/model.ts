/**
 * @module
 * `limiter.wrapModel(model)`: an AI SDK language model whose calls go through a Limiter. The AI SDK
 * packages are imported as types only, so the core runs without them installed.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
} from '@ai-sdk/provider';
import { markLimitedModel } from '../util/limited-model.js';
import type { Limiter } from './limiter.js';
import type { LimiterPermit } from './types.js';

export interface WrapModelOptions {
  /**
   * Tokens to reserve from `tokensPerMinute` before a call, from its options.
   *
   * @default {@link estimateCallTokens}: about 4 characters per token of prompt and tool definitions,
   * plus `maxOutputTokens` when set
   */
  estimateTokens?: (options: LanguageModelV3CallOptions) => number;
}

/** The usual English average for GPT-style tokenizers; an estimate, corrected from usage afterwards. */
export const CHARS_PER_TOKEN = 4;
/** Chat formats add a few tokens per message (role, separators). */
export const TOKENS_PER_MESSAGE = 4;
/** An image or other file counts as this many tokens (a typical low-detail image). */
export const TOKENS_PER_FILE = 1000;

/**
 * The default up-front token estimate of a call: prompt text, tool calls and results, and tool
 * definitions at {@link CHARS_PER_TOKEN} characters per token, {@link TOKENS_PER_MESSAGE} per message,
 * {@link TOKENS_PER_FILE} per file part, plus `maxOutputTokens` when given (providers that count
 * `max_tokens` against the budget up front do the same). Output is otherwise unknown until the reply.
 */
export function estimateCallTokens(options: LanguageModelV3CallOptions): number {
  let chars = 0;
  let extraTokens = options.maxOutputTokens ?? 0;
  for (const message of options.prompt ?? []) {
    extraTokens += TOKENS_PER_MESSAGE;
    if (typeof message.content === 'string') {
      chars += message.content.length;
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'file') extraTokens += TOKENS_PER_FILE;
      else if (part.type === 'text' || part.type === 'reasoning') chars += part.text.length;
      else chars += jsonLength(part);
    }
  }
  if (options.tools) chars += jsonLength(options.tools);
  if (options.responseFormat?.type === 'json' && options.responseFormat.schema) {
    chars += jsonLength(options.responseFormat.schema);
  }
  return Math.ceil(chars / CHARS_PER_TOKEN) + extraTokens;
}

/**
 * Input + output tokens of an AI SDK usage object: `inputTokens.total + outputTokens.total` (v3), or
 * plain numbers (v2). Undefined when the provider reported neither.
 */
export function usageTokens(usage: unknown): number | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const { inputTokens, outputTokens } = usage as { inputTokens?: unknown; outputTokens?: unknown };
  const input = countOf(inputTokens);
  const output = countOf(outputTokens);
  if (input === undefined && output === undefined) return undefined;
  return (input ?? 0) + (output ?? 0);
}

function countOf(value: unknown): number | undefined {
  const n = typeof value === 'object' && value !== null ? (value as { total?: unknown }).total : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function wrapLanguageModel(
  limiter: Limiter,
  model: LanguageModelV3,
  options: WrapModelOptions = {},
): LanguageModelV3 {
  if (!model || typeof model.doGenerate !== 'function' || typeof model.doStream !== 'function') {
    throw new TypeError(
      `Limiter '${limiter.name}': wrapModel needs an AI SDK language model (with doGenerate and doStream)`,
    );
  }
  const estimate = options.estimateTokens ?? estimateCallTokens;
  const runOptions = (call: LanguageModelV3CallOptions) => ({
    tokens: estimate(call),
    signal: call.abortSignal,
  });
  const wrapped: LanguageModelV3 = {
    // Forwarded, not fixed to 'v3': the AI SDK reads results by this version.
    specificationVersion: model.specificationVersion,
    provider: model.provider,
    modelId: model.modelId,
    get supportedUrls() {
      return model.supportedUrls;
    },
    doGenerate: (call) =>
      limiter.run(async (_signal, ctx) => {
        const result = await model.doGenerate(call);
        const tokens = usageTokens(result.usage);
        if (tokens !== undefined) ctx.report({ tokens });
        return result;
      }, runOptions(call)),
    doStream: async (call) => {
      const permit = await limiter.acquire(runOptions(call));
      let result: LanguageModelV3StreamResult;
      try {
        result = await model.doStream(call);
      } catch (error) {
        permit.fail(error);
        throw error;
      }
      return { ...result, stream: holdUntilDone(result.stream, permit) };
    },
  };
  markLimitedModel(wrapped, limiter);
  return wrapped;
}

/**
 * Passes the stream through and keeps the slot until it ends: released when it finishes or is
 * cancelled, failed with the first `error` part or a read error. The `finish` part's usage is reported.
 */
function holdUntilDone(
  source: ReadableStream<LanguageModelV3StreamPart>,
  permit: LimiterPermit,
): ReadableStream<LanguageModelV3StreamPart> {
  const reader = source.getReader();
  let partError: { error: unknown } | undefined;
  return new ReadableStream<LanguageModelV3StreamPart>({
    async pull(controller) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (error) {
        permit.fail(error);
        controller.error(error);
        return;
      }
      if (next.done) {
        if (partError) permit.fail(partError.error);
        else permit.release();
        controller.close();
        return;
      }
      const part = next.value;
      if (part.type === 'finish') {
        const tokens = usageTokens(part.usage);
        if (tokens !== undefined) permit.report({ tokens });
      } else if (part.type === 'error') {
        partError ??= { error: part.error };
      }
      controller.enqueue(part);
    },
    cancel(reason) {
      permit.release();
      return reader.cancel(reason);
    },
  });
}

function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return 0; // cycles or BigInt: not worth failing a call over an estimate
  }
}
