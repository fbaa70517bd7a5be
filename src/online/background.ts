import { reportOnce } from './report-once.js';

/*
 * Background work of online evaluation. Jobs are queued and started from one setImmediate per batch, so
 * the caller's own promise continuations run first and a burst of calls costs one timer, not one each.
 */
type Job = () => void | Promise<void>;

let queue: Job[] = [];
let scheduled = false;
/** Jobs queued or running. */
let pending = 0;
let idleWaiters: (() => void)[] = [];

/** Something that buffers output and must write it out before `waitForEvaluations` resolves. */
export interface Flushable {
  flush(): Promise<void>;
}
const flushables = new Set<Flushable>();

export function registerFlushable(sink: Flushable): void {
  flushables.add(sink);
}

export function unregisterFlushable(sink: Flushable): void {
  flushables.delete(sink);
}

/** Runs `job` in the background soon; `waitForEvaluations` waits for it. */
export function enqueue(job: Job): void {
  pending++;
  queue.push(job);
  if (!scheduled) {
    scheduled = true;
    setImmediate(drain);
  }
}

function drain(): void {
  scheduled = false;
  const jobs = queue;
  queue = [];
  for (const job of jobs) {
    let result: void | Promise<void>;
    try {
      result = job();
    } catch (error) {
      failed(error);
      continue;
    }
    if (result instanceof Promise) result.then(done, failed);
    else done();
  }
}

function failed(error: unknown): void {
  reportOnce('internal', 'online evaluation failed', error);
  done();
}

function done(): void {
  if (--pending > 0) return;
  const waiters = idleWaiters;
  idleWaiters = [];
  for (const wake of waiters) wake();
}

function whenIdle(): Promise<void> {
  if (pending === 0) return Promise.resolve();
  return new Promise((resolve) => idleWaiters.push(resolve));
}

/** Waits for background evaluations, then for buffered sinks to write out. */
async function settle(): Promise<void> {
  await whenIdle();
  for (const sink of [...flushables]) {
    try {
      await sink.flush();
    } catch (error) {
      reportOnce('flush', 'a sink failed to write its buffered results', error);
    }
  }
  // A flush may have let more evaluations start (none do today); wait for those too.
  if (pending > 0) await settle();
}

/**
 * Resolves once every background evaluation started so far has finished and buffered sinks (such as
 * JsonlFileSink) have written their results: `true`, or `false` when `timeoutMs` passed first. Never
 * rejects. For tests and for shutdown.
 *
 * @example
 * process.on('SIGTERM', async () => { await waitForEvaluations(5_000); process.exit(0); });
 */
export function waitForEvaluations(timeoutMs = 30_000): Promise<boolean> {
  const finished = settle().then(() => true);
  if (!Number.isFinite(timeoutMs)) return finished;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
  });
  return Promise.race([finished, timedOut]).finally(() => clearTimeout(timer));
}
