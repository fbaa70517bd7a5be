/**
 * @module
 * `startViewer`: the local, read-only web viewer of stored runs (docs/viewer.md). One HTTP server
 * (Hono on @hono/node-server) bound to 127.0.0.1 by default, serving the built UI from memory and a
 * JSON API over the run store, with live updates of runs in progress.
 */
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { SSEStreamingApi } from 'hono/streaming';
import { resolveDataDir } from '../store/config.js';
import { JsonlStore } from '../store/jsonl-store.js';
import type { Store } from '../store/types.js';
import { createViewerApp } from './app.js';
import { loadAssets } from './assets.js';
import { locateUi } from './build-ui.js';
import { RunCache } from './run-cache.js';
import { loopbackHosts } from './security.js';
import { RunList } from './summaries.js';
import { RunWatcher } from './watcher.js';

export const DEFAULT_VIEWER_HOST = '127.0.0.1';
export const DEFAULT_VIEWER_PORT = 7425;

export interface ViewerOptions {
  /** The data folder of the default store (TYPED_EVALS_DATA_DIR, else `.typed-evals`). Unused with `store`. */
  dataDir?: string;
  /** Any run store; default: the JSONL store of `dataDir`. */
  store?: Store;
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 7425 */
  port?: number;
  /** A folder with a built UI (index.html, assets/); default: see build-ui.ts. */
  uiDir?: string;
  /** How often run files are checked for changes besides fs.watch, in ms. @default 1000 */
  pollMs?: number;
  /** Cases kept in memory across indexed runs. @default 1_000_000 */
  maxCachedCases?: number;
  /** Told when the UI is built on first start (a checkout without a current build). */
  onBuild?: (outDir: string) => void;
  logError?: (error: unknown) => void;
}

export interface ViewerServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  host: string;
  port: number;
  /** The data folder or store being shown. */
  location: string;
  /** Checks the store for changes now instead of at the next poll. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

export async function startViewer(options: ViewerOptions = {}): Promise<ViewerServer> {
  const host = options.host ?? DEFAULT_VIEWER_HOST;
  const assets = loadAssets(await locateUi({ uiDir: options.uiDir, onBuild: options.onBuild }));
  const store = options.store ?? new JsonlStore(resolveDataDir(options.dataDir));
  const fileOf = store instanceof JsonlStore ? (runId: string) => store.pathOf(runId) : () => undefined;
  const cache = new RunCache({ store, fileOf }, { maxCachedCases: options.maxCachedCases });
  const watcher = new RunWatcher({
    dir: store instanceof JsonlStore ? store.location : undefined,
    listRuns: () => store.listRuns(),
    pollMs: options.pollMs,
  });
  await watcher.start();
  const streams = new Set<SSEStreamingApi>();
  let allowed: ReadonlySet<string> | undefined;
  const app = createViewerApp({
    cache,
    list: new RunList(store, cache),
    watcher,
    streams,
    assets,
    allowedHosts: () => allowed,
    logError: options.logError,
  });
  const server = createAdaptorServer({ fetch: app.fetch, overrideGlobalObjects: false });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_VIEWER_PORT, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    watcher.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  allowed = loopbackHosts(host, port);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost === '0.0.0.0' || urlHost === '[::]' ? '127.0.0.1' : urlHost}:${port}/`,
    host,
    port,
    location: store.location,
    refresh: () => watcher.scan(),
    close: async () => {
      watcher.close();
      for (const stream of streams) stream.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
