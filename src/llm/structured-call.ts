/**
 * @module
 * One structured model call, as judges and dataset generation make it: cache lookup, the limiter (so
 * judges share the task's rate budget), a per-call timeout and the caller's AbortSignal, the AI SDK's
 * structured output, and errors that say what went wrong without leaking keys. The AI SDK's own
 * retries are off (`maxRetries: 0`): retries belong to the engine's `retryEvaluators`.
 */
import { isAbortError } from '../errors.js';
import { limiterOfModel } from '../util/limited-model.js';
import { effectiveJudgeCache, type JudgeCacheOption, judgeCacheKey } from './cache.js';
import { type PromptContent, promptText } from './content.js';
import { JudgeOutputError, JudgeRefusalError, JudgeTimeoutError } from './errors.js';
import { parseJsonReply, replySnippet } from './json-reply.js';
import { type JudgeModel, judgeModelId, type LanguageModelInstance, resolveModel } from './models.js';
import { type AiModule, loadAi } from './peer.js';
import { scrubError } from './secrets.js';
import { type JudgeModelSettings, settingsForCacheKey } from './settings.js';

/**
 * What judges need of a limiter: typed-evals' `Limiter` fits. `run` starts `fn` when the budget allows,
 * with the estimated `tokens`; `ctx.report` (when given) corrects the estimate with the real usage.
 */
export interface JudgeLimiter {
  run<T>(
    fn: (signal: AbortSignal, ctx?: { report?(usage: { tokens: number }): void }) => T | Promise<T>,
    options?: { tokens?: number; signal?: AbortSignal },
  ): Promise<T>;
}

/** The reply's expected shape and how to check it. */
export interface OutputSpec<T> {
  /** Schema name sent to providers that support named structured outputs. */
  name: string;
  description: string;
  /** JSON Schema sent as the response format; omitted: plain JSON mode. */
  jsonSchema?: Record<string, unknown>;
  /** Checks the parsed reply: the value, or throws an Error whose message says what is wrong. */
  parse(value: unknown): T;
}

/** A message of an earlier turn (dataset generation retries). */
export interface ConversationMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface StructuredCall<T> {
  /** Who calls, for messages: 'LLMJudge', 'GEval', 'generateDataset'. */
  who: string;
  model: JudgeModel;
  system: string;
  content: readonly PromptContent[];
  history?: readonly ConversationMessage[];
  output: OutputSpec<T>;
  settings?: JudgeModelSettings;
  limiter?: JudgeLimiter;
  timeoutMs?: number;
  signal?: AbortSignal;
  cache?: JudgeCacheOption;
}

/** A reply as it came: the parsed object when structured output read it, else only the text. */
export interface RawReply {
  text: string;
  finishReason: string | undefined;
  parsed: { value: unknown } | undefined;
}

/** Makes the call (or reads the cache) and returns the checked value; see the module comment. */
export async function callStructured<T>(call: StructuredCall<T>): Promise<T> {
  const cache = call.history ? undefined : effectiveJudgeCache(call.cache);
  const modelId = judgeModelId(call.model);
  const key = cache
    ? judgeCacheKey({
        model: modelId,
        system: call.system,
        content: call.content,
        outputSchema: call.output.jsonSchema ?? null,
        settings: settingsForCacheKey(call.settings),
      })
    : undefined;
  if (cache && key) {
    const hit = await cache.get(key).catch(() => undefined);
    if (hit !== undefined) {
      try {
        return call.output.parse(hit);
      } catch {
        // A stale or corrupt entry: call the model and overwrite it.
      }
    }
  }
  const value = readReply(call, await callModel(call));
  if (cache && key) await cache.set(key, value, { model: modelId }).catch(warnCacheWrite);
  return value;
}

