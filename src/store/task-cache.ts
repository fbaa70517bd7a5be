/**
 * @module
 * The task-output cache (`cache: { task: true }`): one small JSON file per (task name, task version,
 * inputs) under `<dataDir>/cache/task/`. A hit returns the stored output without calling the task; a miss
 * calls it and stores what it returned. Entries are written to a temporary file and renamed, so a reader
 * never sees half an entry; an entry that does not parse is a miss (and is overwritten).
 *
 * On a hit the case reports the stored output, the attributes and metrics the task recorded when it ran,
 * and an attribute `taskCache: { hit: true, taskDuration, createdAt }` (the original task duration). Its
 * own `taskDuration` is the time the lookup took. Outputs that do not survive JSON unchanged (Dates,
 * Maps, class instances, secrets that the scrubber masks) are never cached.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Task, TaskContext } from '../engine/options.js';
import { currentTaskRun, incrementEvalMetric, setEvalAttribute } from '../runner/task-run.js';
import { deepEqual } from '../util/deep-equal.js';
import { toJsonSafe } from '../util/json-safe.js';
import { encodeValue } from './codec.js';
import { jsonable } from './values.js';

const CACHE_FORMAT = 'typed-evals/task-cache';

export interface TaskCacheOptions {
  /** The cache folder (`<dataDir>/cache`). */
  dir: string;
  taskName: string;
  taskVersion: string | undefined;
  /** With repeat > 1, each run of a case (`q1 [2/3]`) has its own entry. */
  repeat: number;
}

interface CacheEntry {
  output: unknown;
  attributes?: Record<string, unknown>;
  metrics?: Record<string, number>;
  duration: number;
  createdAt: string;
}

/** The key of one task call: a SHA-256 over the task's identity and its inputs in a stable JSON form. */
export function taskCacheKey(
  taskName: string,
  taskVersion: string | undefined,
  inputs: unknown,
  run?: number,
) {
  const identity = [CACHE_FORMAT, 1, taskName, taskVersion ?? null, run ?? null];
  return createHash('sha256').update(JSON.stringify(identity)).update(stableJson(inputs)).digest('hex');
}

/** JSON with object keys sorted, so that `{a, b}` and `{b, a}` give the same key. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(toJsonSafe(value))) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/** The task, answering from the cache when it can. */
export function withTaskCache<I, O>(task: Task<I, O>, options: TaskCacheOptions): Task<I, O> {
  const root = join(options.dir, 'task');
  return async function cachedTask(inputs: I, ctx: TaskContext): Promise<O> {
    const run = options.repeat > 1 ? runNumber(ctx.caseName) : undefined;
    const key = taskCacheKey(options.taskName, options.taskVersion, inputs, run);
    const path = join(root, key.slice(0, 2), `${key}.json`);
    const hit = readEntry(path);
    if (hit) {
      for (const [name, value] of Object.entries(hit.attributes ?? {})) setEvalAttribute(name, value);
      for (const [name, value] of Object.entries(hit.metrics ?? {})) incrementEvalMetric(name, value);
      setEvalAttribute('taskCache', { hit: true, taskDuration: hit.duration, createdAt: hit.createdAt });
      return hit.output as O;
    }
    const start = performance.now();
    const output = await task(inputs, ctx);
    const duration = (performance.now() - start) / 1000;
    const current = currentTaskRun();
    writeEntry(path, output, duration, current?.attributes, current?.metrics);
    return output;
  };
}

function runNumber(caseName: string): number | undefined {
  const match = /\[(\d+)\/\d+\]$/.exec(caseName);
  return match ? Number(match[1]) : undefined;
}

function readEntry(path: string): CacheEntry | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const entry = JSON.parse(text) as Record<string, unknown>;
    if (entry.format !== CACHE_FORMAT || !('output' in entry)) return undefined;
    return entry as unknown as CacheEntry;
  } catch {
    return undefined;
  }
}

function writeEntry(
  path: string,
  output: unknown,
  duration: number,
  attributes: Record<string, unknown> | undefined,
  metrics: Record<string, number> | undefined,
): void {
  const outputText = encodeValue(output);
  if (!deepEqual(JSON.parse(outputText), output)) return;
  const entry = {
    format: CACHE_FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    duration,
    attributes: attributes && Object.keys(attributes).length > 0 ? jsonable(attributes) : undefined,
    metrics: metrics && Object.keys(metrics).length > 0 ? metrics : undefined,
  };
  const json = `${JSON.stringify(entry).slice(0, -1)},"output":${outputText}}\n`;
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, json);
    renameSync(temp, path);
  } catch {
    // Best effort: a cache that cannot be written is a cache that misses.
    rmSync(temp, { force: true });
  }
}
