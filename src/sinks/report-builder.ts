import { AggregateAccumulator, CaseAccumulator } from '../report/aggregate.js';
import type { CaseResult, ReportCase, ReportCaseAggregate, ReportCaseFailure } from '../report/model.js';
import type { ReportSummary } from '../report/report.js';
import type { RunEvent, Sink } from '../stream/events.js';

/**
 * Collects case results for the final report. With `keepResults` it keeps every result at its plan
 * position (so the report is in dataset order whatever the completion order); without, it keeps only
 * running aggregates, and memory stays flat however many cases run.
 */
export class ReportBuilder implements Sink {
  readonly name = 'report';
  readonly events = ['run-start', 'case-end'] as const;
  readonly #keep: boolean;
  readonly #repeat: number;
  #ordered: (CaseResult | undefined)[] = [];
  #caseCount = 0;
  #failureCount = 0;
  #flat = new CaseAccumulator();
  #groups = new Map<string, { acc: CaseAccumulator; ended: number }>();
  #groupSummaries = new AggregateAccumulator();

  constructor(keepResults: boolean, repeat: number) {
    this.#keep = keepResults;
    this.#repeat = repeat;
  }

  onEvent(event: RunEvent): void {
    if (event.type === 'run-start') {
      // Sized up front when the total is known: results then land in place, in any completion order.
      if (this.#keep && event.total !== undefined) this.#ordered = new Array(event.total);
      return;
    }
    if (event.type !== 'case-end') return;
    if (event.failed) this.#failureCount++;
    else this.#caseCount++;
    if (this.#keep) this.#ordered[event.item.index] = event.result;
    else this.#aggregate(event.result, event.failed);
  }

  #aggregate(result: CaseResult, failed: boolean): void {
    if (this.#repeat === 1) {
      if (!failed) this.#flat.add(result as ReportCase);
      return;
    }
    const key = result.sourceCaseName ?? result.name;
    let group = this.#groups.get(key);
    if (!group) {
      group = { acc: new CaseAccumulator(), ended: 0 };
      this.#groups.set(key, group);
    }
    if (!failed) group.acc.add(result as ReportCase);
    if (++group.ended === this.#repeat) {
      this.#foldGroup(group.acc);
      this.#groups.delete(key);
    }
  }

  #foldGroup(acc: CaseAccumulator): void {
    if (acc.count > 0) this.#groupSummaries.add(acc.result());
  }

  /** The per-case lists, in plan order. */
  results(): { cases: ReportCase[]; failures: ReportCaseFailure[] } {
    const ordered = this.#ordered;
    // Every slot holds a case (as many cases as slots, no failures, one result per plan index): the
    // list is the case list as it is, with no pass over it.
    if (this.#failureCount === 0 && this.#caseCount === ordered.length) {
      return { cases: ordered as ReportCase[], failures: [] };
    }
    // Sized from the counts and walked by index: this runs once, unoptimized, over every result, where
    // an iterator (an object per step) and a growing array showed in the profile of large runs.
    const cases: ReportCase[] = new Array(this.#caseCount);
    const failures: ReportCaseFailure[] = [];
    let count = 0;
    for (let k = 0; k < ordered.length; k++) {
      const r = ordered[k];
      if (r === undefined) continue;
      if ('output' in r) cases[count++] = r;
      else failures.push(r);
    }
    cases.length = count;
    return { cases, failures };
  }

  /** The aggregates, for a report that keeps no per-case lists. */
  summary(): ReportSummary {
    let averages: ReportCaseAggregate | undefined;
    if (this.#repeat === 1) averages = this.#flat.count > 0 ? this.#flat.result() : undefined;
    else {
      for (const group of this.#groups.values()) this.#foldGroup(group.acc);
      this.#groups.clear();
      averages = this.#groupSummaries.count > 0 ? this.#groupSummaries.result() : undefined;
    }
    return { caseCount: this.#caseCount, failureCount: this.#failureCount, averages };
  }

  get keepsResults(): boolean {
    return this.#keep;
  }
}
