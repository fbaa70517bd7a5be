import { OptionsError } from '../errors.js';
import type { LifecycleClass, LifecycleFactory } from '../runner/lifecycle.js';
import type { Store } from '../store/types.js';
import { describeValue } from '../util/describe.js';

/** What the task receives besides its inputs. */
export interface TaskContext {
  /** Aborts when the run is aborted or the attempt times out. */
  readonly signal: AbortSignal;
  /** The case's report name (`Case 3`, `q1 [2/3]`). */
  readonly caseName: string;
  /** 1 for the first attempt, 2 for the first retry... */
  readonly attempt: number;
}

export type Task<Inputs = any, Output = any> = (inputs: Inputs, ctx: TaskContext) => Output | Promise<Output>;

export interface RetryOptions {
  /** Extra attempts after the first; required, so a retry can never loop forever. */
  retries: number;
  /** @default 500 */
  minDelayMs?: number;
  /** @default 30_000 */
  maxDelayMs?: number;
  /** @default 2 */
  factor?: number;
  /** Full jitter: a uniform random delay up to the backoff. @default true */
  jitter?: boolean;
  /** Default: every error but aborts. */
  shouldRetry?: (error: unknown, attempt: number) => boolean | Promise<boolean>;
  /** A Retry-After (header or `retryAfter` field) sets the next delay. @default true */
  respectRetryAfter?: boolean;
  onRetry?: (info: { error: unknown; attempt: number; delayMs: number }) => void;
}

/** What a progress listener receives after each case ends. */
export interface ProgressEvent {
  done: number;
  /** Undefined when the dataset is streamed and its size unknown. */
  total: number | undefined;
  failures: number;
  /** Cases started and not yet ended (including those backing off). */
  inFlight: number;
  /** Cases not started yet; undefined when the total is unknown. */
  queued: number | undefined;
  /** Cases sleeping before a task retry. */
  backingOff: number;
  elapsedSeconds: number;
  /** Cases per second since the start. */
  rate: number;
  etaSeconds: number | undefined;
  /** The case that just ended. */
  caseName: string;
  status: 'success' | 'failure';
  /** Each limiter of the run (from `limiters` and the evaluators' `limiter` options) as it is now. */
  limiters?: { name: string; inFlight: number; queued: number; limit: number; pausedMs: number }[];
}

export type ProgressListener = (event: ProgressEvent) => void;

export interface EvaluateOptions<Inputs = any, Output = any, Metadata = any> {
  /** Report name; default: `taskName`. */
  name?: string;
  /** Default: the task function's name. */
  taskName?: string;
  /** Experiment metadata, shown above the report table. */
  metadata?: Record<string, unknown>;
  /** Cases in flight, from start until their evaluators finish. Minimum: 1. @default unlimited */
  maxConcurrency?: number;
  /** Evaluator calls in flight across all cases. Minimum: 1. @default unlimited */
  evaluatorConcurrency?: number;
  /** Runs of each case (`name [i/n]`). Minimum: 1. @default 1 */
  repeat?: number;
  retryTask?: RetryOptions;
  retryEvaluators?: RetryOptions;
  /** Per task attempt; a timed-out attempt fails with a TimeoutError. */
  timeoutMs?: number;
  /** Stop early: no new case starts and the report comes back partial (`aborted: true`). */
  signal?: AbortSignal;
  /** A live bar on a TTY (default), nothing when false, or a listener per finished case. */
  progress?: boolean | ProgressListener;
  /**
   * Limiters whose state progress shows (in flight / limit, queued, a Retry-After pause). Limiters given
   * to evaluators as `limiter` are shown without being listed here.
   */
  limiters?: readonly LimiterLike[];
  /** A CaseLifecycle class or a factory `(case) => lifecycle`, one instance per case run. */
  lifecycle?: LifecycleClass<Inputs, Output, Metadata> | LifecycleFactory<Inputs, Output, Metadata>;
  /**
   * Record the run in a run store (docs/store.md): `true` for the JSONL files under `dataDir`, an object
   * `{ dataDir }`, or any `Store`. @default false (the CLI turns it on)
   */
  store?: boolean | Store | { dataDir?: string };
  /**
   * The data folder of the default store and the task cache. Default: `TYPED_EVALS_DATA_DIR`, else
   * `.typed-evals` in the working directory.
   */
  dataDir?: string;
  /** Resume a stored run (`'latest'`: the newest run of this experiment): finished cases are not run again. */
  resume?: string;
  /** With `resume`: run the cases that failed again too. @default false */
  retryErrors?: boolean;
  /** With `resume`: go on when the dataset, task or evaluators changed (changed cases run again). */
  force?: boolean;
  /** `{ task: true }`: reuse task outputs stored by earlier runs for the same task name, version and inputs. */
  cache?: { task?: boolean };
  /** Part of the task's identity in the run store and the task cache: change it when the task changes. */
  taskVersion?: string;
}

/** What progress shows of a Limiter (any object with this `stats()` fits). */
export interface LimiterLike {
  stats(): {
    name: string;
    inFlight: number;
    queued: number;
    limit: number;
    throttledUntil: number | undefined;
  };
}

export interface RunOptions<Inputs = any, Output = any, Metadata = any>
  extends EvaluateOptions<Inputs, Output, Metadata> {
  /** Keep per-case results in the final report. With false only aggregates are kept. @default true */
  keepResults?: boolean;
}

