import type { Case } from '../dataset/case.js';
import type { RetryOptions, Task } from '../engine/options.js';
import type { ResultRouter, SharedAssertions } from '../evaluators/results.js';
import type { RunEvent } from '../stream/events.js';
import type { Semaphore } from '../util/semaphore.js';
import type { AttemptContext } from './attempt-context.js';
import type { CaseProbe, Instrumentation } from './instrumentation.js';
import type { LifecycleClass, LifecycleFactory } from './lifecycle.js';
import type { EvaluatorSet } from './run-evaluators.js';
import type { TaskMode } from './task-run.js';

/** One unit of work: a case, or one run of a case with `repeat`. */
export interface WorkItem {
  /** Position in plan order (case-major), which is the report's order. */
  index: number;
  case: Case;
  /** Report name: `Case 3`, `q1 [2/3]`. */
  caseName: string;
  sourceCaseName: string | undefined;
  /** Set by the runner while the case runs when tracing is on. */
  probe: CaseProbe | undefined;
}

/** Everything the runner needs to run cases of one experiment; built once per run. */
export interface CaseRunner {
  task: Task;
  /** Starts as 'unknown' or 'async' and is settled by the first task results. */
  taskMode: TaskMode;
  /** The dataset's evaluators (a case's own come first, prepared as the case runs). */
  evaluators: EvaluatorSet;
  lifecycle: LifecycleClass | LifecycleFactory | undefined;
  retryTask: RetryOptions | undefined;
  retryEvaluators: RetryOptions | undefined;
  timeoutMs: number | undefined;
  evaluatorSlots: Semaphore | undefined;
  /** Aborted when the run stops; its reason is an AbortError. */
  signal: AbortSignal;
  /** Mirrors `signal.aborted` as a plain field: read per case, where the getter costs. */
  stopped: boolean;
  /** Task attempts awaiting a promise, so an abort can reach them. */
  liveAttempts: Set<AttemptContext>;
  emit: (event: RunEvent) => void;
  /** Tracing hooks; undefined when no tracing is set up (the common, zero-cost case). */
  instrumentation: Instrumentation | undefined;
  /** The assertions record cases of this run may share (see ResultRouter). */
  sharedAssertions: SharedAssertions;
  /**
   * A result router no case is using: a case's evaluation takes it (or makes one) and gives it back once
   * its report case is built. Sync cases then all use one router, not one object each.
   */
  idleRouter: ResultRouter | undefined;
}
