/**
 * @module
 * Judge models: an AI SDK LanguageModel instance, or a `'provider:model'` string resolved through the
 * installed provider packages when a call is made; the process-wide default judge model.
 */
import type { LanguageModel } from 'ai';
import { OptionsError } from '../errors.js';
import { ModelResolutionError } from './errors.js';
import { importPeer } from './peer.js';

/** An AI SDK language model object (`openai('gpt-5.2')`, `createOpenAICompatible(...).chatModel(...)`). */
export type LanguageModelInstance = Exclude<LanguageModel, string>;

/** A model instance, or a string such as `'openai:gpt-5.2'` or `'openai-compatible:llama3.1'`. */
export type JudgeModel = string | LanguageModelInstance;

/** pydantic-evals' default judge model. */
export const FALLBACK_JUDGE_MODEL = 'openai:gpt-5.2';

/** Environment variable naming the default judge model (used when `setDefaultJudgeModel` was not called). */
export const JUDGE_MODEL_ENV = 'TYPED_EVALS_JUDGE_MODEL';

let explicitDefault: JudgeModel | undefined;

/**
 * Sets the model that judges without a `model` option use (LLMJudge, GEval, generateDataset).
 * `undefined` goes back to `TYPED_EVALS_JUDGE_MODEL`, then `'openai:gpt-5.2'`. Judges read the default
 * when they run, so this also affects judges built earlier.
 */
export function setDefaultJudgeModel(model: JudgeModel | undefined): void {
  if (model !== undefined) checkJudgeModel(model, 'setDefaultJudgeModel(model)');
  explicitDefault = model;
}

/** The default judge model: set by `setDefaultJudgeModel`, else `$TYPED_EVALS_JUDGE_MODEL`, else `'openai:gpt-5.2'`. */
export function getDefaultJudgeModel(): JudgeModel {
  if (explicitDefault !== undefined) return explicitDefault;
  const fromEnv = process.env[JUDGE_MODEL_ENV]?.trim();
  return fromEnv ? fromEnv : FALLBACK_JUDGE_MODEL;
}

/** Throws an OptionsError unless `model` is a non-empty string or an AI SDK language model object. */
export function checkJudgeModel(model: unknown, where: string): asserts model is JudgeModel {
  if (typeof model === 'string' && model.trim().length > 0) return;
  if (isLanguageModel(model)) return;
  throw new OptionsError(
    `${where}: model must be a 'provider:model' string (e.g. 'openai:gpt-5.2') or an AI SDK language ` +
      `model object, got ${describe(model)}`,
  );
}

export function isLanguageModel(value: unknown): value is LanguageModelInstance {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { modelId?: unknown; doGenerate?: unknown; specificationVersion?: unknown };
  return typeof m.modelId === 'string' && typeof m.doGenerate === 'function';
}

/**
 * The model's name in specs and cache keys: the string as given, or `provider:modelId` for an
 * instance (the provider without its API suffix: `openai.responses` → `openai`).
 */
export function judgeModelId(model: JudgeModel): string {
  if (typeof model === 'string') return model.trim();
  const provider = String((model as { provider?: unknown }).provider ?? 'unknown').split('.')[0];
  return `${provider}:${model.modelId}`;
}

interface ProviderEntry {
  packageName: string;
  /** Builds the model from the package's exports. */
  create: (module: any, modelName: string) => LanguageModelInstance;
}

const HOSTED_PROVIDERS: Readonly<Record<string, ProviderEntry>> = {
  openai: { packageName: '@ai-sdk/openai', create: (m, name) => m.openai(name) },
  anthropic: { packageName: '@ai-sdk/anthropic', create: (m, name) => m.anthropic(name) },
  google: { packageName: '@ai-sdk/google', create: (m, name) => m.google(name) },
  // pydantic-ai's name for the Gemini API.
  'google-gla': { packageName: '@ai-sdk/google', create: (m, name) => m.google(name) },
};

