import type { CaseResult } from '../report/model.js';
import type { WorkItem } from '../runner/types.js';

/**
 * What happened during a run, in order. Sinks (report builder, progress, stores) read these and never
 * touch the engine's state. Event objects are shared between sinks: treat them as read-only.
 */
export type RunEvent =
  | { type: 'run-start'; name: string; total: number | undefined; startedAt: number }
  /** A case took its slot; the time it waited in the queue is not part of its durations. */
  | { type: 'case-start'; item: WorkItem }
  /** Attempt `attempt` of a case's task failed and the case now sleeps `delayMs` before the next one. */
  | { type: 'attempt-retry'; item: WorkItem; attempt: number; delayMs: number; error: unknown }
  /** A retry attempt (2, 3, ...) of a case's task begins, after its backoff. */
  | { type: 'attempt-start'; item: WorkItem; attempt: number }
  | { type: 'case-end'; item: WorkItem; result: CaseResult; failed: boolean }
  | { type: 'run-end'; aborted: boolean };

export type RunEventType = RunEvent['type'];

/** A reader of run events. Hooks are called synchronously in event order; throwing is isolated. */
export interface Sink {
  readonly name: string;
  /** The event types this sink reads; all when omitted. Lets the engine skip making unread events. */
  readonly events?: readonly RunEventType[];
  onEvent(event: RunEvent): void;
}

/**
 * Fans events out to sinks. A sink that throws is reported once on stderr and gets no further events;
 * it never breaks the run or the other sinks.
 */
export class EventBus {
  #sinks: Sink[];

  constructor(sinks: Sink[]) {
    this.#sinks = sinks;
  }

  /** Whether any sink reads events of this type (the engine skips building the others on its hot path). */
  listens(type: RunEventType): boolean {
    return this.#sinks.some((s) => s.events === undefined || s.events.includes(type));
  }

  readonly emit = (event: RunEvent): void => {
    // Walked by index: this runs several times per case, and until the engine's code is optimized an
    // array iterator costs an object and a call per step.
    const sinks = this.#sinks;
    for (let k = 0; k < sinks.length; k++) {
      const sink = sinks[k]!;
      try {
        sink.onEvent(event);
      } catch (error) {
        this.#sinks = this.#sinks.filter((s) => s !== sink);
        process.stderr.write(`typed-evals: sink '${sink.name}' threw and was detached: ${String(error)}\n`);
      }
    }
  };
}
