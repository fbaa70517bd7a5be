/**
 * @module
 * The judge-call cache: a judge whose model, prompt, output schema and settings are unchanged gets its
 * earlier grade back without a model call. Off by default; turn it on per judge (`cache: true` or a
 * JudgeCache) or for the process (`setJudgeCache(true)`). Entries hold only the parsed grade, the model
 * id and a timestamp: no prompt, no headers, no keys.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { OptionsError } from '../errors.js';
import type { PromptContent } from './content.js';

/** Where judge grades are kept. `get` returns undefined on a miss; both may throw (the judge ignores it). */
export interface JudgeCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, info: { model: string }): Promise<void>;
}

/** `cache` option of judges: `true` for the default file cache, `false` to turn a global cache off. */
export type JudgeCacheOption = boolean | JudgeCache;

/** The default cache folder, relative to the working directory. */
export const DEFAULT_JUDGE_CACHE_DIR = join('.typed-evals', 'cache', 'judge');

const ENTRY_VERSION = 1;

/**
 * A cache of one JSON file per entry, `<dir>/<key>.json`. Writes go to a temporary file that is then
 * renamed, so a reader never sees half an entry; an unreadable or corrupt entry counts as a miss.
 */
export class FileJudgeCache implements JudgeCache {
  readonly dir: string;
  #ready: Promise<unknown> | undefined;

  /** @param options.dir Folder of the entries. @default '.typed-evals/cache/judge' in the working directory */
  constructor(options: { dir?: string } = {}) {
    if (options.dir !== undefined && (typeof options.dir !== 'string' || options.dir.length === 0)) {
      throw new OptionsError(
        `FileJudgeCache: dir must be a non-empty string, got ${JSON.stringify(options.dir)}`,
      );
    }
    this.dir = resolve(options.dir ?? DEFAULT_JUDGE_CACHE_DIR);
  }

  async get(key: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.#file(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as { version?: unknown; output?: unknown };
      return entry?.version === ENTRY_VERSION ? entry.output : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: unknown, info: { model: string }): Promise<void> {
    this.#ready ??= mkdir(this.dir, { recursive: true });
    await this.#ready;
    const entry = {
      version: ENTRY_VERSION,
      model: info.model,
      createdAt: new Date().toISOString(),
      output: value,
    };
    const file = this.#file(key);
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(entry, null, 2)}\n`, 'utf8');
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      throw error;
    }
  }

  #file(key: string): string {
    if (!/^[a-f0-9]{16,128}$/.test(key)) throw new OptionsError(`FileJudgeCache: invalid key '${key}'`);
    return join(this.dir, `${key}.json`);
  }
}

let globalCache: JudgeCache | undefined;

/**
 * Turns the judge cache on for every judge without its own `cache` option: `true` for a FileJudgeCache
 * in `.typed-evals/cache/judge/`, a JudgeCache of your own, or `false` / `undefined` to turn it off.
 */
export function setJudgeCache(cache: JudgeCacheOption | undefined): void {
  globalCache = toJudgeCache(cache, 'setJudgeCache(cache)');
}

/** The process-wide judge cache, or undefined when off. */
export function getJudgeCache(): JudgeCache | undefined {
  return globalCache;
}

/** The cache a judge uses: its own option when given, else the global one. */
export function effectiveJudgeCache(option: JudgeCacheOption | undefined): JudgeCache | undefined {
  if (option === undefined) return globalCache;
  return option === true ? defaultFileCache() : option === false ? undefined : option;
}

let defaultCache: FileJudgeCache | undefined;
function defaultFileCache(): FileJudgeCache {
  defaultCache ??= new FileJudgeCache();
  return defaultCache;
}

/** Checks a `cache` option; returns the cache it stands for. */
export function toJudgeCache(option: unknown, where: string): JudgeCache | undefined {
  if (option === undefined || option === false || option === null) return undefined;
  if (option === true) return defaultFileCache();
  const candidate = option as Partial<JudgeCache>;
  if (typeof candidate.get === 'function' && typeof candidate.set === 'function') return option as JudgeCache;
  throw new OptionsError(
    `${where}: cache must be true, false or an object with get(key) and set(key, value), got ${typeof option}`,
  );
}

/** What a judge call's grade depends on. Headers and keys are never part of it. */
export interface CacheKeyParts {
  model: string;
  system: string;
  content: readonly PromptContent[];
  outputSchema: unknown;
  settings: Record<string, unknown>;
}

/** SHA-256 over the parts (media bytes included), as hex. */
export function judgeCacheKey(parts: CacheKeyParts): string {
  const hash = createHash('sha256');
  const field = (name: string, value: string | Uint8Array) => {
    hash.update(`${name}:${typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength}:`);
    hash.update(value);
  };
  field('v', String(ENTRY_VERSION));
  field('model', parts.model);
  field('system', parts.system);
  field('schema', JSON.stringify(parts.outputSchema));
  field('settings', JSON.stringify(parts.settings));
  for (const part of parts.content) {
    if (part.type === 'text') {
      field('text', part.text);
      continue;
    }
    field('media', JSON.stringify({ type: part.type, mediaType: part.mediaType, filename: part.filename }));
    field('data', mediaBytes(part.type === 'image' ? part.image : part.data));
  }
  return hash.digest('hex');
}

function mediaBytes(data: unknown): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof URL) return data.href;
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return JSON.stringify(data) ?? '';
}
