/**
 * @module
 * Indexed runs kept in memory while their file does not change. A run is read through `Store.readRun`
 * once; when its file grows (a live run) only the new records are indexed; when it changes otherwise it
 * is indexed again. The least recently used runs are dropped above a budget of cached cases.
 */
import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { RunFooter, RunHeader, RunInfo, Store } from '../store/types.js';
import { RunIndex } from './run-index.js';

/** Where runs come from: the store, and the file of a run when the store keeps one per run. */
export interface RunSource {
  store: Store;
  /** The file of a run (JsonlStore), used to notice changes cheaply; undefined for other stores. */
  fileOf(runId: string): string | undefined;
}

export interface IndexedRun {
  runId: string;
  info: RunInfo;
  header: RunHeader;
  footer: RunFooter | undefined;
  index: RunIndex;
  /** Changes whenever the run's file (or, for other stores, its info) changes. */
  version: string;
}

interface Fingerprint {
  key: string;
  /** File size; -1 when unknown. */
  size: number;
}

export interface RunCacheOptions {
  /** Cases kept in memory across cached runs before the least recently used runs are dropped. */
  maxCachedCases?: number;
}

const DEFAULT_MAX_CACHED_CASES = 1_000_000;

export class RunCache {
  readonly #source: RunSource;
  readonly #maxCases: number;
  readonly #runs = new Map<string, IndexedRun & { size: number }>();
  readonly #pending = new Map<string, Promise<IndexedRun>>();

  constructor(source: RunSource, options: RunCacheOptions = {}) {
    this.#source = source;
    this.#maxCases = options.maxCachedCases ?? DEFAULT_MAX_CACHED_CASES;
  }

  /** The run, indexed and up to date. Throws the store's RUN_NOT_FOUND error for an unknown id. */
  get(runId: string): Promise<IndexedRun> {
    const pending = this.#pending.get(runId);
    if (pending) return pending;
    const refresh = this.#refresh(runId).finally(() => this.#pending.delete(runId));
    this.#pending.set(runId, refresh);
    return refresh;
  }

  /** The cached run if any, without checking its file. */
  peek(runId: string): IndexedRun | undefined {
    return this.#runs.get(runId);
  }

  /** A version key of the run as it is now (cheap for file-backed stores). */
  async version(runId: string): Promise<string> {
    return (await this.#fingerprint(runId)).key;
  }

  async #refresh(runId: string): Promise<IndexedRun> {
    const fingerprint = await this.#fingerprint(runId);
    const cached = this.#runs.get(runId);
    if (cached && cached.version === fingerprint.key) {
      // A run whose writer died without a footer: nothing in the file says so.
      if (cached.info.status === 'running' && !writerAlive(cached.header)) {
        cached.info = { ...cached.info, status: 'crashed' };
      }
      this.#touch(runId, cached);
      return cached;
    }
    const run = await this.#source.store.readRun(runId);
    // A footer-less run whose file grew: its first records are unchanged, index only the new ones.
    const grows = cached !== undefined && cached.footer === undefined && fingerprint.size >= cached.size;
    const index = grows ? cached.index : new RunIndex();
    let skip = index.size;
    for await (const stored of run.cases()) {
      if (skip > 0) skip--;
      else index.add(stored);
    }
    const entry = {
      runId,
      info: run.info,
      header: run.header,
      footer: run.footer,
      index,
      version: fingerprint.key,
      size: fingerprint.size,
    };
    this.#touch(runId, entry);
    this.#evict(runId);
    return entry;
  }

  async #fingerprint(runId: string): Promise<Fingerprint> {
    const file = this.#source.fileOf(runId);
    if (file !== undefined) {
      try {
        const stats = await stat(file);
        return { key: `${stats.size}:${stats.mtimeMs}:${stats.ino}`, size: stats.size };
      } catch {
        // Let the store say that the run does not exist (it throws its RUN_NOT_FOUND error).
      }
    }
    const { info } = await this.#source.store.readRun(runId);
    return { key: infoVersion(info), size: -1 };
  }

  #touch(runId: string, entry: IndexedRun & { size: number }): void {
    this.#runs.delete(runId);
    this.#runs.set(runId, entry);
  }

  /** Drops the least recently used runs (never `keep`) while the cached cases exceed the budget. */
  #evict(keep: string): void {
    let total = 0;
    for (const run of this.#runs.values()) total += run.index.size;
    for (const [runId, run] of this.#runs) {
      if (total <= this.#maxCases) break;
      if (runId === keep) continue;
      this.#runs.delete(runId);
      total -= run.index.size;
    }
  }
}

/** A version key of a run from its info alone (a store without a file per run). */
export function infoVersion(info: RunInfo): string {
  return `${info.status}:${info.caseCount}:${info.failureCount}:${info.endedAt}`;
}

/** Whether the process that writes a footer-less run still runs (as the store decides it: same host only). */
function writerAlive(header: RunHeader): boolean {
  if (header.host !== hostname() || typeof header.pid !== 'number') return false;
  if (header.pid === process.pid) return true;
  try {
    process.kill(header.pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
