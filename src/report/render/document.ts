/**
 * Builds the blocks of a rendered report (pydantic-evals' `EvaluationReport.print` order): the metadata
 * panel or title, the main table (or the diff against a baseline), analyses, report evaluator failures,
 * then the Case Failures table.
 */
import { deepEqual } from '../../util/deep-equal.js';
import { averageCases } from '../aggregate.js';
import type { ReportCase, ReportCaseFailure } from '../model.js';
import type { EvaluationReport } from '../report.js';
import { analysisBlocks } from './analyses.js';
import type { Block, ReportDocument } from './blocks.js';
import { type ColumnOptions, type ReportColumn, reportColumns } from './columns.js';
import type { Glyphs } from './style.js';
import type { Column, TableSpec } from './table.js';
import { type Cell, type Line, span, textCell } from './text.js';
import { emptyCell, valueCell, valueText } from './values.js';

export interface DocumentOptions extends ColumnOptions {
  baseline: EvaluationReport | undefined;
  includeRemovedCases: boolean;
  includeAverages: boolean;
  includeErrors: boolean;
  includeErrorStack: boolean;
  includeAnalyses: boolean;
}

export function buildDocument(report: EvaluationReport, options: DocumentOptions): ReportDocument {
  const { baseline, glyphs } = options;
  const title = baseline
    ? `Evaluation Diff: ${diffName(baseline.name, report.name, glyphs)}`
    : `Evaluation Summary: ${report.name}`;
  const fullTitle = report.aborted ? `${title} (aborted)` : title;
  const blocks: Block[] = [];
  const panel = baseline
    ? metadataDiffPanel(report, baseline, fullTitle, glyphs)
    : metadataPanel(report, fullTitle);
  if (panel) blocks.push(panel);
  const table = baseline ? diffTable(report, baseline, options) : summaryTable(report, options);
  if (!panel) table.title = fullTitle;
  blocks.push({ kind: 'table', table, main: true });
  if (options.includeAnalyses)
    for (const analysis of report.analyses) blocks.push(...analysisBlocks(analysis));
  if (options.includeEvaluatorFailures && report.reportEvaluatorFailures.length > 0) {
    blocks.push({
      kind: 'text',
      blankBefore: true,
      heading: [span('Report Evaluator Failures:', 'bold red')],
      lines: report.reportEvaluatorFailures.map((f) => [span(`  ${f.name}: ${f.errorMessage}`, 'red')]),
    });
  }
  if (options.includeErrors) blocks.push(...failureBlocks(report, options));
  return { title: fullTitle, blocks };
}

function diffName(baselineName: string, name: string, glyphs: Glyphs): string {
  return baselineName === name ? name : `${baselineName} ${glyphs.arrow} ${name}`;
}

// ---- Metadata panel ------------------------------------------------------------------------------------

function metadataPanel(report: EvaluationReport, title: string): Block | undefined {
  const metadata = report.experimentMetadata;
  if (!metadata || Object.keys(metadata).length === 0) return undefined;
  const lines = Object.entries(metadata).flatMap(([key, value]) =>
    textCell(`${key}: ${metaText(value)}`, 'dim'),
  );
  return { kind: 'panel', title, lines };
}

/** Sorted keys: unchanged `key: v` (dim), `key: old → new` (yellow), `+ key: v` (green), `- key: v` (red). */
function metadataDiffPanel(
  report: EvaluationReport,
  baseline: EvaluationReport,
  title: string,
  glyphs: Glyphs,
): Block | undefined {
  const next = nonEmptyRecord(report.experimentMetadata);
  const old = nonEmptyRecord(baseline.experimentMetadata);
  if (!next && !old) return undefined;
  const lines: Line[] = [];
  const keys =
    next && old
      ? [...new Set([...Object.keys(old), ...Object.keys(next)])].sort()
      : Object.keys(next ?? old!);
  for (const key of keys) {
    const before = old?.[key];
    const after = next?.[key];
    let line: [string, string];
    if (before !== undefined && after !== undefined && deepEqual(before, after))
      line = [`${key}: ${metaText(after)}`, 'dim'];
    else if (before === undefined) line = [`+ ${key}: ${metaText(after)}`, 'green'];
    else if (after === undefined) line = [`- ${key}: ${metaText(before)}`, 'red'];
    else line = [`${key}: ${metaText(before)} ${glyphs.arrow} ${metaText(after)}`, 'yellow'];
    lines.push(...textCell(...line));
  }
  return { kind: 'panel', title, lines };
}

