import type { Case } from '../dataset/case.js';
import type { CaseSource } from '../dataset/dataset.js';
import type { WorkItem } from '../runner/types.js';

/**
 * Where the scheduler pulls work from: `next()` gives the next item, undefined at the end, or a promise
 * of either for a lazy (streamed) source. `close()` releases a source left before its end.
 */
export interface WorkSource {
  next(): WorkItem | undefined | Promise<WorkItem | undefined>;
  close(): Promise<void> | void;
}

/**
 * Expands cases x repeat into work items, lazily: items are made as the scheduler pulls them, so a
 * million-case source never exists as a million items. Order is case-major (case 1 runs 1..n, case 2...).
 */
export function planWorkItems(source: CaseSource, repeat: number): WorkSource {
  const cases = source.cases;
  if (Array.isArray(cases)) return new ArrayPlan(cases, repeat);
  if (Symbol.asyncIterator in cases)
    return new IteratorPlan((cases as AsyncIterable<Case>)[Symbol.asyncIterator](), repeat);
  return new IteratorPlan((cases as Iterable<Case>)[Symbol.iterator](), repeat);
}

/** The common case: an in-memory list, pulled without any per-item iterator objects. */
class ArrayPlan implements WorkSource {
  #caseIndex = 0;
  #run = 1;
  #index = 0;
  constructor(
    private readonly cases: readonly Case[],
    private readonly repeat: number,
  ) {}

  next(): WorkItem | undefined {
    if (this.#caseIndex >= this.cases.length) return undefined;
    const item = makeItem(
      this.cases[this.#caseIndex]!,
      this.#caseIndex,
      this.#run,
      this.repeat,
      this.#index++,
    );
    if (++this.#run > this.repeat) {
      this.#run = 1;
      this.#caseIndex++;
    }
    return item;
  }

  close(): void {}
}

/** A sync or async iterator of cases (streamed datasets); each case is read once and repeated. */
class IteratorPlan implements WorkSource {
  #current: Case | undefined;
  #caseIndex = -1;
  #run: number;
  #index = 0;
  #done = false;
  constructor(
    private readonly iterator: Iterator<Case> | AsyncIterator<Case>,
    private readonly repeat: number,
  ) {
    this.#run = repeat;
  }

  next(): WorkItem | undefined | Promise<WorkItem | undefined> {
    if (this.#done) return undefined;
    if (this.#run < this.repeat) return this.#emit();
    const step = this.iterator.next();
    return step instanceof Promise ? step.then((s) => this.#take(s)) : this.#take(step);
  }

  #take(step: IteratorResult<Case>): WorkItem | undefined {
    if (step.done) {
      this.#done = true;
      return undefined;
    }
    this.#current = step.value;
    this.#caseIndex++;
    this.#run = 0;
    return this.#emit();
  }

  #emit(): WorkItem {
    this.#run++;
    return makeItem(this.#current!, this.#caseIndex, this.#run, this.repeat, this.#index++);
  }

  async close(): Promise<void> {
    if (!this.#done) await this.iterator.return?.();
    this.#done = true;
  }
}

function makeItem(c: Case, caseIndex: number, run: number, repeat: number, index: number): WorkItem {
  const base = c.name === undefined || c.name === '' ? `Case ${caseIndex + 1}` : c.name;
  if (repeat === 1) return { index, case: c, caseName: base, sourceCaseName: undefined, probe: undefined };
  return { index, case: c, caseName: `${base} [${run}/${repeat}]`, sourceCaseName: base, probe: undefined };
}