/** Checks every option before anything runs; messages name the option and the bad value. */
export function validateOptions(task: unknown, options: RunOptions): void {
  if (typeof task !== 'function')
    throw new OptionsError(`task must be a function, got ${describeValue(task)}`);
  if (typeof options !== 'object' || options === null) throw new OptionsError('options must be an object');
  checkCount('maxConcurrency', options.maxConcurrency);
  checkCount('evaluatorConcurrency', options.evaluatorConcurrency);
  checkCount('repeat', options.repeat);
  if (options.timeoutMs !== undefined && !(typeof options.timeoutMs === 'number' && options.timeoutMs > 0)) {
    throw new OptionsError(`timeoutMs must be a number > 0, got ${describeValue(options.timeoutMs)}`);
  }
  checkRetry('retryTask', options.retryTask);
  checkRetry('retryEvaluators', options.retryEvaluators);
  const { progress, signal, lifecycle, metadata } = options;
  if (
    options.limiters !== undefined &&
    (!Array.isArray(options.limiters) ||
      !options.limiters.every((l) => typeof (l as { stats?: unknown } | null)?.stats === 'function'))
  ) {
    throw new OptionsError('limiters must be an array of Limiter instances');
  }
  if (progress !== undefined && typeof progress !== 'boolean' && typeof progress !== 'function') {
    throw new OptionsError(
      `progress must be a boolean or a listener function, got ${describeValue(progress)}`,
    );
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new OptionsError(`signal must be an AbortSignal, got ${describeValue(signal)}`);
  }
  if (lifecycle !== undefined && typeof lifecycle !== 'function') {
    throw new OptionsError(
      `lifecycle must be a CaseLifecycle class or a factory function, got ${describeValue(lifecycle)}`,
    );
  }
  if (
    metadata !== undefined &&
    (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
  ) {
    throw new OptionsError(`metadata must be a plain object, got ${describeValue(metadata)}`);
  }
  for (const key of ['name', 'taskName'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'string') {
      throw new OptionsError(`${key} must be a string, got ${describeValue(options[key])}`);
    }
  }
  checkStoreOptions(options);
}

/** The run store, resume and cache options (docs/store.md). */
function checkStoreOptions(options: RunOptions): void {
  const { store, resume, cache } = options;
  if (
    store !== undefined &&
    typeof store !== 'boolean' &&
    (typeof store !== 'object' || store === null || Array.isArray(store))
  ) {
    throw new OptionsError(`store must be true, false, a Store or { dataDir }, got ${describeValue(store)}`);
  }
  if (typeof store === 'object' && store !== null && !isStore(store)) {
    const { dataDir } = store as { dataDir?: unknown };
    if (dataDir !== undefined && (typeof dataDir !== 'string' || dataDir === '')) {
      throw new OptionsError(`store.dataDir must be a non-empty string, got ${describeValue(dataDir)}`);
    }
  }
  for (const key of ['dataDir', 'resume', 'taskVersion'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new OptionsError(`${key} must be a non-empty string, got ${describeValue(value)}`);
    }
  }
  for (const key of ['retryErrors', 'force'] as const) {
    const value = options[key];
    if (value !== undefined && typeof value !== 'boolean') {
      throw new OptionsError(`${key} must be a boolean, got ${describeValue(value)}`);
    }
    if (value && resume === undefined) throw new OptionsError(`${key} only applies with resume`);
  }
  if (resume !== undefined && store === false) {
    throw new OptionsError('resume needs the run store; remove store: false');
  }
  if (cache !== undefined) {
    if (typeof cache !== 'object' || cache === null || Array.isArray(cache)) {
      throw new OptionsError(`cache must be an object like { task: true }, got ${describeValue(cache)}`);
    }
    if (cache.task !== undefined && typeof cache.task !== 'boolean') {
      throw new OptionsError(`cache.task must be a boolean, got ${describeValue(cache.task)}`);
    }
  }
}

/** A Store implementation rather than `{ dataDir }`. */
export function isStore(value: unknown): value is Store {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Store).startRun === 'function' &&
    typeof (value as Store).readRun === 'function'
  );
}

function checkCount(name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new OptionsError(`${name} must be >= 1, got ${describeValue(value)}`);
  }
}

function checkRetry(name: string, retry: RetryOptions | undefined): void {
  if (retry === undefined) return;
  if (typeof retry !== 'object' || retry === null)
    throw new OptionsError(`${name} must be an object like { retries: 3 }`);
  const { retries, minDelayMs, maxDelayMs, factor } = retry;
  if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0) {
    throw new OptionsError(`${name}.retries must be an integer >= 0, got ${describeValue(retries)}`);
  }
  for (const [key, value] of [
    ['minDelayMs', minDelayMs],
    ['maxDelayMs', maxDelayMs],
  ] as const) {
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      throw new OptionsError(`${name}.${key} must be a finite number >= 0, got ${describeValue(value)}`);
    }
  }
  if (factor !== undefined && !(typeof factor === 'number' && factor >= 1 && Number.isFinite(factor))) {
    throw new OptionsError(`${name}.factor must be a finite number >= 1, got ${describeValue(factor)}`);
  }
  for (const key of ['shouldRetry', 'onRetry'] as const) {
    if (retry[key] !== undefined && typeof retry[key] !== 'function') {
      throw new OptionsError(`${name}.${key} must be a function`);
    }
  }
}
