import { appendFileSync, mkdirSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { toJsonSafe } from '../util/json-safe.js';
import { type Flushable, registerFlushable, unregisterFlushable } from './background.js';
import { reportOnce } from './report-once.js';
import type { EvaluationSink, SinkPayload } from './types.js';

export interface JsonlFileSinkOptions {
  /**
   * Buffered lines are written at most this long after they were submitted.
   * @default 1000
   */
  flushIntervalMs?: number;
  /**
   * A buffer this large (in UTF-16 code units) is written at once.
   * @default 65536
   */
  maxBufferSize?: number;
}

/** One line of the file. */
export interface JsonlRecord {
  timestamp: string;
  target: string;
  spanReference: { traceId: string; spanId: string } | null;
  context: {
    inputs: unknown;
    output: unknown;
    metadata: unknown;
    duration: number;
    attributes: unknown;
    metrics: unknown;
  };
  results: unknown[];
  failures: unknown[];
}

/** Sinks with unwritten lines, written synchronously if the process exits before they are flushed. */
const unflushed = new Set<JsonlFileSink>();
let exitHookInstalled = false;

/**
 * Appends one JSON line per submitted payload to a file. `submit` only serialises and buffers: the file is
 * written in the background (after `flushIntervalMs`, when the buffer is large, on `flush()`, `close()`,
 * `waitForEvaluations()`, and synchronously at process exit). Values that JSON cannot hold are made
 * JSON-safe (a thrown error as `{ name, message }`).
 *
 * @example
 * configureOnlineEvaluation({ defaultSink: new JsonlFileSink('logs/evaluations.jsonl') });
 */
export class JsonlFileSink implements EvaluationSink, Flushable {
  readonly path: string;
  readonly #flushIntervalMs: number;
  readonly #maxBufferSize: number;
  #buffer = '';
  #timer: NodeJS.Timeout | undefined;
  /** The last write (never rejecting); writes never overlap, so lines keep their order. */
  #writing: Promise<void> = Promise.resolve();
  #dirReady = false;

  constructor(path: string, options: JsonlFileSinkOptions = {}) {
    if (typeof path !== 'string' || path.length === 0) {
      throw new TypeError(`JsonlFileSink: path must be a non-empty string, got ${String(path)}`);
    }
    this.path = path;
    this.#flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.#maxBufferSize = options.maxBufferSize ?? 65_536;
  }

  submit(payload: SinkPayload): void {
    this.#buffer += `${JSON.stringify(toRecord(payload))}\n`;
    if (!unflushed.has(this)) {
      unflushed.add(this);
      registerFlushable(this);
      installExitHook();
    }
    if (this.#buffer.length >= this.#maxBufferSize) void this.flush().catch(reportWriteError);
    else
      this.#timer ??= setTimeout(
        () => void this.flush().catch(reportWriteError),
        this.#flushIntervalMs,
      ).unref();
  }

  /** Writes every buffered line; resolves once they are in the file. */
  flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const text = this.#buffer;
    this.#buffer = '';
    unflushed.delete(this);
    unregisterFlushable(this);
    if (text.length === 0) return this.#writing;
    const write = this.#writing.then(() => this.#write(text));
    this.#writing = write.catch(() => undefined);
    return write;
  }

  /** Flushes; the sink can still be used afterwards (it holds no open file). */
  close(): Promise<void> {
    return this.flush();
  }

  async #write(text: string): Promise<void> {
    if (!this.#dirReady) {
      await mkdir(dirname(this.path), { recursive: true });
      this.#dirReady = true;
    }
    await appendFile(this.path, text, 'utf8');
  }

  /** Last resort at process exit: lines not yet handed to a write go out synchronously. */
  writeBufferSync(): void {
    const text = this.#buffer;
    this.#buffer = '';
    if (text.length === 0) return;
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, text, 'utf8');
  }
}

function toRecord(payload: SinkPayload): JsonlRecord {
  const ctx = payload.context;
  return toJsonSafe({
    timestamp: new Date().toISOString(),
    target: payload.target,
    spanReference: payload.spanReference ?? null,
    context: {
      inputs: ctx.inputs,
      output: ctx.output,
      metadata: ctx.metadata,
      duration: ctx.duration,
      attributes: ctx.attributes,
      metrics: ctx.metrics,
    },
    results: payload.results,
    failures: payload.failures,
  }) as JsonlRecord;
}

function reportWriteError(error: unknown): void {
  reportOnce('jsonl-write', 'JsonlFileSink could not write', error);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const sink of unflushed) {
      try {
        sink.writeBufferSync();
      } catch (error) {
        reportWriteError(error);
      }
    }
  });
}
