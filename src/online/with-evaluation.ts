import { type Context, context as otelContext } from '@opentelemetry/api';
import { OptionsError } from '../errors.js';
import type { Evaluator } from '../evaluators/evaluator.js';
import { initialTaskMode } from '../runner/task-run.js';
import { nowMs } from '../util/clock.js';
import { isThenable } from '../util/thenable.js';
import { enqueue } from './background.js';
import { defaultOnlineEvalConfig, type OnlineEvalConfig } from './config.js';
import { OnlineEvaluatorContext } from './context.js';
import { runCall } from './dispatch.js';
import {
  checkEvaluator,
  checkOnlineOptions,
  OnlineEvaluator,
  type OnlineEvaluatorOptions,
} from './online-evaluator.js';
import {
  callRecorded,
  endRecordedCall,
  initialRecordMode,
  insideDatasetTask,
  OnlineCallRun,
  type RecordMode,
} from './recording.js';
import { type Entry, type ExtractInputs, type Sampled, sampleCall } from './sampling.js';
import { isEvaluationDisabled } from './scope.js';
import type { SamplingMode } from './types.js';
import { checkFunction, checkSamplingMode, describe } from './validate.js';

type AnyFunction = (this: any, ...args: any[]) => any;

/** Options of `withEvaluation`. Per-evaluator settings apply to evaluators not given as OnlineEvaluator. */
export interface WithEvaluationOptions<F extends AnyFunction = AnyFunction> extends OnlineEvaluatorOptions {
  /** Evaluators, bare or as `OnlineEvaluator` with settings of their own. */
  evaluators: readonly (Evaluator | OnlineEvaluator)[];
  /** Names the function in events and sink payloads. Default: the function's name. */
  target?: string;
  /** Overrides the config's `samplingMode`. */
  samplingMode?: SamplingMode;
  /** Settings to read on every call. Default: the global config (`configureOnlineEvaluation`). */
  config?: OnlineEvalConfig;
  /** Builds `ctx.inputs` from the arguments. Default: a single argument as is, several as an array. */
  extractInputs?: (args: Parameters<F>) => unknown;
  /**
   * Collect `setEvalAttribute` / `incrementEvalMetric` calls made during the call into `ctx.attributes`
   * and `ctx.metrics`. By default only functions that return a plain value record (it costs one variable
   * write). `true` also records async calls, through AsyncLocalStorage, which on Node 20 slows every
   * promise in the process while a recorded call is in flight. `false` never records.
   */
  recordAttributes?: boolean;
}

/** What a wrapper keeps between calls. */
interface Wrapper {
  readonly fn: AnyFunction;
  readonly target: string;
  readonly entries: readonly Entry[];
  readonly config: OnlineEvalConfig | undefined;
  readonly samplingMode: SamplingMode | undefined;
  readonly extract: ExtractInputs | undefined;
  readonly recordAttributes: boolean | undefined;
  /** An `async function`: its sampling errors are returned as rejections, never thrown. */
  readonly isAsyncFunction: boolean;
  recordMode: RecordMode;
}

/**
 * Wraps `fn` so that sampled calls are evaluated in the background after they return. The wrapper
 * returns exactly what `fn` returns (a sync function stays sync, a promise is the same promise) and
 * throws exactly what it throws; sampling happens before the call, and a call that samples no evaluator
 * runs `fn` with no other work.
 *
 * @example
 * const answer = withEvaluation(rawAnswer, { evaluators: [new IsPolite()], sampleRate: 0.1 });
 */
export function withEvaluation<F extends AnyFunction>(fn: F, options: WithEvaluationOptions<F>): F {
  const wrapper = makeWrapper(fn, options);
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const config = wrapper.config ?? defaultOnlineEvalConfig;
    if (!config.enabled || isEvaluationDisabled() || insideDatasetTask()) return fn.apply(this, args);
    let sampled: Sampled | undefined;
    try {
      const mode = wrapper.samplingMode ?? config.samplingMode;
      sampled = sampleCall(wrapper.entries, config, mode, args, wrapper.extract);
    } catch (error) {
      if (wrapper.isAsyncFunction) return Promise.reject(error);
      throw error;
    }
    if (sampled === undefined) return fn.apply(this, args);
    return callSampled(wrapper, config, sampled, this, args);
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(wrapped, 'length', { value: fn.length, configurable: true });
  return wrapped as F;
}

