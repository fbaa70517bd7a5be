/**
 * @module
 * `typed-evals/llm`: judge model configuration, model resolution, the judge-call cache and
 * `generateDataset`. LLMJudge and GEval themselves are exported from 'typed-evals'. This entry loads
 * the AI SDK (`ai`, an optional peer dependency) only when a model is called.
 */
export {
  setDefaultJudgeModel,
  getDefaultJudgeModel,
  resolveModel,
  parseModelString,
  judgeModelId,
  FALLBACK_JUDGE_MODEL,
  JUDGE_MODEL_ENV,
  KNOWN_PROVIDERS,
  type JudgeModel,
  type LanguageModelInstance,
} from './models.js';
export {
  FileJudgeCache,
  setJudgeCache,
  getJudgeCache,
  judgeCacheKey,
  DEFAULT_JUDGE_CACHE_DIR,
  type JudgeCache,
  type JudgeCacheOption,
  type CacheKeyParts,
} from './cache.js';
export { generateDataset, type GenerateDatasetOptions } from './generate-dataset.js';
export type { JudgeModelSettings } from './settings.js';
export type { JudgeLimiter } from './structured-call.js';
export type { MediaContent, PromptContent } from './content.js';
export { scrubSecrets } from './secrets.js';
export {
  MissingPeerDependencyError,
  ModelResolutionError,
  JudgeOutputError,
  JudgeRefusalError,
  JudgeTimeoutError,
  DatasetGenerationError,
  type GenerationIssue,
} from './errors.js';
