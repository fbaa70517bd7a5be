import type { CaseSource } from '../dataset/dataset.js';
import { AbortError } from '../errors.js';
import type { Evaluator } from '../evaluators/evaluator.js';
import { SharedAssertions } from '../evaluators/results.js';
import type { AttemptContext } from '../runner/attempt-context.js';
import type { Instrumentation } from '../runner/instrumentation.js';
import { evaluatorSet, prepareEvaluator } from '../runner/run-evaluators.js';
import { initialTaskMode } from '../runner/task-run.js';
import type { CaseRunner } from '../runner/types.js';
import type { RunEvent } from '../stream/events.js';
import { Semaphore } from '../util/semaphore.js';
import type { RunOptions, Task } from './options.js';
import { type PlanSkip, planWorkItems } from './plan.js';
import { schedule } from './scheduler.js';

export interface EngineInput {
  name: string;
  source: CaseSource;
  task: Task;
  evaluators: readonly Evaluator[];
  options: RunOptions;
  emit: (event: RunEvent) => void;
  /** False when no sink reads 'case-start' events, so none are made. */
  emitsCaseStart?: boolean;
  /** Tracing hooks (see runner/instrumentation.ts); undefined when tracing is off. */
  instrumentation?: Instrumentation;
  /** Aborts the run from inside (e.g. the consumer stopped iterating). */
  stop: AbortController;
  backpressure?: () => Promise<void> | undefined;
  /** Items not to run (a resumed run's finished cases); see PlanSkip. */
  skip?: PlanSkip;
}

/**
 * Runs every work item of the source and emits events; resolves with `aborted` once every started
 * case has ended. Options are already validated.
 */
export async function runEngine(input: EngineInput): Promise<{ aborted: boolean }> {
  const { options, emit, stop } = input;
  const repeat = options.repeat ?? 1;
  const liveAttempts = new Set<AttemptContext>();
  const onAbort = () => {
    runner.stopped = true;
    for (const attempt of liveAttempts) attempt.abort(stop.signal.reason);
  };
  const runner: CaseRunner = {
    task: input.task,
    taskMode: initialTaskMode(input.task),
    evaluators: evaluatorSet(input.evaluators.map(prepareEvaluator)),
    sharedAssertions: new SharedAssertions(),
    idleRouter: undefined,
    lifecycle: options.lifecycle,
    retryTask: options.retryTask,
    retryEvaluators: options.retryEvaluators,
    timeoutMs: options.timeoutMs,
    evaluatorSlots: options.evaluatorConcurrency ? new Semaphore(options.evaluatorConcurrency) : undefined,
    signal: stop.signal,
    stopped: false,
    liveAttempts,
    emit,
    instrumentation: input.instrumentation,
  };
  stop.signal.addEventListener('abort', onAbort, { once: true });
  const unlink = linkSignal(options.signal, stop);
  const total = input.source.size === undefined ? undefined : input.source.size * repeat;
  emit({ type: 'run-start', name: input.name, total, startedAt: Date.now() });
  try {
    if (!runner.stopped) {
      const plan = planWorkItems(input.source, repeat, input.skip);
      await schedule(plan, runner, {
        maxConcurrency: options.maxConcurrency ?? Infinity,
        backpressure: input.backpressure,
        emitCaseStart: input.emitsCaseStart ?? true,
      });
    }
  } finally {
    unlink();
    stop.signal.removeEventListener('abort', onAbort);
  }
  emit({ type: 'run-end', aborted: stop.signal.aborted });
  return { aborted: stop.signal.aborted };
}

/** Forwards the user's signal to the run's own controller, with an AbortError as the reason. */
function linkSignal(signal: AbortSignal | undefined, stop: AbortController): () => void {
  if (!signal) return () => {};
  const forward = () => stop.abort(toAbortError(signal.reason));
  if (signal.aborted) {
    forward();
    return () => {};
  }
  signal.addEventListener('abort', forward, { once: true });
  return () => signal.removeEventListener('abort', forward);
}

export function toAbortError(reason: unknown): unknown {
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  if (typeof DOMException !== 'undefined' && reason instanceof DOMException && reason.name === 'AbortError')
    return reason;
  const detail = reason instanceof Error ? reason.message : reason === undefined ? '' : String(reason);
  const error = new AbortError(
    detail ? `The evaluation was aborted: ${detail}` : 'The evaluation was aborted',
  );
  if (reason !== undefined) (error as Error & { cause?: unknown }).cause = reason;
  return error;
}
