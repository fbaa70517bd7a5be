/**
 * @module
 * The in-memory index of one run: every case record in file order, with what the case table sorts and
 * filters on computed once per record. Records are only ever appended (a run file grows), so a live run
 * is indexed incrementally. Sort orders are cached per key until the next record arrives.
 */
import type { ReportCase, ReportCaseFailure } from '../report/model.js';
import type { StoredCase } from '../store/types.js';
import type { CasePage, CaseRow, CaseStatus, ColumnSet, Histogram } from './api-types.js';
import { type CaseQuery, matchesQuery, pageOf, type SortKey, scoreOf } from './case-query.js';

/** What the table needs of a record, computed when the record is added. */
export interface IndexedCase {
  readonly id: number;
  readonly stored: StoredCase;
  readonly status: CaseStatus;
  readonly nameKey: string;
  readonly assertionsPassed: number;
  readonly assertionsTotal: number;
  readonly evaluatorFailures: number;
  readonly durationSeconds: number | null;
}

const PREVIEW_CHARS = 240;
const HISTOGRAM_BINS = 10;
const STATUS_RANK: Record<CaseStatus, number> = { error: 0, fail: 1, pass: 2 };
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export class RunIndex {
  readonly #cases: IndexedCase[] = [];
  readonly #columns = { scores: new Set<string>(), labels: new Set<string>(), assertions: new Set<string>() };
  readonly #metrics = new Set<string>();
  readonly #orders = new Map<string, Int32Array>();
  #ordersSize = 0;

  get size(): number {
    return this.#cases.length;
  }

  add(stored: StoredCase): IndexedCase {
    const indexed = indexCase(this.#cases.length, stored);
    this.#cases.push(indexed);
    if (!stored.failed) {
      const result = stored.result as ReportCase;
      for (const key in result.scores) this.#columns.scores.add(key);
      for (const key in result.labels) this.#columns.labels.add(key);
      for (const key in result.assertions) this.#columns.assertions.add(key);
      for (const key in result.metrics) this.#metrics.add(key);
    }
    return indexed;
  }

  get(id: number): IndexedCase | undefined {
    return Number.isInteger(id) && id >= 0 ? this.#cases[id] : undefined;
  }

  cases(): readonly IndexedCase[] {
    return this.#cases;
  }

  columns(): ColumnSet {
    return {
      scores: [...this.#columns.scores],
      labels: [...this.#columns.labels],
      assertions: [...this.#columns.assertions],
      metrics: [...this.#metrics],
    };
  }

  counts(): Record<CaseStatus, number> {
    const counts: Record<CaseStatus, number> = { pass: 0, fail: 0, error: 0 };
    for (const c of this.#cases) counts[c.status]++;
    return counts;
  }

  evaluatorFailureCount(): number {
    let total = 0;
    for (const c of this.#cases) total += c.evaluatorFailures;
    return total;
  }

  /** Passing assertions / all assertions over the indexed cases; null when none ran. */
  passRate(): number | null {
    let passed = 0;
    let total = 0;
    for (const c of this.#cases) {
      passed += c.assertionsPassed;
      total += c.assertionsTotal;
    }
    return total === 0 ? null : passed / total;
  }

  /** The plain mean of each score over the cases that have it. */
  meanScores(): Record<string, number> {
    const means: Record<string, number> = {};
    for (const name of this.#columns.scores) {
      const values = this.#scoreValues(name);
      if (values.length > 0) means[name] = values.reduce((a, b) => a + b, 0) / values.length;
    }
    return means;
  }

  histograms(): Histogram[] {
    return [...this.#columns.scores].map((name) => histogram(name, this.#scoreValues(name)));
  }

  /** One page of the cases that match `query`, in its sort order. */
  query(query: CaseQuery): CasePage {
    const order = this.#order(query.sort);
    const matching: number[] = [];
    const walk = (id: number) => {
      if (matchesQuery(this.#cases[id]!, query)) matching.push(id);
    };
    if (query.order === 'asc') for (let i = 0; i < order.length; i++) walk(order[i]!);
    else for (let i = order.length - 1; i >= 0; i--) walk(order[i]!);
    if (query.order === 'desc') moveMissingLast(matching, (id) => this.#sortValue(query.sort, id) === null);
    const { page, pageCount, items } = pageOf(matching, query.page, query.pageSize);
    return {
      total: matching.length,
      runTotal: this.#cases.length,
      page,
      pageSize: query.pageSize,
      pageCount,
      rows: items.map((id) => toRow(this.#cases[id]!)),
    };
  }

  /** Rows of the records from `from` on (at most `limit`). */
  rowsFrom(from: number, limit: number): CaseRow[] {
    return this.#cases.slice(from, from + limit).map(toRow);
  }

  #scoreValues(name: string): number[] {
    const values: number[] = [];
    for (const c of this.#cases) {
      const value = scoreOf(c, name);
      if (value !== null && Number.isFinite(value)) values.push(value);
    }
    return values;
  }

  /** Ids sorted ascending by `sort` (missing values last); cached until a record is added. */
  #order(sort: SortKey): Int32Array {
    if (this.#ordersSize !== this.#cases.length) {
      this.#orders.clear();
      this.#ordersSize = this.#cases.length;
    }
    let order = this.#orders.get(sort);
    if (!order) {
      order = Int32Array.from(this.#cases, (c) => c.id);
      if (sort !== 'id') order.sort(this.#comparator(sort));
      this.#orders.set(sort, order);
    }
    return order;
  }

  #comparator(sort: SortKey): (a: number, b: number) => number {
    if (sort === 'name') {
      return (a, b) => collator.compare(this.#cases[a]!.stored.name, this.#cases[b]!.stored.name) || a - b;
    }
    const values = Float64Array.from(this.#cases, (c) => this.#sortValue(sort, c.id) ?? Number.NaN);
    return (a, b) => {
      const x = values[a]!;
      const y = values[b]!;
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? a - b : 1) : -1;
      return x - y || a - b;
    };
  }

  #sortValue(sort: SortKey, id: number): number | null {
    const c = this.#cases[id]!;
    switch (sort) {
      case 'id':
      case 'name':
        return id;
      case 'index':
        return c.stored.index;
      case 'status':
        return STATUS_RANK[c.status];
      case 'duration':
        return c.durationSeconds;
      case 'assertions':
        return c.assertionsTotal === 0 ? null : c.assertionsPassed / c.assertionsTotal;
      default:
        return scoreOf(c, sort.slice('score:'.length));
    }
  }
}

function indexCase(id: number, stored: StoredCase): IndexedCase {
  if (stored.failed) {
    return {
      id,
      stored,
      status: 'error',
      nameKey: stored.name.toLowerCase(),
      assertionsPassed: 0,
      assertionsTotal: 0,
      evaluatorFailures: 0,
      durationSeconds: null,
    };
  }
  const result = stored.result as ReportCase;
  let passed = 0;
  let total = 0;
  for (const key in result.assertions) {
    total++;
    if (result.assertions[key]!.value === true) passed++;
  }
  return {
    id,
    stored,
    status: passed < total ? 'fail' : 'pass',
    nameKey: stored.name.toLowerCase(),
    assertionsPassed: passed,
    assertionsTotal: total,
    evaluatorFailures: result.evaluatorFailures.length,
    durationSeconds: Number.isFinite(result.taskDuration) ? result.taskDuration : null,
  };
}

export function toRow(c: IndexedCase): CaseRow {
  const scores: Record<string, number> = {};
  const labels: Record<string, string> = {};
  if (!c.stored.failed) {
    const result = c.stored.result as ReportCase;
    for (const key in result.scores) scores[key] = result.scores[key]!.value;
    for (const key in result.labels) labels[key] = result.labels[key]!.value;
  }
  return {
    id: c.id,
    index: c.stored.index,
    name: c.stored.name,
    status: c.status,
    scores,
    labels,
    assertionsPassed: c.assertionsPassed,
    assertionsTotal: c.assertionsTotal,
    evaluatorFailures: c.evaluatorFailures,
    durationSeconds: c.durationSeconds,
    preview: previewOf(c.stored),
  };
}

function previewOf(stored: StoredCase): string {
  const value = stored.failed
    ? (stored.result as ReportCaseFailure).errorMessage
    : (stored.result as ReportCase).output;
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

function histogram(name: string, values: number[]): Histogram {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  if (values.length === 0) return { name, min: 0, max: 1, counts: [], mean: Number.NaN, total: 0 };
  // Scores are usually in [0, 1]: keep that scale so that runs compare at a glance.
  if (min >= 0 && max <= 1) [min, max] = [0, 1];
  const bins = min === max ? 1 : HISTOGRAM_BINS;
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (const v of values) counts[width === 0 ? 0 : Math.min(bins - 1, Math.floor((v - min) / width))]!++;
  return { name, min, max, counts, mean: sum / values.length, total: values.length };
}

/** Moves the ids with a missing value to the end, keeping both groups' order. */
function moveMissingLast(ids: number[], missing: (id: number) => boolean): void {
  const present = ids.filter((id) => !missing(id));
  if (present.length === ids.length) return;
  const absent = ids.filter(missing);
  for (let i = 0; i < present.length; i++) ids[i] = present[i]!;
  for (let i = 0; i < absent.length; i++) ids[present.length + i] = absent[i]!;
}
