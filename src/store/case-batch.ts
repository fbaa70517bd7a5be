/**
 * @module
 * How finished cases become lines of a run file (docs/store.md has the format). The cases that finish in
 * one event-loop turn are written as ONE `cases` line in columns (`"i":[...]`, `"n":[...]`, `"o":[...]`,
 * ...): on the engine's hot path a case is only queued; at the end of the turn the queued cases' values
 * are written into plain arrays in one loop, and the columns are turned into JSON text by one native
 * `JSON.stringify` call per batch, several times cheaper than building a JSON line per case in
 * JavaScript. Evaluator specs, result slots (record key, result name, spec) and result shapes (the slots
 * a case has, in order) are defined once per run by `spec`, `slot` and `shape` lines
 * (result-columns.ts). Failed cases, rare, get a line each (`"t":"f"`).
 *
 * The column arrays live as long as the batch: each batch overwrites them from the start and they are
 * cut to its size when written (`array.length = 0` gives an array's memory back, and regrowing every
 * column for every batch cost more than filling it).
 */
import { scrub } from '../otel/attributes.js';
import type { CaseResult, ReportCase, ReportCaseAggregate, ReportCaseFailure } from '../report/model.js';
import type { WorkItem } from '../runner/types.js';
import { EMPTY_RECORD } from '../util/empty.js';
import { Definitions } from './definitions.js';
import { cut, ResultColumns } from './result-columns.js';
import { RunTotals } from './run-totals.js';
import type { CaseEntry } from './types.js';
import { jsonable } from './values.js';

/** The finished cases of one turn, in columns. */
export class CaseBatch {
  readonly #definitions = new Definitions();
  readonly #results = new ResultColumns(this.#definitions);
  /** The footer's averages, kept when asked for (runs without repeats). */
  readonly #totals: RunTotals | undefined;
  /**
   * Entries added since the last drain, not yet in the columns: their parts, in three arrays that keep
   * their room from batch to batch (a list emptied with `length = 0` gave its memory back and was
   * regrown, copy by copy, every batch). The entry object itself is not kept.
   */
  readonly #pendingItems: (WorkItem | undefined)[] = [];
  readonly #pendingResults: (CaseResult | undefined)[] = [];
  readonly #pendingFailed: boolean[] = [];
  #pendingCount = 0;
  #size = 0;
  /** The plan index of the batch's first case, and whether the others follow it in order. */
  #firstIndex = 0;
  #inOrder = true;
  /** Every case's plan index, once one ended out of order. */
  #index: number[] = [];
  /** One value per case, at the case's position in the batch. */
  readonly #name: string[] = [];
  readonly #inputs: unknown[] = [];
  readonly #output: unknown[] = [];
  readonly #taskNs: number[] = [];
  readonly #totalNs: number[] = [];
  readonly #shape: number[] = [];
  /** Columns few runs use, null where a case has no value; left out when no case of the batch has one. */
  readonly #expected: unknown[] = [];
  readonly #source: unknown[] = [];
  readonly #metadata: unknown[] = [];
  #hasExpected = false;
  #hasSource = false;
  #hasMetadata = false;
  /** `position, { rare fields }` pairs. */
  #extras: unknown[] | undefined;
  #failures: string[] = [];

  constructor(keepTotals = false) {
    this.#totals = keepTotals ? new RunTotals() : undefined;
  }

  /** The Averages row of every case written so far; undefined when not kept (or no case succeeded). */
  averages(): ReportCaseAggregate | undefined {
    const keys = this.#definitions.slotKeys;
    return this.#totals?.result((slot) => keys[slot]!);
  }

  /** Finished cases (and failures) waiting to be written. */
  get size(): number {
    return this.#pendingCount;
  }

