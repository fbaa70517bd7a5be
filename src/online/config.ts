import type {
  OnErrorHandler,
  OnMaxConcurrencyHandler,
  OnSamplingErrorHandler,
  SampleRate,
  SamplingMode,
  SinkSpec,
} from './types.js';
import { checkFunction, checkSampleRate, checkSamplingMode, checkSink } from './validate.js';

/** Settings shared by every wrapper that uses a config. Each one can be overridden per wrapper. */
export interface OnlineEvalConfigOptions {
  /** Where results go when neither the evaluator nor the wrapper names a sink. */
  defaultSink?: SinkSpec;
  /**
   * Sample rate of evaluators that set none.
   * @default 1
   */
  defaultSampleRate?: SampleRate;
  /** @default 'independent' */
  samplingMode?: SamplingMode;
  /**
   * Emit one `gen_ai.evaluation.result` OpenTelemetry log event per result and failure (needs
   * `@opentelemetry/api-logs` and a global LoggerProvider; without them events are dropped).
   * @default true
   */
  emitOtelEvents?: boolean;
  /**
   * Copy the OTel baggage active at call time into each event's attributes (standard attributes win).
   * @default true
   */
  includeBaggage?: boolean;
  /**
   * `false` turns online evaluation off: wrapped functions run as if unwrapped.
   * @default true
   */
  enabled?: boolean;
  /** Given to evaluators as `ctx.metadata` (a shallow copy per call) and to `sampleRate` functions. */
  metadata?: Record<string, unknown>;
  onMaxConcurrency?: OnMaxConcurrencyHandler;
  onSamplingError?: OnSamplingErrorHandler;
  onError?: OnErrorHandler;
  /**
   * The source of random numbers in [0, 1) used for sampling; inject a seeded one in tests.
   * @default Math.random
   */
  random?: () => number;
}

interface Settings {
  defaultSink: SinkSpec | undefined;
  defaultSampleRate: SampleRate;
  samplingMode: SamplingMode;
  emitOtelEvents: boolean;
  includeBaggage: boolean;
  enabled: boolean;
  metadata: Record<string, unknown> | undefined;
  onMaxConcurrency: OnMaxConcurrencyHandler | undefined;
  onSamplingError: OnSamplingErrorHandler | undefined;
  onError: OnErrorHandler | undefined;
  random: () => number;
}

function defaults(): Settings {
  return {
    defaultSink: undefined,
    defaultSampleRate: 1,
    samplingMode: 'independent',
    emitOtelEvents: true,
    includeBaggage: true,
    enabled: true,
    metadata: undefined,
    onMaxConcurrency: undefined,
    onSamplingError: undefined,
    onError: undefined,
    random: Math.random,
  };
}

/**
 * Online evaluation settings. Wrappers read their config on every call, so `configure` applies to
 * functions wrapped earlier too.
 */
export class OnlineEvalConfig {
  #s: Settings = defaults();

  constructor(options: OnlineEvalConfigOptions = {}) {
    this.configure(options);
  }

  /**
   * Changes the settings named in `changes` (checked first; nothing changes on a bad value). A key given
   * as `undefined` goes back to its default; keys left out are kept.
   */
  configure(changes: OnlineEvalConfigOptions): this {
    checkConfig(changes);
    const base = defaults() as unknown as Record<string, unknown>;
    const next = { ...this.#s } as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(changes)) {
      if (!(key in base)) continue;
      next[key] = value === undefined ? base[key] : value;
    }
    this.#s = next as unknown as Settings;
    return this;
  }

  /** Every setting back to its default. */
  reset(): this {
    this.#s = defaults();
    return this;
  }

  get defaultSink(): SinkSpec | undefined {
    return this.#s.defaultSink;
  }
  get defaultSampleRate(): SampleRate {
    return this.#s.defaultSampleRate;
  }
  get samplingMode(): SamplingMode {
    return this.#s.samplingMode;
  }
  get emitOtelEvents(): boolean {
    return this.#s.emitOtelEvents;
  }
  get includeBaggage(): boolean {
    return this.#s.includeBaggage;
  }
  get enabled(): boolean {
    return this.#s.enabled;
  }
  get metadata(): Record<string, unknown> | undefined {
    return this.#s.metadata;
  }
  get onMaxConcurrency(): OnMaxConcurrencyHandler | undefined {
    return this.#s.onMaxConcurrency;
  }
  get onSamplingError(): OnSamplingErrorHandler | undefined {
    return this.#s.onSamplingError;
  }
  get onError(): OnErrorHandler | undefined {
    return this.#s.onError;
  }
  get random(): () => number {
    return this.#s.random;
  }
}

function checkConfig(changes: OnlineEvalConfigOptions): void {
  const where = 'OnlineEvalConfig';
  checkSink(where, changes.defaultSink);
  checkSampleRate(where, changes.defaultSampleRate);
  checkSamplingMode(where, changes.samplingMode);
  checkFunction(where, 'onMaxConcurrency', changes.onMaxConcurrency);
  checkFunction(where, 'onSamplingError', changes.onSamplingError);
  checkFunction(where, 'onError', changes.onError);
  checkFunction(where, 'random', changes.random);
}

/** The config wrappers use when they are given none. */
export const defaultOnlineEvalConfig = new OnlineEvalConfig();

/**
 * Changes the default config (see `OnlineEvalConfig.configure`) and returns it.
 *
 * @example
 * configureOnlineEvaluation({ defaultSampleRate: 0.1, defaultSink: new JsonlFileSink('evals.jsonl') });
 */
export function configureOnlineEvaluation(changes: OnlineEvalConfigOptions): OnlineEvalConfig {
  return defaultOnlineEvalConfig.configure(changes);
}
