import type { RunEvent, Sink } from '../stream/events.js';
import type { RunWriter } from './types.js';

/**
 * Records each finished case in the run store as it ends. Cases carried over from a resumed run were
 * written when the run started, so their replayed events are passed over.
 */
export class StoreSink implements Sink {
  readonly name = 'run store';
  readonly events = ['case-end'] as const;
  readonly #writer: RunWriter;
  readonly #carried: ReadonlyMap<string, unknown> | undefined;

  /** `carried`: by report name, the cases copied into the run file when it started (a resume). */
  constructor(writer: RunWriter, carried?: ReadonlyMap<string, unknown>) {
    this.#writer = writer;
    this.#carried = carried;
  }

  onEvent(event: RunEvent): void {
    if (event.type !== 'case-end') return;
    if (this.#carried?.has(event.item.caseName)) return;
    this.#writer.append(event);
  }
}
