import { OptionsError } from '../errors.js';
import { Evaluator } from '../evaluators/evaluator.js';
import { Semaphore } from '../util/semaphore.js';
import type {
  OnErrorHandler,
  OnMaxConcurrencyHandler,
  OnSamplingErrorHandler,
  SampleRate,
  SinkSpec,
} from './types.js';
import { checkFunction, checkMaxConcurrency, checkSampleRate, checkSink, describe } from './validate.js';

/** Per-evaluator settings; each one left out falls back to the wrapper's, then to the config's. */
export interface OnlineEvaluatorOptions {
  sampleRate?: SampleRate;
  /**
   * Evaluations of this evaluator running at once; one more is dropped (and `onMaxConcurrency` called),
   * never queued. Minimum: 1.
   * @default 10
   */
  maxConcurrency?: number;
  sink?: SinkSpec;
  /**
   * Also evaluate calls that threw, with the error as `ctx.output`.
   * @default false
   */
  runOnErrors?: boolean;
  onMaxConcurrency?: OnMaxConcurrencyHandler;
  onError?: OnErrorHandler;
  onSamplingError?: OnSamplingErrorHandler;
}

export const DEFAULT_MAX_CONCURRENCY = 10;

/**
 * An evaluator with its own online settings. Its concurrency limit is shared by every call of every
 * wrapper it is given to; a bare evaluator given to `withEvaluation` gets a limit of its own per wrapper.
 *
 * @example
 * withEvaluation(answer, {
 *   evaluators: [new IsPolite(), new OnlineEvaluator(new LLMJudge({ rubric }), { sampleRate: 0.01 })],
 * });
 */
export class OnlineEvaluator {
  readonly evaluator: Evaluator;
  readonly options: Readonly<OnlineEvaluatorOptions>;
  /** Slots taken with `tryAcquire` only: a full limiter drops the evaluation. */
  readonly slots: Semaphore;

  constructor(evaluator: Evaluator, options: OnlineEvaluatorOptions = {}) {
    checkEvaluator('OnlineEvaluator', evaluator);
    checkOnlineOptions('OnlineEvaluator', options);
    this.evaluator = evaluator;
    this.options = { ...options };
    this.slots = new Semaphore(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);
  }
}

export function checkEvaluator(where: string, evaluator: unknown): asserts evaluator is Evaluator {
  const ok =
    evaluator instanceof Evaluator ||
    (typeof evaluator === 'object' &&
      evaluator !== null &&
      typeof (evaluator as { evaluate?: unknown }).evaluate === 'function' &&
      typeof (evaluator as { toSpec?: unknown }).toSpec === 'function');
  if (!ok) {
    throw new OptionsError(
      `${where}: expected an Evaluator (a subclass instance or evaluator(name, fn)), got ${describe(evaluator)}`,
    );
  }
}

export function checkOnlineOptions(where: string, options: OnlineEvaluatorOptions): void {
  checkSampleRate(where, options.sampleRate);
  checkMaxConcurrency(where, options.maxConcurrency);
  checkSink(where, options.sink);
  checkFunction(where, 'onMaxConcurrency', options.onMaxConcurrency);
  checkFunction(where, 'onError', options.onError);
  checkFunction(where, 'onSamplingError', options.onSamplingError);
}
