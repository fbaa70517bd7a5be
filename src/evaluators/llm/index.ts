/**
 * @module
 * The LLM evaluators, for src/index.ts to re-export. Importing them does not load the AI SDK: that
 * happens on the first judge call.
 */
export { LLMJudge, type LLMJudgeOptions } from './llm-judge.js';
export { GEval, type GEvalOptions } from './g-eval.js';
export type { OutputConfig, OutputConfigOption } from './output-config.js';
export type { LLMCallOptions } from './options.js';