function makeWrapper(fn: AnyFunction, options: WithEvaluationOptions<any>): Wrapper {
  const where = 'withEvaluation';
  if (typeof fn !== 'function')
    throw new OptionsError(`${where}: fn must be a function, got ${describe(fn)}`);
  if (typeof options !== 'object' || options === null || !Array.isArray(options.evaluators)) {
    throw new OptionsError(`${where}: options.evaluators must be an array of evaluators`);
  }
  checkOnlineOptions(where, options);
  checkSamplingMode(where, options.samplingMode);
  checkFunction(where, 'extractInputs', options.extractInputs);
  if (options.target !== undefined && (typeof options.target !== 'string' || options.target === '')) {
    throw new OptionsError(`${where}: target must be a non-empty string, got ${describe(options.target)}`);
  }
  const entries = options.evaluators.map((e, i) => toEntry(e, options, `${where}: evaluators[${i}]`));
  return {
    fn,
    target: options.target ?? (fn.name || 'anonymous'),
    entries,
    config: options.config,
    samplingMode: options.samplingMode,
    extract: options.extractInputs as ExtractInputs | undefined,
    recordAttributes: options.recordAttributes,
    isAsyncFunction: initialTaskMode(fn) === 'async',
    recordMode: initialRecordMode(fn, options.recordAttributes),
  };
}

/** An evaluator with its own settings first, then the wrapper's. */
function toEntry(item: Evaluator | OnlineEvaluator, wrap: WithEvaluationOptions<any>, where: string): Entry {
  let online: OnlineEvaluator;
  if (item instanceof OnlineEvaluator) online = item;
  else {
    checkEvaluator(where, item);
    online = new OnlineEvaluator(item, { maxConcurrency: wrap.maxConcurrency });
  }
  const own = online.options;
  return {
    online,
    evaluator: online.evaluator,
    sampleRate: own.sampleRate ?? wrap.sampleRate,
    sink: own.sink ?? wrap.sink,
    runOnErrors: own.runOnErrors ?? wrap.runOnErrors ?? false,
    onMaxConcurrency: own.onMaxConcurrency ?? wrap.onMaxConcurrency,
    onError: own.onError ?? wrap.onError,
    onSamplingError: own.onSamplingError ?? wrap.onSamplingError,
  };
}

/** What a sampled call needs once it settles. */
interface PendingCall {
  readonly wrapper: Wrapper;
  readonly config: OnlineEvalConfig;
  readonly entries: readonly Entry[];
  readonly inputs: unknown;
  readonly metadata: Record<string, unknown> | undefined;
  readonly parent: Context;
  readonly run: OnlineCallRun | undefined;
  readonly start: number;
}

function callSampled(
  wrapper: Wrapper,
  config: OnlineEvalConfig,
  sampled: Sampled,
  thisArg: unknown,
  args: unknown[],
): unknown {
  const mode = wrapper.recordMode;
  const run = mode === 'off' ? undefined : new OnlineCallRun();
  const call: PendingCall = {
    wrapper,
    config,
    entries: sampled.entries,
    inputs: sampled.inputs,
    metadata: config.metadata,
    parent: otelContext.active(),
    run,
    start: nowMs(),
  };
  let result: unknown;
  try {
    result = callRecorded(mode, run, wrapper.fn, thisArg, args);
  } catch (error) {
    settle(call, error, true);
    throw error;
  }
  if (result instanceof Promise) return observe(call, mode, result);
  if (isThenable(result)) {
    // Not a native promise (a lazy query builder, say): calling its `then` could run it again, so it is
    // evaluated as the returned object.
    endRecordedCall(mode);
  } else if (mode === 'unknown') wrapper.recordMode = 'sync';
  settle(call, result, false);
  return result;
}

/**
 * Watches the promise the caller gets (the same object). The handlers only read the clock and queue
 * the evaluation, so the caller's own continuation runs right after.
 */
function observe(call: PendingCall, mode: RecordMode, promise: Promise<unknown>): Promise<unknown> {
  let forCall = call;
  if (mode === 'sync') {
    // What the call records after its first await cannot be seen: record nothing for async calls.
    call.wrapper.recordMode = call.wrapper.recordAttributes === true ? 'async' : 'off';
    forCall = { ...call, run: undefined };
  }
  promise.then(
    (value) => {
      endRecordedCall(mode);
      settle(forCall, value, false);
    },
    (error: unknown) => {
      endRecordedCall(mode);
      settle(forCall, error, true);
    },
  );
  return promise;
}

/**
 * Reads the clock and queues the evaluation; everything else (the context, the evaluators) happens in
 * the background job, off the caller's path.
 */
function settle(call: PendingCall, output: unknown, threw: boolean): void {
  const end = nowMs();
  // Errors go to `runOnErrors` evaluators only.
  const entries = threw ? call.entries.filter((entry) => entry.runOnErrors) : call.entries;
  if (entries.length > 0) enqueue(() => evaluateSettled(call, entries, output, end));
}

function evaluateSettled(
  call: PendingCall,
  entries: readonly Entry[],
  output: unknown,
  end: number,
): void | Promise<void> {
  const { run } = call;
  const context = new OnlineEvaluatorContext(
    undefined,
    call.inputs,
    call.metadata ? { ...call.metadata } : undefined,
    undefined,
    output,
    (end - call.start) / 1000,
    run?.attributes ?? {},
    run?.metrics ?? {},
  );
  return runCall({ config: call.config, target: call.wrapper.target, entries, context, parent: call.parent });
}
