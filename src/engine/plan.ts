import type { Case } from '../dataset/case.js';
import type { BatchedCases, CaseSource } from '../dataset/dataset.js';
import type { WorkItem } from '../runner/types.js';
import { caseLabel, runName } from '../util/case-names.js';

/**
 * Where the scheduler pulls work from: `next()` gives the next item, undefined at the end, or a promise
 * of either for a lazy (streamed) source. `close()` releases a source left before its end.
 */
export interface WorkSource {
  next(): WorkItem | undefined | Promise<WorkItem | undefined>;
  close(): Promise<void> | void;
}

/**
 * Items a resumed run does not run again (they finished in the stored run). The plan hands each one to
 * `onSkip` when it is pulled, in plan order, so the caller can report its stored result in its place.
 */
export interface PlanSkip {
  skips(caseName: string): boolean;
  onSkip(item: WorkItem): void;
}

/**
 * Expands cases x repeat into work items, lazily: items are made as the scheduler pulls them, so a
 * million-case source never exists as a million items. Order is case-major (case 1 runs 1..n, case 2...).
 */
export function planWorkItems(source: CaseSource, repeat: number, skip?: PlanSkip): WorkSource {
  const cases = source.cases;
  let plan: WorkSource;
  if (Array.isArray(cases)) plan = new ArrayPlan(cases, repeat);
  else if (typeof (cases as Partial<BatchedCases>).batches === 'function')
    plan = new BatchPlan((cases as BatchedCases).batches(), repeat);
  else if (Symbol.asyncIterator in cases)
    plan = new IteratorPlan((cases as AsyncIterable<Case>)[Symbol.asyncIterator](), repeat);
  else plan = new IteratorPlan((cases as Iterable<Case>)[Symbol.iterator](), repeat);
  return skip ? new SkippingPlan(plan, skip) : plan;
}

/** Passes over the items `skip` names; the plan itself (and a run without skips) is unchanged. */
class SkippingPlan implements WorkSource {
  constructor(
    private readonly inner: WorkSource,
    private readonly skip: PlanSkip,
  ) {}

  next(): WorkItem | undefined | Promise<WorkItem | undefined> {
    for (;;) {
      const next = this.inner.next();
      if (next instanceof Promise) return next.then((item) => this.#afterWait(item));
      if (next === undefined || !this.skip.skips(next.caseName)) return next;
      this.skip.onSkip(next);
    }
  }

  #afterWait(item: WorkItem | undefined): WorkItem | undefined | Promise<WorkItem | undefined> {
    if (item === undefined || !this.skip.skips(item.caseName)) return item;
    this.skip.onSkip(item);
    return this.next();
  }

  close(): Promise<void> | void {
    return this.inner.close();
  }
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

/**
 * Cases that arrive in batches (a streamed file): items come synchronously while the current batch
 * lasts, and only an empty batch costs a wait.
 */
class BatchPlan implements WorkSource {
  #batch: readonly Case[] = [];
  #position = 0;
  #caseIndex = -1;
  #run: number;
  #index = 0;
  #done = false;
  constructor(
    private readonly batches: AsyncIterator<readonly Case[]>,
    private readonly repeat: number,
  ) {
    this.#run = repeat;
  }

  next(): WorkItem | undefined | Promise<WorkItem | undefined> {
    if (this.#done) return undefined;
    if (this.#run >= this.repeat) {
      if (this.#position >= this.#batch.length) return this.batches.next().then((step) => this.#refill(step));
      this.#caseIndex++;
      this.#position++;
      this.#run = 0;
    }
    this.#run++;
    const c = this.#batch[this.#position - 1]!;
    return makeItem(c, this.#caseIndex, this.#run, this.repeat, this.#index++);
  }

  #refill(step: IteratorResult<readonly Case[]>): WorkItem | undefined | Promise<WorkItem | undefined> {
    if (step.done) {
      this.#done = true;
      return undefined;
    }
    this.#batch = step.value;
    this.#position = 0;
    return this.next();
  }

  async close(): Promise<void> {
    if (!this.#done) await this.batches.return?.();
    this.#done = true;
  }
}

function makeItem(c: Case, caseIndex: number, run: number, repeat: number, index: number): WorkItem {
  const label = caseLabel(c.name, caseIndex);
  const sourceCaseName = repeat === 1 ? undefined : label;
  return { index, case: c, caseName: runName(label, run, repeat), sourceCaseName, probe: undefined };
}
