import { type Context, context as otelContext } from '@opentelemetry/api';
import { isThenable } from '../util/thenable.js';
import type { OnlineEvalConfig } from './config.js';
import type { OnlineEvaluatorContext } from './context.js';
import {
  baggageAttributes,
  emitFailureEvent,
  emitResultEvent,
  getEventLogger,
  loadLogsApi,
  spanReferenceOf,
} from './otel-events.js';
import { reportOnce } from './report-once.js';
import { evaluateOne, isFailure, type Outcome, splitOutcomes } from './run-evaluators.js';
import type { Entry } from './sampling.js';
import { normalizeSinks } from './sinks.js';
import type { EvaluationSink, OnErrorHandler, OnErrorLocation, SinkPayload, SinkSpec } from './types.js';

/** One evaluated call, handed to the background. */
export interface CallRecord {
  readonly config: OnlineEvalConfig;
  readonly target: string;
  readonly entries: readonly Entry[];
  readonly context: OnlineEvaluatorContext;
  /** The OTel context active at call time: parent of the events and of the evaluators' own spans. */
  readonly parent: Context;
}

/** Evaluators of one call that share a sink spec: their results go in one submit per sink. */
interface SinkGroup {
  readonly sinks: readonly EvaluationSink[];
  readonly entries: Entry[];
  readonly outcomes: (Outcome | undefined)[];
}

type Emit = (entry: Entry, outcome: Outcome) => Promise<void> | undefined;

/** Evaluates one call; run as a background job (see background.ts), so it never throws into the caller. */
export function runCall(call: CallRecord): void | Promise<void> {
  const loading = call.config.emitOtelEvents ? loadLogsApi() : undefined;
  if (loading) return loading.then(() => evaluateCall(call));
  return evaluateCall(call);
}

/** Phase 1: every evaluator at once, each emitting its events; phase 2: one batch per sink. */
function evaluateCall(call: CallRecord): void | Promise<void> {
  const groups = new Map<SinkSpec | undefined, SinkGroup>();
  const emit = call.config.emitOtelEvents ? eventEmitter(call) : undefined;
  const waits: Promise<void>[] = [];
  for (const entry of call.entries) {
    const spec = entry.sink ?? call.config.defaultSink;
    let group = groups.get(spec);
    if (!group) {
      group = { sinks: normalizeSinks(spec), entries: [], outcomes: [] };
      groups.set(spec, group);
    }
    const index = group.entries.push(entry) - 1;
    const outcomes = group.outcomes;
    const running = runEntry(entry, call, emit, (outcome) => {
      outcomes[index] = outcome;
    });
    if (running) waits.push(running);
  }
  if (waits.length > 0) return Promise.all(waits).then(() => submitGroups(groups, call));
  return submitGroups(groups, call);
}

/** Takes a slot (or drops the evaluation), runs the evaluator under the call's OTel context. */
function runEntry(
  entry: Entry,
  call: CallRecord,
  emit: Emit | undefined,
  store: (outcome: Outcome) => void,
): Promise<void> | undefined {
  if (!entry.online.slots.tryAcquire()) return notifyDropped(entry, call);
  const outcome = otelContext.with(call.parent, evaluateOne, undefined, entry.evaluator, call.context);
  const finish = (result: Outcome) => {
    entry.online.slots.release();
    store(result);
    return emit?.(entry, result);
  };
  if (outcome instanceof Promise) return outcome.then(finish);
  return finish(outcome);
}

function notifyDropped(entry: Entry, call: CallRecord): Promise<void> | undefined {
  const handler = entry.onMaxConcurrency ?? call.config.onMaxConcurrency;
  if (!handler) return undefined;
  return guarded(
    () => handler(call.context),
    (error) => callOnError(entry, call, error, 'onMaxConcurrency'),
  );
}

/** Calls a user callback; its throw or rejection goes to `fail`. Stays sync when the callback does. */
function guarded(
  callback: () => void | Promise<void>,
  fail: (error: unknown) => Promise<void>,
): Promise<void> | undefined {
  try {
    const result = callback();
    if (isThenable(result)) return Promise.resolve(result).then(undefined, fail);
  } catch (error) {
    return fail(error);
  }
  return undefined;
}

function eventEmitter(call: CallRecord): Emit {
  const baggage = call.config.includeBaggage ? baggageAttributes(call.parent) : undefined;
  const logger = getEventLogger();
  return (entry, outcome) => {
    if (!logger) {
      if (normalizeSinks(entry.sink ?? call.config.defaultSink).length === 0) warnNoLogsApi();
      return undefined;
    }
    try {
      if (isFailure(outcome)) emitFailureEvent(logger, outcome, call.target, call.parent, baggage);
      else for (const result of outcome) emitResultEvent(logger, result, call.target, call.parent, baggage);
      return undefined;
    } catch (error) {
      return callOnError(entry, call, error, 'otel');
    }
  };
}

function warnNoLogsApi(): void {
  reportOnce(
    'no-api-logs',
    'results are not emitted as OpenTelemetry events and no sink is set',
    new Error("the optional package '@opentelemetry/api-logs' is not installed; install it or pass a sink"),
  );
}

function submitGroups(groups: Map<SinkSpec | undefined, SinkGroup>, call: CallRecord): void | Promise<void> {
  const waits: Promise<void>[] = [];
  for (const group of groups.values()) {
    if (group.sinks.length === 0) continue;
    const payload = buildPayload(group, call);
    if (!payload) continue;
    for (const sink of group.sinks) {
      const waiting = guarded(
        () => sink.submit(payload),
        (error) => sinkFailed(group, call, error),
      );
      if (waiting) waits.push(waiting);
    }
  }
  if (waits.length > 0) return Promise.all(waits).then(() => undefined);
  return undefined;
}

/** The group's results and failures in evaluator order; undefined when there are none. */
function buildPayload(group: SinkGroup, call: CallRecord): SinkPayload | undefined {
  const { results, failures } = splitOutcomes(group.outcomes);
  if (results.length === 0 && failures.length === 0) return undefined;
  return {
    results,
    failures,
    context: call.context,
    spanReference: spanReferenceOf(call.parent),
    target: call.target,
  };
}

/** Each distinct onError handler of the group hears about a sink error once. */
async function sinkFailed(group: SinkGroup, call: CallRecord, error: unknown): Promise<void> {
  const seen = new Set<OnErrorHandler | undefined>();
  const calls: Promise<void>[] = [];
  for (const entry of group.entries) {
    const handler = entry.onError ?? call.config.onError;
    if (seen.has(handler)) continue;
    seen.add(handler);
    calls.push(callOnError(entry, call, error, 'sink'));
  }
  await Promise.all(calls);
}

/** Calls the entry's onError handler; its own errors, and errors with no handler, go to stderr once. */
async function callOnError(
  entry: Entry,
  call: CallRecord,
  error: unknown,
  location: OnErrorLocation,
): Promise<void> {
  const handler = entry.onError ?? call.config.onError;
  if (!handler) {
    reportOnce(
      `unhandled-${location}`,
      `${describeLocation(location)} threw and no onError handler is set`,
      error,
    );
    return;
  }
  try {
    await handler(error, call.context, entry.evaluator, location);
  } catch (handlerError) {
    reportOnce('onError', 'an onError handler threw', handlerError);
  }
}

function describeLocation(location: OnErrorLocation): string {
  if (location === 'sink') return 'a sink';
  if (location === 'otel') return 'OpenTelemetry event emission';
  return 'an onMaxConcurrency handler';
}
