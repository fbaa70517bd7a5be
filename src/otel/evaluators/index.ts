/**
 * Span-based evaluators. They read `ctx.spanTree` and import no OpenTelemetry code, so the main entry
 * point can export them without loading OpenTelemetry.
 */

export { ArgumentCorrectness, type ArgumentCorrectnessOptions } from './argument-correctness.js';
export {
  MaxModelRequests,
  type MaxModelRequestsOptions,
  MaxToolCalls,
  type MaxToolCallsOptions,
} from './budgets.js';
export { HasMatchingSpan, type HasMatchingSpanOptions } from './has-matching-span.js';
export { ToolCorrectness, type ToolCorrectnessOptions } from './tool-correctness.js';
export { TrajectoryMatch, type TrajectoryMatchOptions, type TrajectoryOrder } from './trajectory-match.js';