  /**
   * Keeps the entry; its values are taken into the columns by `drain`, in one tight loop over the turn's
   * cases rather than a few at a time between the engine's own work (measured cheaper that way).
   * Returns the number of entries waiting.
   */
  add(entry: CaseEntry): number {
    const k = this.#pendingCount++;
    this.#pendingItems[k] = entry.item;
    this.#pendingResults[k] = entry.result;
    this.#pendingFailed[k] = entry.failed;
    return this.#pendingCount;
  }

  /** The text to write (definition lines, the cases line, failure lines, each ending with a newline); empties the batch. */
  drain(): string {
    const count = this.#pendingCount;
    const items = this.#pendingItems;
    const results = this.#pendingResults;
    const failed = this.#pendingFailed;
    // Set here, not in #addCase on its first case: a branch taken once per batch has no type feedback
    // when #addCase is first optimized (within the first batch), and taking it then deoptimizes it.
    this.#firstIndex = firstSuccessIndex(items, failed, count);
    for (let k = 0; k < count; k++) {
      const item = items[k]!;
      const result = results[k]!;
      items[k] = undefined;
      results[k] = undefined;
      if (failed[k]) this.#failures.push(this.#failureLine(item, result as ReportCaseFailure));
      else this.#addCase(result as ReportCase, item);
    }
    this.#pendingCount = 0;
    const definitions = this.#definitions.lines;
    let text = definitions.length > 0 ? `${definitions.join('\n')}\n` : '';
    definitions.length = 0;
    if (this.#size > 0) text += `${this.#casesLine()}\n`;
    if (this.#failures.length > 0) text += `${this.#failures.join('\n')}\n`;
    this.#reset();
    return text;
  }

  /** The hot path of a stored run: one successful case into the columns, with as few calls as it can. */
  #addCase(c: ReportCase, item: WorkItem): void {
    const position = this.#size++;
    const index = item.index;
    if (!this.#inOrder || index !== this.#firstIndex + position) this.#addIndex(index, position);
    this.#name[position] = c.name;
    // Numbers, the common inputs and outputs of fast runs, skip the generic conversion.
    const { inputs, output, expectedOutput } = c;
    this.#inputs[position] = typeof inputs === 'number' ? inputs : jsonable(inputs);
    this.#output[position] = typeof output === 'number' ? output : jsonable(output);
    if (expectedOutput === undefined) this.#expected[position] = null;
    else {
      this.#expected[position] =
        typeof expectedOutput === 'number' ? expectedOutput : jsonable(expectedOutput);
      this.#hasExpected = true;
    }
    this.#source[position] = c.sourceCaseName === undefined ? null : jsonable(c.sourceCaseName);
    if (c.sourceCaseName !== undefined) this.#hasSource = true;
    this.#metadata[position] = c.metadata === undefined ? null : jsonable(c.metadata);
    if (c.metadata !== undefined) this.#hasMetadata = true;
    this.#taskNs[position] = Math.round(c.taskDuration * 1e9);
    this.#totalNs[position] = Math.round(c.totalDuration * 1e9);
    this.#shape[position] = this.#results.add(c, position);
    if (
      item.case.evaluators.length > 0 ||
      c.metrics !== EMPTY_RECORD ||
      c.attributes !== EMPTY_RECORD ||
      c.evaluatorFailures.length > 0 ||
      c.teardownError !== undefined ||
      c.traceId !== undefined ||
      c.spanId !== undefined
    ) {
      this.#addExtras(c, item, position);
    }
  }

  /** Cases that end in plan order (most fast runs) need only the first index; the list is made otherwise. */
  #addIndex(index: number, position: number): void {
    if (this.#inOrder) {
      this.#inOrder = false;
      this.#index = Array.from({ length: position }, (_, k) => this.#firstIndex + k);
    }
    this.#index.push(index);
  }

  /** The fields few cases have, as one object at the case's position (none when all are empty). */
  #addExtras(c: ReportCase, item: WorkItem, position: number): void {
    const own = item.case.evaluators;
    const extras: Record<string, unknown> = {};
    if (own.length > 0) extras.ce = own.map((e) => this.#definitions.spec(e.toSpec()));
    if (c.teardownError !== undefined) extras.te = scrub(c.teardownError);
    if (c.traceId !== undefined) extras.tr = c.traceId;
    if (c.spanId !== undefined) extras.sp = c.spanId;
    if (hasKeys(c.metrics)) extras.m = jsonable(c.metrics);
    if (hasKeys(c.attributes)) extras.a = jsonable(c.attributes);
    if (c.evaluatorFailures.length > 0) {
      extras.ef = jsonable(
        c.evaluatorFailures.map((f) => ({ ...f, source: this.#definitions.spec(f.source) })),
      );
    }
    if (!hasKeys(extras)) return;
    this.#extras ??= [];
    this.#extras.push(position, extras);
  }

  #failureLine(item: WorkItem, f: ReportCaseFailure): string {
    const own = item.case.evaluators;
    return JSON.stringify({
      t: 'f',
      i: item.index,
      n: f.name,
      s: f.sourceCaseName,
      in: jsonable(f.inputs),
      ex: f.expectedOutput === undefined ? undefined : jsonable(f.expectedOutput),
      md: f.metadata === undefined ? undefined : jsonable(f.metadata),
      ce: own.length > 0 ? own.map((e) => this.#definitions.spec(e.toSpec())) : undefined,
      te: f.teardownError === undefined ? undefined : scrub(f.teardownError),
      tr: f.traceId,
      sp: f.spanId,
      err: scrub(f.errorMessage),
      stack: scrub(f.errorStack),
    });
  }

  /** One native JSON.stringify over the columns (undefined optional columns are left out); keeps the totals. */
  #casesLine(): string {
    const size = this.#size;
    const shapes = cut(this.#shape, size);
    const taskNs = cut(this.#taskNs, size);
    const totalNs = cut(this.#totalNs, size);
    const results = this.#results.take();
    const sameShape = isSame(shapes);
    const line = JSON.stringify({
      t: 'cases',
      i: this.#inOrder ? this.#firstIndex : this.#index,
      n: cut(this.#name, size),
      s: this.#hasSource ? cut(this.#source, size) : undefined,
      in: cut(this.#inputs, size),
      ex: this.#hasExpected ? cut(this.#expected, size) : undefined,
      md: this.#hasMetadata ? cut(this.#metadata, size) : undefined,
      o: cut(this.#output, size),
      td: taskNs,
      tt: totalNs,
      // One shape for the whole batch: one id.
      rs: sameShape ? shapes[0] : shapes,
      rb: results.booleans,
      rn: results.numbers,
      rl: results.strings.length > 0 ? results.strings : undefined,
      why: results.reasons,
      x: this.#extras,
    });
    this.#totals?.add(
      { taskNs, totalNs, shapes, sameShape, ...results, extras: this.#extras },
      (shape) => this.#definitions.shapeEntries[shape]!,
    );
    return line;
  }

  /** Empties the batch, keeping the column arrays (and their room) for the next one. */
  #reset(): void {
    this.#size = 0;
    this.#inOrder = true;
    this.#hasExpected = false;
    this.#hasSource = false;
    this.#hasMetadata = false;
    this.#results.clear();
    this.#extras = undefined;
    this.#failures = [];
  }
}

/** The plan index of the first entry that is not a failure (the first case of the columns). */
function firstSuccessIndex(
  items: readonly (WorkItem | undefined)[],
  failed: readonly boolean[],
  count: number,
): number {
  for (let k = 0; k < count; k++) if (!failed[k]) return items[k]!.index;
  return 0;
}

function isSame(values: readonly number[]): boolean {
  const first = values[0];
  for (let k = 1; k < values.length; k++) if (values[k] !== first) return false;
  return true;
}

function hasKeys(record: object): boolean {
  if (record === EMPTY_RECORD) return false;
  for (const _ in record) return true;
  return false;
}
