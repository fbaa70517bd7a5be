/**
 * @module
 * The LLM evaluators, for src/index.ts to re-export. Importing them does not load the AI SDK: that
 * happens on the first judge call.
 */

export { GEval, type GEvalOptions } from './g-eval.js';
export { LLMJudge, type LLMJudgeOptions } from './llm-judge.js';
export type { LLMCallOptions } from './options.js';
export type { OutputConfig, OutputConfigOption } from './output-config.js';
