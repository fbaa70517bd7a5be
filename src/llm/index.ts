/**
 * @module
 * `typed-evals/llm`: judge model configuration, model resolution, the judge-call cache and
 * `generateDataset`. LLMJudge and GEval themselves are exported from 'typed-evals'. This entry loads
 * the AI SDK (`ai`, an optional peer dependency) only when a model is called.
 */

export {
  type CacheKeyParts,
  DEFAULT_JUDGE_CACHE_DIR,
  FileJudgeCache,
  getJudgeCache,
  type JudgeCache,
  type JudgeCacheOption,
  judgeCacheKey,
  setJudgeCache,
} from './cache.js';
export type { MediaContent, PromptContent } from './content.js';
export {
  DatasetGenerationError,
  type GenerationIssue,
  JudgeOutputError,
  JudgeRefusalError,
  JudgeTimeoutError,
  MissingPeerDependencyError,
  ModelResolutionError,
} from './errors.js';
export { type GenerateDatasetOptions, generateDataset } from './generate-dataset.js';
export {
  FALLBACK_JUDGE_MODEL,
  getDefaultJudgeModel,
  JUDGE_MODEL_ENV,
  type JudgeModel,
  judgeModelId,
  KNOWN_PROVIDERS,
  type LanguageModelInstance,
  parseModelString,
  resolveModel,
  setDefaultJudgeModel,
} from './models.js';
export { scrubSecrets } from './secrets.js';
export type { JudgeModelSettings } from './settings.js';
export type { JudgeLimiter } from './structured-call.js';