/** The reply's value checked against the output spec; a refusal or unreadable reply throws JudgeOutputError. */
export function readReply<T>(call: Pick<StructuredCall<T>, 'who' | 'model' | 'output'>, reply: RawReply): T {
  const where = `${call.who} (model ${judgeModelId(call.model)})`;
  if (reply.finishReason === 'content-filter') {
    throw new JudgeRefusalError(
      `${where}: the model declined to answer (finish reason: content-filter)` +
        (reply.text ? `; reply: ${JSON.stringify(replySnippet(reply.text))}` : ''),
      reply.text,
    );
  }
  const value = reply.parsed ? reply.parsed.value : parseJsonReply(reply.text);
  if (value === undefined) {
    const what = reply.text.trim()
      ? `a reply that is not JSON (it may be a refusal): ${JSON.stringify(replySnippet(reply.text))}`
      : 'an empty reply';
    throw new JudgeOutputError(`${where}: expected a JSON object, got ${what}`, reply.text);
  }
  try {
    return call.output.parse(value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new JudgeOutputError(
      `${where}: invalid reply: ${message}. Reply: ${JSON.stringify(replySnippet(reply.text))}`,
      reply.text,
    );
  }
}

/** The model call through the limiter (when given); errors come out scrubbed of secrets. */
export async function callModel(call: StructuredCall<unknown>): Promise<RawReply> {
  const ai = await loadAi();
  const model = await resolveModel(call.model);
  const attempt = (signal: AbortSignal | undefined, report?: (tokens: number) => void) =>
    withDeadline(call, signal, (deadline) => generate(ai, model, call, deadline, report));
  try {
    // A model wrapped by this very limiter goes through it already (and reports its usage there).
    if (!call.limiter || limiterOfModel(model) === call.limiter) return await attempt(call.signal);
    return await call.limiter.run((signal, ctx) => attempt(signal, (tokens) => ctx?.report?.({ tokens })), {
      tokens: estimateTokens(call),
      ...(call.signal ? { signal: call.signal } : {}),
    });
  } catch (error) {
    throw scrubError(error);
  }
}

/** Runs `fn` with a signal that aborts on `signal` or after `timeoutMs`; settles as soon as it aborts. */
async function withDeadline<T>(
  call: StructuredCall<unknown>,
  signal: AbortSignal | undefined,
  fn: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  const { timeoutMs } = call;
  if (!timeoutMs && !signal) return fn(undefined);
  if (signal?.aborted) throw signal.reason;
  const controller = new AbortController();
  const timeout = new JudgeTimeoutError(call.who, timeoutMs ?? 0);
  const timer = timeoutMs ? setTimeout(() => controller.abort(timeout), timeoutMs) : undefined;
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let rejectOnAbort: (reason: unknown) => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    rejectOnAbort = reject;
  });
  controller.signal.addEventListener('abort', () => rejectOnAbort(controller.signal.reason), { once: true });
  try {
    return await Promise.race([fn(controller.signal), aborted]);
  } catch (error) {
    // The AI SDK reports an abort in its own words; say which deadline fired.
    if (controller.signal.aborted && (controller.signal.reason === timeout || isAbortError(error))) {
      throw controller.signal.reason;
    }
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

async function generate(
  ai: AiModule,
  model: LanguageModelInstance,
  call: StructuredCall<unknown>,
  abortSignal: AbortSignal | undefined,
  report: ((tokens: number) => void) | undefined,
): Promise<RawReply> {
  const { name, description, jsonSchema } = call.output;
  const output = jsonSchema
    ? ai.Output.object({ schema: ai.jsonSchema(jsonSchema), name, description })
    : ai.Output.json({ name, description });
  const { headers, providerOptions, ...settings } = call.settings ?? {};
  try {
    const result = await ai.generateText({
      model,
      system: call.system,
      ...promptArgs(call),
      output,
      maxRetries: 0,
      abortSignal,
      ...settings,
      ...(headers ? { headers } : {}),
      ...(providerOptions ? { providerOptions: providerOptions as any } : {}),
    } as Parameters<AiModule['generateText']>[0]);
    reportUsage(report, result.usage);
    const finishReason = result.finishReason;
    const parsed = finishReason === 'content-filter' ? undefined : readOutput(result);
    return { text: result.text, finishReason, parsed };
  } catch (error) {
    if (!ai.NoObjectGeneratedError.isInstance(error)) throw error;
    reportUsage(report, error.usage);
    return { text: error.text ?? '', finishReason: error.finishReason, parsed: undefined };
  }
}

function promptArgs(call: StructuredCall<unknown>): { prompt: string } | { messages: unknown[] } {
  const text = promptText(call.content);
  if (!call.history?.length && text !== undefined) return { prompt: text };
  const content = text !== undefined ? text : call.content;
  return { messages: [...(call.history ?? []), { role: 'user', content }] };
}

function readOutput(result: { output: unknown }): { value: unknown } | undefined {
  try {
    const value = result.output;
    return value === undefined ? undefined : { value };
  } catch {
    return undefined;
  }
}

function reportUsage(report: ((tokens: number) => void) | undefined, usage: unknown): void {
  const total = (usage as { totalTokens?: unknown } | undefined)?.totalTokens;
  if (report && typeof total === 'number' && Number.isFinite(total) && total >= 0) report(total);
}

/** Tokens to reserve: about 4 characters a token for text, a flat 1000 per image or file, plus the reply. */
export function estimateTokens(call: StructuredCall<unknown>): number {
  let chars = call.system.length;
  let media = 0;
  for (const part of call.content) {
    if (part.type === 'text') chars += part.text.length;
    else media++;
  }
  for (const message of call.history ?? []) chars += message.content.length;
  return Math.ceil(chars / 4) + media * 1000 + (call.settings?.maxOutputTokens ?? 256);
}

let warnedCacheWrite = false;
function warnCacheWrite(error: unknown): void {
  if (warnedCacheWrite) return;
  warnedCacheWrite = true;
  const message = error instanceof Error ? error.message : String(error);
  process.emitWarning(`typed-evals: could not write the judge cache (${message}); going on without it`);
}
