/**
 * @module
 * Option checks and spec helpers shared by LLMJudge and GEval.
 */
import { OptionsError } from '../../errors.js';
import { type JudgeCacheOption, toJudgeCache } from '../../llm/cache.js';
import { checkJudgeModel, type JudgeModel, judgeModelId } from '../../llm/models.js';
import { type JudgeModelSettings, modelSettingsForSpec, normalizeModelSettings } from '../../llm/settings.js';
import type { JudgeLimiter } from '../../llm/structured-call.js';
import type { EvaluatorContext } from '../context.js';

/** Options every LLM evaluator takes. */
export interface LLMCallOptions {
  /** A `'provider:model'` string or an AI SDK model. Default: `getDefaultJudgeModel()` when the judge runs. */
  model?: JudgeModel;
  /** AI SDK call settings (`temperature`, `maxOutputTokens`, ...); pydantic-ai names (`max_tokens`) work too. */
  modelSettings?: JudgeModelSettings;
  /** A Limiter (or anything with its `run`) that every call of this judge goes through. */
  limiter?: JudgeLimiter;
  /** Per-call timeout; a call that takes longer fails with a JudgeTimeoutError. Minimum: > 0. */
  timeoutMs?: number;
  /** Cache grades on disk (`true`) or in your JudgeCache; `false` ignores the global `setJudgeCache`. */
  cache?: JudgeCacheOption;
}

/** Checks and normalises the shared options; returns them with `modelSettings` in AI SDK names. */
export function checkLLMCallOptions<T extends LLMCallOptions>(options: T, who: string): T {
  const out = { ...options };
  if (options.model !== undefined) checkJudgeModel(options.model, who);
  const settings = normalizeModelSettings(options.modelSettings, who);
  if (settings === undefined) delete out.modelSettings;
  else out.modelSettings = settings;
  const limiter = options.limiter as { run?: unknown } | undefined;
  if (limiter !== undefined && typeof limiter?.run !== 'function') {
    throw new OptionsError(
      `${who}: limiter must be a Limiter (an object with run(fn, options)), got ${typeof limiter}`,
    );
  }
  const { timeoutMs } = options;
  if (
    timeoutMs !== undefined &&
    !(typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0)
  ) {
    throw new OptionsError(`${who}: timeoutMs must be a number > 0, got ${JSON.stringify(timeoutMs)}`);
  }
  toJudgeCache(options.cache, who);
  return out;
}

export function requireText(value: unknown, who: string, key: string, example: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new OptionsError(
      `${who} expects a non-empty string '${key}', e.g. new ${who}({ ${key}: ${example} }), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export function checkBoolean(value: unknown, who: string, key: string): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new OptionsError(`${who}: ${key} must be a boolean, got ${JSON.stringify(value)}`);
  }
}

/**
 * The options as a spec holds them: the model as its `provider:model` string, settings under
 * pydantic-ai names without headers, and no runtime objects (limiter, cache).
 */
export function specOptions(options: LLMCallOptions & Record<string, unknown>): Record<string, unknown> {
  const { limiter: _limiter, cache: _cache, model, modelSettings, ...rest } = options;
  const out: Record<string, unknown> = { ...rest };
  if (model !== undefined) out.model = judgeModelId(model);
  const settings = modelSettingsForSpec(modelSettings);
  if (settings !== undefined) out.modelSettings = settings;
  return out;
}

/** The run's AbortSignal when the engine hands one to evaluators. */
export function signalOf(ctx: EvaluatorContext): AbortSignal | undefined {
  const signal = (ctx as { signal?: unknown }).signal;
  return signal instanceof AbortSignal ? signal : undefined;
}

/** JSON Schema pieces for the file form of the shared options (camelCase keys, as the registry expects). */
export const LLM_OPTION_SCHEMAS: Record<string, Record<string, unknown>> = {
  model: {
    type: 'string',
    minLength: 1,
    description:
      "The judge model as 'provider:model', e.g. 'openai:gpt-5.2' or 'openai-compatible:llama3.1'.",
  },
  modelSettings: {
    type: 'object',
    description: 'Model call settings: temperature, max_tokens, top_p, seed, ...',
  },
  timeoutMs: { type: 'number', exclusiveMinimum: 0, description: 'Per-call timeout in milliseconds.' },
};
