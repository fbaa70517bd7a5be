import type { LimiterLike, ProgressEvent, ProgressListener } from '../engine/options.js';
import type { RunEvent, Sink } from '../stream/events.js';
import { nowMs } from '../util/clock.js';

/** Counts what the run did so far; the two progress sinks share it. */
class ProgressCounter {
  readonly limiters: readonly LimiterLike[];
  constructor(limiters: readonly LimiterLike[] = []) {
    this.limiters = limiters;
  }

  done = 0;
  failures = 0;
  inFlight = 0;
  /** Cases sleeping between two task attempts. */
  backingOff = 0;
  total: number | undefined;
  #start = nowMs();

  update(event: RunEvent): boolean {
    switch (event.type) {
      case 'run-start':
        this.total = event.total;
        this.#start = nowMs();
        return false;
      case 'case-start':
        this.inFlight++;
        return false;
      case 'attempt-retry':
        this.backingOff++;
        return false;
      case 'attempt-start':
        this.backingOff--;
        return false;
      case 'case-end':
        this.inFlight--;
        this.done++;
        if (event.failed) this.failures++;
        return true;
      default:
        return false;
    }
  }

  snapshot(caseName: string, status: ProgressEvent['status']): ProgressEvent {
    const elapsedSeconds = (nowMs() - this.#start) / 1000;
    const rate = elapsedSeconds > 0 ? this.done / elapsedSeconds : 0;
    const left = this.total === undefined ? undefined : this.total - this.done;
    const etaSeconds = left === undefined || rate === 0 ? undefined : left / rate;
    const { done, total, failures, inFlight, backingOff } = this;
    const queued = total === undefined ? undefined : Math.max(0, total - done - inFlight);
    const limiters = this.limiters.map((l) => {
      const { name, inFlight: running, queued: waiting, limit, throttledUntil } = l.stats();
      const pausedMs = throttledUntil === undefined ? 0 : Math.max(0, throttledUntil - Date.now());
      return { name, inFlight: running, queued: waiting, limit, pausedMs };
    });
    return {
      limiters,
      done,
      total,
      failures,
      inFlight,
      queued,
      backingOff,
      elapsedSeconds,
      rate,
      etaSeconds,
      caseName,
      status,
    };
  }
}

/** Calls the user's listener after each case; a listener that throws is reported once and ignored. */
export class ListenerProgress implements Sink {
  readonly name = 'progress listener';
  readonly #counter: ProgressCounter;
  readonly #listener: ProgressListener;
  #reported = false;

  constructor(listener: ProgressListener, limiters: readonly LimiterLike[] = []) {
    this.#counter = new ProgressCounter(limiters);
    this.#listener = listener;
  }

  onEvent(event: RunEvent): void {
    if (!this.#counter.update(event) || event.type !== 'case-end') return;
    try {
      this.#listener(this.#counter.snapshot(event.item.caseName, event.failed ? 'failure' : 'success'));
    } catch (error) {
      if (this.#reported) return;
      this.#reported = true;
      process.stderr.write(
        `typed-evals: the progress listener threw (further errors are ignored): ${String(error)}\n`,
      );
    }
  }
}

/** How often the live bar may redraw. */
const REDRAW_INTERVAL_MS = 100;

/** A one-line live bar on a TTY stream, redrawn at most every 100 ms, cleared at the end. */
export class TerminalProgress implements Sink {
  readonly name = 'progress bar';
  readonly #counter: ProgressCounter;
  readonly #stream: NodeJS.WriteStream;
  readonly #label: string;
  #timer: NodeJS.Timeout | undefined;
  #dirty = false;

  constructor(
    label: string,
    stream: NodeJS.WriteStream = process.stderr,
    limiters: readonly LimiterLike[] = [],
  ) {
    this.#counter = new ProgressCounter(limiters);
    this.#label = label;
    this.#stream = stream;
  }

  onEvent(event: RunEvent): void {
    this.#counter.update(event);
    if (event.type === 'run-start') {
      this.#timer = setInterval(() => this.#redraw(), REDRAW_INTERVAL_MS);
      this.#timer.unref();
      this.#dirty = true;
    } else if (event.type === 'run-end') {
      clearInterval(this.#timer);
      this.#stream.write('\r\x1b[2K');
    } else this.#dirty = true;
  }

  #redraw(): void {
    if (!this.#dirty) return;
    this.#dirty = false;
    const line = formatProgressLine(
      this.#label,
      this.#counter.snapshot('', 'success'),
      this.#stream.columns ?? 80,
    );
    this.#stream.write(`\r\x1b[2K${line}`);
  }
}

/** `label [#####.....] 412/1000 41% | 2 failed | 10 in flight | 35.2/s | ETA 17s`, cut to `width`. */
export function formatProgressLine(label: string, p: ProgressEvent, width: number): string {
  const parts: string[] = [];
  if (p.total !== undefined && p.total > 0) {
    const fraction = Math.min(1, p.done / p.total);
    const barWidth = 20;
    const filled = Math.round(fraction * barWidth);
    parts.push(
      `${label} [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${p.done}/${p.total} ${Math.floor(fraction * 100)}%`,
    );
  } else parts.push(`${label} ${p.done} done`);
  if (p.failures > 0) parts.push(`${p.failures} failed`);
  parts.push(`${p.inFlight} in flight`);
  if (p.backingOff > 0) parts.push(`${p.backingOff} backing off`);
  parts.push(`${p.rate.toFixed(1)}/s`);
  if (p.etaSeconds !== undefined) parts.push(`ETA ${formatEta(p.etaSeconds)}`);
  for (const l of p.limiters ?? []) {
    const limit = Number.isFinite(l.limit) ? `/${l.limit}` : '';
    const waiting = l.pausedMs > 0 ? `, waiting ${Math.ceil(l.pausedMs / 1000)} s` : '';
    parts.push(`${l.name} ${l.inFlight}${limit}${l.queued > 0 ? ` +${l.queued} queued` : ''}${waiting}`);
  }
  const line = parts.join(' | ');
  return line.length > width - 1 ? line.slice(0, Math.max(0, width - 1)) : line;
}

function formatEta(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${Math.ceil(seconds % 60)}s` : `${Math.floor(m / 60)}h${m % 60}m`;
}