const COMPATIBLE_PROVIDERS = ['openai-compatible', 'ollama'] as const;

/** Every provider prefix a model string may use. */
export const KNOWN_PROVIDERS: readonly string[] = [...Object.keys(HOSTED_PROVIDERS), ...COMPATIBLE_PROVIDERS];

/**
 * The model object for `model`: an instance is returned as is; a string `'provider:model'` is built
 * with the provider's package (imported now), reading keys and base URLs from the environment.
 * Throws ModelResolutionError for a bad string and MissingPeerDependencyError for a missing package.
 */
export async function resolveModel(model: JudgeModel): Promise<LanguageModelInstance> {
  if (typeof model !== 'string') return model;
  const { provider, modelName } = parseModelString(model);
  if (provider === 'openai-compatible' || provider === 'ollama') return compatibleModel(provider, modelName);
  const entry = HOSTED_PROVIDERS[provider]!;
  const module = await importPeer<any>(entry.packageName, `The judge model '${model}'`);
  return entry.create(module, modelName);
}

/** Splits `'provider:model'`; throws ModelResolutionError with the fix when it is not one. */
export function parseModelString(model: string): { provider: string; modelName: string } {
  const text = model.trim();
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new ModelResolutionError(
      `Model '${model}' is not a 'provider:model' string. Write e.g. 'openai:${text || 'gpt-5.2'}', ` +
        `or pass an AI SDK model object. Providers: ${KNOWN_PROVIDERS.join(', ')}`,
    );
  }
  const provider = text.slice(0, colon).toLowerCase();
  const modelName = text.slice(colon + 1);
  if (!KNOWN_PROVIDERS.includes(provider)) {
    throw new ModelResolutionError(
      `Unknown model provider '${text.slice(0, colon)}' in '${model}'. Known providers: ` +
        `${KNOWN_PROVIDERS.join(', ')}. For any other provider, pass an AI SDK model object ` +
        `(e.g. createOpenAICompatible({ ... }).chatModel('name')).`,
    );
  }
  return { provider, modelName };
}

/** An OpenAI-compatible chat model (Ollama, vLLM, LM Studio, llama.cpp, gateways). */
async function compatibleModel(provider: 'openai-compatible' | 'ollama', modelName: string) {
  const baseURL = compatibleBaseUrl(provider);
  const env = process.env;
  const apiKey =
    provider === 'ollama'
      ? undefined
      : env.TYPED_EVALS_OPENAI_COMPATIBLE_API_KEY || env.OPENAI_API_KEY || undefined;
  const structured = env.TYPED_EVALS_OPENAI_COMPATIBLE_STRUCTURED_OUTPUTS?.trim().toLowerCase();
  const module = await importPeer<typeof import('@ai-sdk/openai-compatible')>(
    '@ai-sdk/openai-compatible',
    `The judge model '${provider}:${modelName}'`,
  );
  return module
    .createOpenAICompatible({
      name: provider,
      baseURL,
      apiKey,
      includeUsage: true,
      supportsStructuredOutputs: structured !== '0' && structured !== 'false',
    })
    .chatModel(modelName);
}

function compatibleBaseUrl(provider: 'openai-compatible' | 'ollama'): string {
  const env = process.env;
  if (provider === 'ollama') return env.OLLAMA_BASE_URL || 'http://127.0.0.1:11434/v1';
  const baseURL = env.TYPED_EVALS_OPENAI_COMPATIBLE_BASE_URL || env.OPENAI_BASE_URL;
  if (!baseURL) {
    throw new ModelResolutionError(
      "'openai-compatible:' models need a base URL: set TYPED_EVALS_OPENAI_COMPATIBLE_BASE_URL (or " +
        'OPENAI_BASE_URL), e.g. http://127.0.0.1:11434/v1 for Ollama or http://127.0.0.1:8000/v1 for vLLM',
    );
  }
  return baseURL;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return `an object without modelId/doGenerate`;
  return typeof value;
}
