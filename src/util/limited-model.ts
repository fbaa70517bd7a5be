/**
 * @module
 * Marks a model that a Limiter wraps (limits/model.ts), so that a judge given both the wrapped model and
 * the same limiter (`new LLMJudge({ model: openai.wrapModel(m), limiter: openai })`) sends each call
 * through the limiter once (llm/structured-call.ts). Counted twice, a call would also hold two slots of
 * the same limiter, and with every slot held by an outer call the inner ones would wait forever.
 */
const WRAPPED_BY = Symbol('typed-evals: the limiter this model goes through');

export function markLimitedModel(model: object, limiter: object): void {
  Object.defineProperty(model, WRAPPED_BY, { value: limiter });
}

/** The limiter a model was wrapped by, if any. */
export function limiterOfModel(model: unknown): object | undefined {
  if (typeof model !== 'object' || model === null) return undefined;
  return (model as { [WRAPPED_BY]?: object })[WRAPPED_BY];
}
