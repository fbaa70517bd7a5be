/** Cells of the plain (non-diff) table: results, assertion marks, failures, durations, averages. */
import type { EvaluationResult, EvaluatorFailure, ReportCaseAggregate } from '../model.js';
import { formatDuration, formatNumber, formatPercentage } from './numbers.js';
import type { Glyphs } from './style.js';
import { type Cell, type Line, type Span, span } from './text.js';
import { blankCell, emptyCell, labelDistribution, trimCell } from './values.js';

export interface Entry {
  name: string;
  text: string;
  reason?: string | undefined;
}

/** Entries of evaluation results (scores, labels), in the case's order. */
export function resultEntries<V extends string | number | boolean>(
  results: Record<string, EvaluationResult<V>>,
  format: (value: V) => string,
): Entry[] {
  const entries: Entry[] = [];
  for (const key in results) {
    const result = results[key]!;
    entries.push({ name: key, text: format(result.value), reason: result.reason });
  }
  return entries;
}

/** Entries of plain values (metrics, averages). */
export function valueEntries<V>(values: Record<string, V>, format: (value: V) => string): Entry[] {
  const entries: Entry[] = [];
  for (const key in values) entries.push({ name: key, text: format(values[key]!) });
  return entries;
}

/** `name: value` lines, each followed by its reason when asked for; `-` when there are none. */
export function entriesCell(entries: readonly Entry[], reasons: boolean): Cell {
  if (entries.length === 0) return emptyCell();
  const lines: Cell = [];
  for (const entry of entries) {
    lines.push([span(`${entry.name}: ${entry.text}`)]);
    if (reasons && entry.reason) lines.push(...reasonLines(entry.reason), []);
  }
  return reasons ? trimCell(lines) : lines;
}

function reasonLines(reason: string): Line[] {
  return reason.split(/\r?\n/).map((text, i) => [span(i === 0 ? `  Reason: ${text}` : `  ${text}`)]);
}

export function passMark(passed: boolean, glyphs: Glyphs): Span {
  return passed ? span(glyphs.pass, 'green') : span(glyphs.fail, 'red');
}

/** `✔✔✗` on one line; with reasons, one `name: ✔` line per assertion followed by its reason. */
export function assertionsCell(
  assertions: Record<string, EvaluationResult<boolean>>,
  reasons: boolean,
  glyphs: Glyphs,
): Cell {
  const results = Object.values(assertions);
  if (results.length === 0) return emptyCell();
  if (!reasons) return [results.map((a) => passMark(a.value, glyphs))];
  const lines: Cell = [];
  for (const a of results) {
    lines.push([span(`${a.name}: `), passMark(a.value, glyphs)]);
    if (a.reason) lines.push(...reasonLines(a.reason), []);
  }
  return trimCell(lines);
}

/** `100.0% ✔` (the check shows whatever the rate), or blank when no case had an assertion. */
export function assertionRateCell(rate: number | null, glyphs: Glyphs): Cell {
  if (rate === null) return blankCell();
  return [[span(`${formatPercentage(rate)} `), span(glyphs.pass, 'green')]];
}

/** `Name: message` lines (name in red); a teardown error is listed as `Teardown`. */
export function evaluatorFailuresCell(failures: readonly EvaluatorFailure[], teardownError?: string): Cell {
  const entries = failures.map((f) => [f.name, f.errorMessage] as const);
  if (teardownError) entries.push(['Teardown', teardownError]);
  if (entries.length === 0) return emptyCell();
  const lines: Cell = [];
  for (const [name, message] of entries) {
    const [first = '', ...rest] = message.split(/\r?\n/);
    lines.push(message ? [span(name, 'red'), span(`: ${first}`)] : [span(name, 'red')]);
    for (const more of rest) lines.push([span(more)]);
  }
  return lines;
}

export interface Durations {
  taskDuration: number;
  totalDuration: number;
}

/** The task duration alone, or `task: …` and `total: …` lines. */
export function durationsCell(d: Durations, includeTotal: boolean, glyphs: Glyphs): Cell {
  const task = formatDuration(d.taskDuration, glyphs.micro);
  if (!includeTotal) return [[span(task)]];
  return [[span(`task: ${task}`)], [span(`total: ${formatDuration(d.totalDuration, glyphs.micro)}`)]];
}

/** The cells of the Averages row for the evaluator columns. */
export function aggregateScores(a: ReportCaseAggregate): Cell {
  return entriesCell(valueEntries(a.scores, formatNumber), false);
}

export function aggregateLabels(a: ReportCaseAggregate): Cell {
  return entriesCell(valueEntries(a.labels, labelDistribution), false);
}

export function aggregateMetrics(a: ReportCaseAggregate): Cell {
  return entriesCell(valueEntries(a.metrics, formatNumber), false);
}
