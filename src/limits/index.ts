/**
 * @module
 * The Limiter and its types: what src/index.ts re-exports.
 */

export { isRateLimitError } from './classify.js';
export { Limiter } from './limiter.js';
export { estimateCallTokens, usageTokens, type WrapModelOptions } from './model.js';
export type {
  AdaptiveOptions,
  LimitChange,
  LimitChangeReason,
  LimiterEvents,
  LimiterOptions,
  LimiterPermit,
  LimiterRunContext,
  LimiterRunOptions,
  LimiterStats,
  RateLimitEvent,
  ThrottleEvent,
  WaitEvent,
} from './types.js';
