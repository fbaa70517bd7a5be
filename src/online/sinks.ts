import type { EvaluationSink, SinkCallback, SinkPayload, SinkSpec } from './types.js';

/** The sink a callback stands for: passes results, failures and context (not the span or target). */
export class CallbackSink implements EvaluationSink {
  readonly callback: SinkCallback;
  constructor(callback: SinkCallback) {
    this.callback = callback;
  }
  submit(payload: SinkPayload): void | Promise<void> {
    return this.callback(payload.results, payload.failures, payload.context);
  }
}

/** Normalised lists per sink spec (a sink, a callback or an array), so a spec is wrapped only once. */
const cache = new WeakMap<object, readonly EvaluationSink[]>();
const NONE: readonly EvaluationSink[] = [];

export function normalizeSinks(spec: SinkSpec | undefined): readonly EvaluationSink[] {
  if (spec === undefined) return NONE;
  let sinks = cache.get(spec);
  if (sinks === undefined) {
    const list = Array.isArray(spec) ? (spec as readonly (EvaluationSink | SinkCallback)[]) : [spec];
    sinks = list.map((one) => (typeof one === 'function' ? new CallbackSink(one) : (one as EvaluationSink)));
    cache.set(spec, sinks);
  }
  return sinks;
}
