/**
 * @module
 * Appends one run's lines to its file. A finished case is added to the current batch (case-batch.ts);
 * at the end of the event-loop turn the batch is written with one `writeSync`, so a case reaches the
 * kernel within a turn of finishing. A process killed with SIGKILL loses at most the cases of the turn
 * in progress (they are not recorded, and a resume runs them again); a crash in the middle of a write
 * leaves at most one cut last line, which readers ignore. `finish` writes the footer, then fsyncs and
 * closes the file without holding up the caller.
 */
import { close, closeSync, fsync, writeSync } from 'node:fs';
import type { ReportCaseAggregate } from '../report/model.js';
import { CaseBatch } from './case-batch.js';
import type { CaseEntry, RunFooter, RunWriter } from './types.js';

/** A batch this large is written at once instead of waiting for the end of the turn. */
const MAX_BATCH = 4096;

/** Runs this process is writing (a footer-less run of this process that is not here has crashed). */
const writing = new Set<string>();

export function isWriting(runId: string): boolean {
  return writing.has(runId);
}

export class JsonlRunWriter implements RunWriter {
  readonly runId: string;
  readonly path: string;
  #fd: number | undefined;
  readonly #batch: CaseBatch;
  #scheduled = false;
  #failed = false;
  readonly #onExit = () => this.#flush();

  /**
   * `fd` is open for writing (created with 'wx'); the header line is written here. `keepAverages`: keep
   * the footer's Averages row from the records (runs without repeats; see run-totals.ts).
   */
  constructor(runId: string, path: string, fd: number, headerLine: string, keepAverages = false) {
    this.#batch = new CaseBatch(keepAverages);
    this.runId = runId;
    this.path = path;
    this.#fd = fd;
    this.#write(`${headerLine}\n`);
    process.on('exit', this.#onExit);
    writing.add(runId);
  }

  append(entry: CaseEntry): void {
    if (this.#fd === undefined || this.#failed) return;
    if (this.#batch.add(entry) >= MAX_BATCH) this.#flush();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#flushSoon);
    }
  }

  readonly #flushSoon = () => {
    this.#scheduled = false;
    this.#flush();
  };

  #flush(): void {
    if (this.#batch.size === 0 || this.#fd === undefined) return;
    this.#write(this.#batch.drain());
  }

  /** The Averages row of the cases written so far, when kept (see the constructor). */
  averages(): ReportCaseAggregate | undefined {
    this.#flush();
    return this.#batch.averages();
  }

  finish(footer: RunFooter): void {
    if (this.#fd === undefined) return;
    this.#flush();
    this.#write(`${JSON.stringify({ t: 'footer', ...footer })}\n`);
    const fd = this.#detach();
    if (this.#failed) closeSync(fd);
    // fsync (so a finished run also survives a power loss) and close in the background.
    else fsync(fd, () => close(fd, () => {}));
  }

  /** Writes what is pending and closes the file without a footer. Idempotent. */
  close(): void {
    if (this.#fd === undefined) return;
    this.#flush();
    closeSync(this.#detach());
  }

  #detach(): number {
    const fd = this.#fd!;
    this.#fd = undefined;
    process.off('exit', this.#onExit);
    writing.delete(this.runId);
    return fd;
  }

  /** Writes all of `text`; on an error (disk full) warns once and stops recording, never breaking the run. */
  #write(text: string): void {
    if (this.#failed || this.#fd === undefined) return;
    try {
      const written = writeSync(this.#fd, text);
      // ASCII text: bytes = characters. Otherwise (or after a short write) write what is left.
      if (written !== text.length) this.#writeRest(text, written);
    } catch (error) {
      this.#failed = true;
      process.stderr.write(
        `typed-evals: could not write the run store file ${this.path} (${String(error)}); the run goes on unrecorded\n`,
      );
    }
  }

  #writeRest(text: string, written: number): void {
    const bytes = Buffer.from(text, 'utf8');
    let offset = written;
    while (offset < bytes.length) offset += writeSync(this.#fd!, bytes, offset, bytes.length - offset);
  }
}
