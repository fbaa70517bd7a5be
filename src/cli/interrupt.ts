/**
 * @module
 * Ctrl-C handling for `run`: the first SIGINT stops the run in progress (no new case starts, running
 * tasks see their signal abort) so that the partial report can still be printed; a second SIGINT exits
 * at once with code 130.
 */
import { EXIT } from './exit-codes.js';

/** Something that can be stopped: an ExperimentRun. */
export interface Abortable {
  abort(reason?: unknown): void;
}

export class InterruptHandler {
  #count = 0;
  #current: Abortable | undefined;
  readonly #onSignal = () => this.#interrupt();
  readonly #write: (text: string) => void;

  constructor(write: (text: string) => void = (text) => process.stderr.write(text)) {
    this.#write = write;
  }

  /** True once Ctrl-C was pressed: nothing new should start. */
  get interrupted(): boolean {
    return this.#count > 0;
  }

  install(): void {
    process.on('SIGINT', this.#onSignal);
  }

  uninstall(): void {
    process.off('SIGINT', this.#onSignal);
  }

  /** The run a Ctrl-C stops; undefined between runs. */
  track(run: Abortable | undefined): void {
    this.#current = run;
    if (run && this.interrupted) run.abort('interrupted (Ctrl-C)');
  }

  #interrupt(): void {
    this.#count++;
    if (this.#count > 1) {
      this.#write('\nInterrupted again: exiting now.\n');
      process.exit(EXIT.interrupted);
    }
    this.#write('\nInterrupted: no new case starts; waiting for running cases (Ctrl-C again to exit now).\n');
    this.#current?.abort('interrupted (Ctrl-C)');
  }
}