function nonEmptyRecord(record: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return record && Object.keys(record).length > 0 ? record : undefined;
}

function metaText(value: unknown): string {
  return valueText(value) ?? 'None';
}

// ---- Main table ----------------------------------------------------------------------------------------

function summaryTable(report: EvaluationReport, options: DocumentOptions): TableSpec {
  const averages = options.includeAverages ? report.averages() : undefined;
  const columns = reportColumns(report.cases, report.cases.length === 0 ? averages : undefined, options);
  const rows = report.cases.map((c) => columns.map((col) => col.case(c)));
  if (averages) rows.push(columns.map((col) => col.aggregate(averages)));
  return { columns: headers(columns), rows };
}

/**
 * Cases matched by name and sorted by name, then added cases, then (with `includeRemovedCases`) removed
 * ones; baseline cases that are not shown count nowhere, not even in the averages.
 */
function diffTable(
  report: EvaluationReport,
  baseline: EvaluationReport,
  options: DocumentOptions,
): TableSpec {
  const current = new Map(report.cases.map((c) => [c.name, c]));
  const shownBaseline = options.includeRemovedCases
    ? baseline.cases
    : baseline.cases.filter((c) => current.has(c.name));
  const previous = new Map(shownBaseline.map((c) => [c.name, c]));
  const columns = reportColumns([...report.cases, ...shownBaseline], undefined, options);
  const matched: Cell[][] = [];
  const added: Cell[][] = [];
  const removed: Cell[][] = [];
  for (const name of [...new Set([...previous.keys(), ...current.keys()])].sort()) {
    const old = previous.get(name);
    const next = current.get(name);
    if (old && next) matched.push(columns.map((col) => col.caseDiff(old, next)));
    else if (next) added.push(markedRow(columns, next, [span('+ Added Case', 'green')]));
    else if (old) removed.push(markedRow(columns, old, [span('- Removed Case', 'red')]));
  }
  const rows = [...matched, ...added, ...removed];
  if (options.includeAverages && report.cases.length > 0 && shownBaseline.length > 0) {
    // Flat averages on both sides, as pydantic-evals, so the two are comparable even with repeats.
    const next = averageCases(report.cases);
    const old = averageCases(shownBaseline);
    rows.push(columns.map((col) => col.aggregateDiff(old, next)));
  }
  return { columns: headers(columns), rows };
}

function markedRow(columns: ReportColumn[], c: ReportCase, mark: Line): Cell[] {
  const row = columns.map((col) => col.case(c));
  row[0] = [mark, ...row[0]!];
  return row;
}

function headers(columns: ReportColumn[]): Column[] {
  return columns.map((c) => (c.justify ? { header: c.header, justify: c.justify } : { header: c.header }));
}

// ---- Failures ------------------------------------------------------------------------------------------

function failureBlocks(report: EvaluationReport, options: DocumentOptions): Block[] {
  if (report.failures.length === 0) {
    const count = report.summary?.failureCount ?? 0;
    if (count === 0) return [];
    const text = `Case Failures: ${count} (per-case results were not kept)`;
    return [{ kind: 'text', lines: [[span(text, 'red')]] }];
  }
  const columns: Column[] = [{ header: 'Case ID' }];
  const pickers: ((f: ReportCaseFailure) => Cell)[] = [(f) => [[span(f.name, 'bold')]]];
  const add = (header: string, pick: (f: ReportCaseFailure) => Cell) => {
    columns.push({ header });
    pickers.push(pick);
  };
  if (options.includeInput) add('Inputs', (f) => valueCell(f.inputs));
  if (options.includeMetadata) add('Metadata', (f) => valueCell(f.metadata));
  if (options.includeExpectedOutput) add('Expected Output', (f) => valueCell(f.expectedOutput));
  add('Error Message', errorMessageCell);
  if (options.includeErrorStack)
    add('Error Stacktrace', (f) => (f.errorStack ? textCell(f.errorStack) : emptyCell()));
  const rows = report.failures.map((f) => pickers.map((pick) => pick(f)));
  return [{ kind: 'table', table: { title: 'Case Failures', columns, rows, style: 'red' } }];
}

function errorMessageCell(failure: ReportCaseFailure): Cell {
  const cell = failure.errorMessage ? textCell(failure.errorMessage) : emptyCell();
  return failure.teardownError ? [...cell, [span(`Teardown: ${failure.teardownError}`)]] : cell;
}
