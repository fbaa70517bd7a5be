import {
  callInTaskRun,
  currentTaskRun,
  endAsyncTaskRun,
  initialTaskMode,
  type TaskMode,
  TaskRun,
} from '../runner/task-run.js';

/** The TaskRun of one evaluated call: `setEvalAttribute` / `incrementEvalMetric` write here. */
export class OnlineCallRun extends TaskRun {}

/** True inside a dataset task run, where online evaluation stays out of the way. */
export function insideDatasetTask(): boolean {
  const run = currentTaskRun();
  return run !== undefined && !(run instanceof OnlineCallRun);
}

/**
 * How a wrapper records attributes and metrics, learnt per wrapper:
 * - 'off': not recorded.
 * - 'sync': the engine's sync task-run mode (one variable set around the call; costs nothing). A call that
 *   returns a promise loses what it recorded, as later writes could not be seen.
 * - 'unknown' | 'async': AsyncLocalStorage (the engine's async mode), only with `recordAttributes: true`.
 */
export type RecordMode = 'off' | TaskMode;

export function initialRecordMode(fn: Function, recordAttributes: boolean | undefined): RecordMode {
  if (recordAttributes === false) return 'off';
  if (recordAttributes === true) return initialTaskMode(fn);
  return initialTaskMode(fn) === 'async' ? 'off' : 'sync';
}

interface Call {
  thisArg: unknown;
  args: unknown[];
}

function applyCall(fn: Function, call: Call): unknown {
  return fn.apply(call.thisArg, call.args);
}

/** Calls `fn` with `run` as the current task run in the given mode (see RecordMode). */
export function callRecorded(
  mode: RecordMode,
  run: OnlineCallRun | undefined,
  fn: Function,
  thisArg: unknown,
  args: unknown[],
): unknown {
  if (mode === 'off' || run === undefined) return fn.apply(thisArg, args);
  return callInTaskRun(mode, run, applyCall, fn, { thisArg, args });
}

/** Ends the AsyncLocalStorage run of a call whose result was a thenable, in the storage-backed modes. */
export function endRecordedCall(mode: RecordMode): void {
  if (mode === 'unknown' || mode === 'async') endAsyncTaskRun();
}
