import type { Evaluator } from '../evaluators/evaluator.js';
import type { OnlineEvalConfig } from './config.js';
import type { OnlineEvaluator } from './online-evaluator.js';
import { reportOnce } from './report-once.js';
import type {
  OnErrorHandler,
  OnMaxConcurrencyHandler,
  OnSamplingErrorHandler,
  SampleRate,
  SamplingContext,
  SamplingMode,
  SinkSpec,
} from './types.js';
import { describe } from './validate.js';

/** One evaluator of one wrapper, with the wrapper's settings merged in (the config's come per call). */
export interface Entry {
  readonly online: OnlineEvaluator;
  readonly evaluator: Evaluator;
  readonly sampleRate: SampleRate | undefined;
  readonly sink: SinkSpec | undefined;
  readonly runOnErrors: boolean;
  readonly onMaxConcurrency: OnMaxConcurrencyHandler | undefined;
  readonly onError: OnErrorHandler | undefined;
  readonly onSamplingError: OnSamplingErrorHandler | undefined;
}

export type ExtractInputs = (args: any[]) => unknown;

/** The evaluators sampled for one call, and the call's inputs. */
export interface Sampled {
  readonly entries: Entry[];
  readonly inputs: unknown;
}

/** The call's inputs, computed at most once, and only for a call that samples an evaluator. */
class Inputs {
  #args: any[];
  #extract: ExtractInputs | undefined;
  #state: 0 | 1 | 2 = 0; // not computed, computed, threw
  #value: unknown;

  constructor(args: any[], extract: ExtractInputs | undefined) {
    this.#args = args;
    this.#extract = extract;
  }

  get(): unknown {
    if (this.#state === 0) {
      try {
        this.#value = this.#extract ? this.#extract(this.#args) : defaultInputs(this.#args);
        this.#state = 1;
      } catch (error) {
        this.#value = error;
        this.#state = 2;
      }
    }
    if (this.#state === 2) throw this.#value;
    return this.#value;
  }
}

/** A single argument as is, several as an array, none as undefined. */
function defaultInputs(args: any[]): unknown {
  return args.length === 1 ? args[0] : args.length === 0 ? undefined : args;
}

/**
 * Decides which evaluators run for one call, before the call, and computes the inputs of a sampled call.
 * Evaluators with nowhere to send results (no sink, OTel events off) are never sampled. The call seed is
 * drawn from `config.random` when first needed (a correlated fractional rate, or a rate function);
 * independent fractional rates draw their own. Throws a sampling error that has no handler.
 */
export function sampleCall(
  entries: readonly Entry[],
  config: OnlineEvalConfig,
  mode: SamplingMode,
  args: any[],
  extract: ExtractInputs | undefined,
): Sampled | undefined {
  let picked: Entry[] | undefined;
  let inputs: Inputs | undefined;
  let seed = -1;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (!config.emitOtelEvents && entry.sink === undefined && config.defaultSink === undefined) continue;
    let rate = entry.sampleRate ?? config.defaultSampleRate;
    if (typeof rate === 'function') {
      inputs ??= new Inputs(args, extract);
      if (seed < 0) seed = config.random();
      const resolved = resolveRate(entry, rate, inputs, config, seed);
      if (resolved === undefined) continue;
      rate = resolved;
    }
    let hit: boolean;
    if (typeof rate === 'boolean') hit = rate;
    else if (rate >= 1) hit = true;
    else if (!(rate > 0)) hit = false;
    else if (mode === 'correlated') {
      if (seed < 0) seed = config.random();
      hit = seed < rate;
    } else hit = config.random() < rate;
    if (!hit) continue;
    if (picked === undefined) picked = [entry];
    else picked.push(entry);
  }
  if (picked === undefined) return undefined;
  inputs ??= new Inputs(args, extract);
  try {
    return { entries: picked, inputs: inputs.get() };
  } catch (error) {
    // extractInputs is part of sampling: its error skips the call's evaluators (or reaches the caller).
    for (const entry of picked) handleSamplingError(entry, config, error);
    return undefined;
  }
}

/** Calls a rate function; undefined when it failed and a handler took the error (evaluator skipped). */
function resolveRate(
  entry: Entry,
  rate: (ctx: SamplingContext) => number | boolean,
  inputs: Inputs,
  config: OnlineEvalConfig,
  callSeed: number,
): number | boolean | undefined {
  try {
    const ctx: SamplingContext = {
      evaluator: entry.evaluator,
      inputs: inputs.get(),
      metadata: config.metadata,
      callSeed,
    };
    const value = rate(ctx);
    if (typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value))) return value;
    throw new TypeError(
      `sampleRate function of ${entry.evaluator.evaluatorName} returned ${describe(value)}; ` +
        'return a number or a boolean',
    );
  } catch (error) {
    handleSamplingError(entry, config, error);
    return undefined;
  }
}

/** Hands the error to `onSamplingError`, or rethrows it to the caller when there is no handler. */
function handleSamplingError(entry: Entry, config: OnlineEvalConfig, error: unknown): void {
  const handler = entry.onSamplingError ?? config.onSamplingError;
  if (!handler) throw error;
  try {
    handler(error, entry.evaluator);
  } catch (handlerError) {
    reportOnce('onSamplingError', 'an onSamplingError handler threw', handlerError);
  }
}
