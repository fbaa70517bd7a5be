/**
 * @module
 * The viewer's Hono app: security middleware, the JSON API, the event stream and the static UI.
 */
import { Hono } from 'hono';
import type { SSEStreamingApi } from 'hono/streaming';
import { addApiRoutes, HttpError } from './api.js';
import type { Asset } from './assets.js';
import { QueryError } from './case-query.js';
import { addEventRoute } from './events.js';
import type { RunCache } from './run-cache.js';
import { hostCheck, readOnly, securityHeaders } from './security.js';
import type { RunList } from './summaries.js';
import type { RunWatcher } from './watcher.js';

export interface AppDeps {
  cache: RunCache;
  list: RunList;
  watcher: RunWatcher;
  streams: Set<SSEStreamingApi>;
  assets: ReadonlyMap<string, Asset>;
  /** Host header values accepted; undefined: any (see `hostCheck`). */
  allowedHosts: () => ReadonlySet<string> | undefined;
  /** Where unexpected errors are reported (the API answers 500 without details). */
  logError?: (error: unknown) => void;
}

export function createViewerApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use('*', securityHeaders);
  app.use('*', readOnly);
  app.use('*', hostCheck(deps.allowedHosts));
  addApiRoutes(app, deps);
  addEventRoute(app, deps);
  app.all('/api/*', (c) => c.json({ error: 'Not found' }, 404));
  app.get('*', (c) => {
    const path = c.req.path === '/' ? '/index.html' : c.req.path;
    const asset = deps.assets.get(path);
    if (!asset) return c.text('Not found', 404);
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': asset.contentType,
      'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  });
  app.notFound((c) => c.text('Not found', 404));
  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json({ error: error.message }, error.status);
    if (error instanceof QueryError) return c.json({ error: error.message }, 400);
    (deps.logError ?? defaultLog)(error);
    return c.json({ error: 'Internal error (see the viewer log)' }, 500);
  });
  return app;
}

function defaultLog(error: unknown): void {
  process.stderr.write(
    `typed-evals view: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
}
