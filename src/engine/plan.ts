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
  if (Array.isArray(cases)) plan = new BatchPlan(cases, undefined, repeat);
  else if (typeof (cases as Partial<BatchedCases>).batches === 'function')
    plan = new BatchPlan([], (cases as BatchedCases).batches(), repeat);
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

/** A sync or async iterator of cases (streamed datasets); each case is read once and repeated. */
class IteratorPlan implements WorkSource {
  #current: Case | undefined;
  #caseIndex = -1;
  #run: number;
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
    return makeWorkItem(this.#current!, this.#caseIndex, this.#run, this.repeat);
  }

  async close(): Promise<void> {
    if (!this.#done) await this.iterator.return?.();
    this.#done = true;
  }
}

/**
 * Cases in arrays: an in-memory list (one batch, the common case, pulled without any per-item iterator
 * objects), or a streamed file's batches. Items come synchronously while the current batch lasts; only
 * the next batch of a stream costs a wait.
 */
class BatchPlan implements WorkSource {
  #batch: readonly Case[];
  #position = 0;
  #caseIndex = -1;
  #run: number;
  #done = false;
  /** `batches`: the ones after `first` (none for an in-memory list). */
  constructor(
    first: readonly Case[],
    private readonly batches: AsyncIterator<readonly Case[]> | undefined,
    private readonly repeat: number,
  ) {
    this.#batch = first;
    this.#run = repeat;
  }

  next(): WorkItem | undefined | Promise<WorkItem | undefined> {
    if (this.#run >= this.repeat) {
      if (this.#position >= this.#batch.length) return this.#nextBatch();
      this.#caseIndex++;
      this.#position++;
      this.#run = 0;
    }
    this.#run++;
    const c = this.#batch[this.#position - 1]!;
    return makeWorkItem(c, this.#caseIndex, this.#run, this.repeat);
  }

  #nextBatch(): undefined | Promise<WorkItem | undefined> {
    if (this.#done || !this.batches) {
      this.#done = true;
      return undefined;
    }
    return this.batches.next().then((step) => this.#refill(step));
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
    if (!this.#done) await this.batches?.return?.();
    this.#done = true;
  }
}

/**
 * Run `run` (1..repeat) of the case at `caseIndex`: its plan index (case-major) and report names. The
 * plans make their items with it, and resume and re-scoring name the items they carry over with it.
 */
export function makeWorkItem(c: Case, caseIndex: number, run: number, repeat: number): WorkItem {
  const label = caseLabel(c.name, caseIndex);
  const sourceCaseName = repeat === 1 ? undefined : label;
  const index = caseIndex * repeat + run - 1;
  return { index, case: c, caseName: runName(label, run, repeat), sourceCaseName, probe: undefined };
}
