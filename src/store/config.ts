/**
 * @module
 * Where the store and the cache live: the `store` / `dataDir` options, `TYPED_EVALS_DATA_DIR`, or
 * `.typed-evals` in the working directory. Also the JSON-safe copy of the options kept in a run header.
 */
import { resolve } from 'node:path';
import { isStore, type RunOptions } from '../engine/options.js';
import { JsonlStore } from './jsonl-store.js';
import type { Store } from './types.js';
import { jsonable } from './values.js';

export const DEFAULT_DATA_DIR = '.typed-evals';

/** The data folder: the option given, else TYPED_EVALS_DATA_DIR, else `.typed-evals` here. Absolute. */
export function resolveDataDir(dataDir?: string): string {
  return resolve(dataDir || process.env.TYPED_EVALS_DATA_DIR || DEFAULT_DATA_DIR);
}

/** The data folder named by run options (`store: { dataDir }` or `dataDir`). */
export function dataDirOf(options: Pick<RunOptions, 'store' | 'dataDir'>): string {
  const { store } = options;
  const fromStore =
    typeof store === 'object' && store !== null && !isStore(store) ? store.dataDir : undefined;
  return resolveDataDir(fromStore ?? options.dataDir);
}

/** The store the options ask for; `resume` alone means the default store. Undefined: no store. */
export function resolveStore(options: Pick<RunOptions, 'store' | 'dataDir' | 'resume'>): Store | undefined {
  const { store } = options;
  if (isStore(store)) return store;
  if (store === false || (store === undefined && options.resume === undefined)) return undefined;
  return new JsonlStore(dataDirOf(options));
}

const NOT_KEPT = new Set(['signal', 'progress', 'lifecycle', 'store', 'metadata', 'name']);

/** The options as plain data: no functions, no signal or store object, secrets scrubbed. */
export function headerOptions(options: RunOptions): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!NOT_KEPT.has(key) && value !== undefined) kept[key] = value;
  }
  if (typeof options.lifecycle === 'function') kept.lifecycle = options.lifecycle.name || 'anonymous';
  return jsonable(kept) as Record<string, unknown>;
}
