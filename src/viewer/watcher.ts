/**
 * @module
 * Notices runs that start, grow or end. For a store that keeps one file per run (JsonlStore), the runs
 * folder is watched with `fs.watch` (fast) and also polled (fs.watch misses events on some file systems:
 * network mounts, some containers); for another store, `listRuns` is polled. Listeners get the ids of
 * the runs that changed, at most once per scan.
 */
import { type FSWatcher, watch } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunInfo } from '../store/types.js';
import { infoVersion } from './run-cache.js';

export type ChangeListener = (runIds: string[]) => void;

export interface WatcherOptions {
  /** The folder of run files (`<runId>.jsonl`); when absent, `listRuns` is polled. */
  dir?: string;
  listRuns: () => Promise<RunInfo[]>;
  /** Poll interval in milliseconds. @default 1000 */
  pollMs?: number;
}

const RUN_FILE = '.jsonl';
const DEBOUNCE_MS = 25;

export class RunWatcher {
  readonly #options: WatcherOptions;
  readonly #listeners = new Set<ChangeListener>();
  #state = new Map<string, string>();
  #fsWatcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #scanning: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(options: WatcherOptions) {
    this.#options = options;
  }

  /** Records the current state (without notifying) and starts watching. */
  async start(): Promise<void> {
    this.#state = await this.#snapshot();
    this.#watchDir();
    this.#timer = setInterval(() => this.#schedule(), this.#options.pollMs ?? 1000);
    this.#timer.unref();
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Checks for changes now (tests, and the fs.watch callback). */
  scan(): Promise<void> {
    if (this.#scanning) {
      this.#again = true;
      return this.#scanning;
    }
    this.#scanning = this.#scanOnce().finally(() => {
      this.#scanning = undefined;
      if (this.#again && !this.#closed) {
        this.#again = false;
        void this.scan();
      }
    });
    return this.#scanning;
  }

  close(): void {
    this.#closed = true;
    this.#fsWatcher?.close();
    clearInterval(this.#timer);
    clearTimeout(this.#debounce);
    this.#listeners.clear();
  }

  #schedule(): void {
    if (this.#closed || this.#debounce) return;
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      void this.scan();
    }, DEBOUNCE_MS);
    this.#debounce.unref();
  }

  async #scanOnce(): Promise<void> {
    if (this.#closed) return;
    if (!this.#fsWatcher) this.#watchDir();
    const next = await this.#snapshot().catch(() => this.#state);
    const changed: string[] = [];
    for (const [runId, key] of next) if (this.#state.get(runId) !== key) changed.push(runId);
    for (const runId of this.#state.keys()) if (!next.has(runId)) changed.push(runId);
    this.#state = next;
    if (changed.length === 0 || this.#closed) return;
    for (const listener of [...this.#listeners]) {
      try {
        listener(changed);
      } catch {
        // A listener's failure (a closed connection) must not stop the others.
      }
    }
  }

  /** A version key per run: its file's size and time, or its counts and status. */
  async #snapshot(): Promise<Map<string, string>> {
    const { dir } = this.#options;
    const state = new Map<string, string>();
    if (dir === undefined) {
      for (const info of await this.#options.listRuns()) state.set(info.runId, infoVersion(info));
      return state;
    }
    let files: string[];
    try {
      files = await readdir(dir);
    } catch {
      return state; // No runs folder yet: nothing has run.
    }
    for (const file of files) {
      if (!file.endsWith(RUN_FILE)) continue;
      try {
        const stats = await stat(join(dir, file));
        state.set(file.slice(0, -RUN_FILE.length), `${stats.size}:${stats.mtimeMs}`);
      } catch {
        // Removed between readdir and stat.
      }
    }
    return state;
  }

  #watchDir(): void {
    const { dir } = this.#options;
    if (dir === undefined || this.#closed) return;
    try {
      this.#fsWatcher = watch(dir, { persistent: false }, () => this.#schedule());
      this.#fsWatcher.on('error', () => {
        this.#fsWatcher?.close();
        this.#fsWatcher = undefined;
      });
    } catch {
      this.#fsWatcher = undefined; // The folder does not exist yet: polling goes on and retries.
    }
  }
}
