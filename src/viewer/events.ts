/**
 * @module
 * `GET /api/events`: server-sent events for live pages. Without `run`, an event `runs` (the ids of the
 * runs that changed) each time a run starts, grows or ends. With `run=<id>`, an event `run` (its
 * summary and the case rows recorded since the previous event) each time that run changes, and once on
 * connect. A comment line every 15 s keeps proxies from closing an idle stream.
 */
import type { Hono } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { runOf } from './api.js';
import type { RunsChangedEvent, RunUpdateEvent } from './api-types.js';
import type { IndexedRun, RunCache } from './run-cache.js';
import { runSummary } from './summaries.js';
import type { RunWatcher } from './watcher.js';

export interface EventDeps {
  cache: RunCache;
  watcher: RunWatcher;
  /** Open streams, closed when the server stops. */
  streams: Set<SSEStreamingApi>;
}

const KEEPALIVE_MS = 15_000;
const MAX_ROWS_PER_EVENT = 200;

export function addEventRoute(app: Hono, deps: EventDeps): void {
  app.get('/api/events', async (c) => {
    const runId = c.req.query('run');
    // An unknown run is a plain 404 before the stream opens.
    const initial = runId === undefined ? undefined : await runOf(deps.cache, runId);
    // HEAD gets the headers only: a stream nobody reads would never end.
    if (c.req.method === 'HEAD') return c.body(null, 200, { 'Content-Type': 'text/event-stream' });
    return streamSSE(c, async (stream) => {
      deps.streams.add(stream);
      const stop = initial === undefined ? followRuns(stream, deps) : followRun(stream, deps, initial);
      const keepalive = setInterval(() => void stream.write(': keepalive\n\n').catch(() => {}), KEEPALIVE_MS);
      await new Promise<void>((resolve) => {
        if (stream.aborted || stream.closed) resolve();
        stream.onAbort(resolve);
        c.req.raw.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      clearInterval(keepalive);
      stop();
      deps.streams.delete(stream);
    });
  });
}

function followRuns(stream: SSEStreamingApi, deps: EventDeps): () => void {
  void stream.writeSSE({ event: 'hello', data: '{}', retry: 1000 });
  return deps.watcher.subscribe((runIds) => {
    const event: RunsChangedEvent = { runIds };
    void stream.writeSSE({ event: 'runs', data: JSON.stringify(event) }).catch(() => {});
  });
}

/** Sends the run's summary now and after each change, with the rows added since the last event. */
function followRun(stream: SSEStreamingApi, deps: EventDeps, initial: IndexedRun): () => void {
  const { runId } = initial;
  let sent = initial.index.size;
  let queue = Promise.resolve();
  const push = (withRows: boolean) => {
    queue = queue
      .then(async () => {
        const run = await deps.cache.get(runId);
        const newCases = withRows ? run.index.rowsFrom(sent, MAX_ROWS_PER_EVENT) : [];
        sent = run.index.size;
        const event: RunUpdateEvent = {
          summary: runSummary(run.info, run.footer, run.index),
          newCases,
          caseCount: run.index.size,
        };
        if (!stream.closed) await stream.writeSSE({ event: 'run', data: JSON.stringify(event), retry: 1000 });
      })
      .catch(() => {});
  };
  push(false);
  return deps.watcher.subscribe((runIds) => {
    if (runIds.includes(runId)) push(true);
  });
}
