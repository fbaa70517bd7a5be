/**
 * The columns of the main table, in pydantic-evals' order: Case ID; the opt-in Inputs, Metadata, Expected
 * Output, Outputs; Scores, Labels, Metrics, Assertions when a displayed case has one; Evaluator Failures;
 * Duration(s). Each column knows how to draw a case, the Averages row, and both in a diff.
 */
import type { ReportCase, ReportCaseAggregate } from '../model.js';
import {
  aggregateLabels,
  aggregateMetrics,
  aggregateScores,
  assertionRateCell,
  assertionsCell,
  durationsCell,
  entriesCell,
  evaluatorFailuresCell,
  resultEntries,
  valueEntries,
} from './cells.js';
import {
  assertionRateDiffCell,
  assertionsDiffCell,
  durationRenderer,
  evaluatorFailuresDiffCell,
  type NumberRenderer,
  numberDiffLine,
  numberRenderer,
  recordsDiffCell,
  textDiffLine,
  valueDiffCell,
} from './diff.js';
import { formatNumber } from './numbers.js';
import type { Glyphs } from './style.js';
import { type Cell, span } from './text.js';
import { blankCell, labelDistribution, valueCell } from './values.js';

export interface ReportColumn {
  header: string;
  justify?: 'left' | 'right';
  case(c: ReportCase): Cell;
  aggregate(a: ReportCaseAggregate): Cell;
  caseDiff(old: ReportCase, next: ReportCase): Cell;
  aggregateDiff(old: ReportCaseAggregate, next: ReportCaseAggregate): Cell;
}

export interface ColumnOptions {
  includeInput: boolean;
  includeMetadata: boolean;
  includeExpectedOutput: boolean;
  includeOutput: boolean;
  includeDurations: boolean;
  includeTotalDuration: boolean;
  includeEvaluatorFailures: boolean;
  includeReasons: boolean;
  glyphs: Glyphs;
}

/**
 * The columns for `cases` (every case displayed, baseline ones included in a diff); `aggregate` also
 * counts when deciding which evaluator columns to show (a report that kept no per-case results).
 */
export function reportColumns(
  cases: readonly ReportCase[],
  aggregate: ReportCaseAggregate | undefined,
  options: ColumnOptions,
): ReportColumn[] {
  const columns: ReportColumn[] = [caseIdColumn()];
  if (options.includeInput) columns.push(valueColumn('Inputs', (c) => c.inputs, options.glyphs));
  if (options.includeMetadata) columns.push(valueColumn('Metadata', (c) => c.metadata, options.glyphs));
  if (options.includeExpectedOutput) {
    columns.push(valueColumn('Expected Output', (c) => c.expectedOutput, options.glyphs));
  }
  if (options.includeOutput) columns.push(valueColumn('Outputs', (c) => c.output, options.glyphs));
  const has = (pick: (c: ReportCase | ReportCaseAggregate) => object | number | null) =>
    cases.some((c) => nonEmpty(pick(c))) || (aggregate !== undefined && nonEmpty(pick(aggregate)));
  if (has((c) => c.scores)) columns.push(scoresColumn(cases, options));
  if (has((c) => c.labels)) columns.push(labelsColumn(options));
  if (has((c) => c.metrics)) columns.push(metricsColumn(cases, options));
  if (cases.some((c) => nonEmpty(c.assertions)) || (aggregate?.assertions ?? null) !== null) {
    columns.push(assertionsColumn(options));
  }
  if (
    options.includeEvaluatorFailures &&
    cases.some((c) => c.evaluatorFailures.length > 0 || c.teardownError)
  ) {
    columns.push(evaluatorFailuresColumn(options));
  }
  if (options.includeDurations) columns.push(durationsColumn(options));
  return columns;
}

function nonEmpty(value: object | number | null): boolean {
  if (value === null || typeof value === 'number') return value !== null;
  for (const _ in value) return true;
  return false;
}

function caseIdColumn(): ReportColumn {
  const name = (c: ReportCase): Cell => [[span(c.name, 'bold')]];
  const averages = (a: ReportCaseAggregate): Cell => [[span(a.name, 'bold italic')]];
  return {
    header: 'Case ID',
    case: name,
    aggregate: averages,
    caseDiff: (_, c) => name(c),
    aggregateDiff: (_, a) => averages(a),
  };
}

function valueColumn(header: string, pick: (c: ReportCase) => unknown, glyphs: Glyphs): ReportColumn {
  return {
    header,
    case: (c) => valueCell(pick(c)),
    aggregate: blankCell,
    caseDiff: (old, next) => valueDiffCell(pick(old), pick(next), glyphs),
    aggregateDiff: blankCell,
  };
}

function scoresColumn(cases: readonly ReportCase[], options: ColumnOptions): ReportColumn {
  const renderers = lazyRenderers(cases, 'score', (c) => valuesOf(c.scores));
  const line = (name: string, old: number | undefined, next: number | undefined) =>
    numberDiffLine(name, old, next, renderers().get(name) ?? numberRenderer('score', []), options.glyphs);
  return {
    header: 'Scores',
    case: (c) => entriesCell(resultEntries(c.scores, formatNumber), options.includeReasons),
    aggregate: aggregateScores,
    caseDiff: (old, next) => recordsDiffCell(valuesOf(old.scores), valuesOf(next.scores), line),
    aggregateDiff: (old, next) => recordsDiffCell(old.scores, next.scores, line),
  };
}

function labelsColumn(options: ColumnOptions): ReportColumn {
  const { glyphs } = options;
  return {
    header: 'Labels',
    case: (c) => entriesCell(resultEntries(c.labels, String), options.includeReasons),
    aggregate: aggregateLabels,
    caseDiff: (old, next) =>
      recordsDiffCell(valuesOf(old.labels), valuesOf(next.labels), (name, o, n) =>
        textDiffLine(name, o, n, glyphs),
      ),
    aggregateDiff: (old, next) =>
      recordsDiffCell(old.labels, next.labels, (name, o, n) =>
        textDiffLine(name, o && labelDistribution(o), n && labelDistribution(n), glyphs),
      ),
  };
}

function metricsColumn(cases: readonly ReportCase[], options: ColumnOptions): ReportColumn {
  const renderers = lazyRenderers(cases, 'metric', (c) => c.metrics);
  const line = (name: string, old: number | undefined, next: number | undefined) =>
    numberDiffLine(name, old, next, renderers().get(name) ?? numberRenderer('metric', []), options.glyphs);
  return {
    header: 'Metrics',
    case: (c) => entriesCell(valueEntries(c.metrics, formatNumber), false),
    aggregate: aggregateMetrics,
    caseDiff: (old, next) => recordsDiffCell(old.metrics, next.metrics, line),
    aggregateDiff: (old, next) => recordsDiffCell(old.metrics, next.metrics, line),
  };
}

function assertionsColumn(options: ColumnOptions): ReportColumn {
  const { glyphs } = options;
  return {
    header: 'Assertions',
    case: (c) => assertionsCell(c.assertions, options.includeReasons, glyphs),
    aggregate: (a) => assertionRateCell(a.assertions, glyphs),
    caseDiff: (old, next) => assertionsDiffCell(old.assertions, next.assertions, glyphs),
    aggregateDiff: (old, next) => assertionRateDiffCell(old.assertions, next.assertions, glyphs),
  };
}

function evaluatorFailuresColumn(options: ColumnOptions): ReportColumn {
  return {
    header: 'Evaluator Failures',
    case: (c) => evaluatorFailuresCell(c.evaluatorFailures, c.teardownError),
    aggregate: blankCell,
    caseDiff: (old, next) => evaluatorFailuresDiffCell(old, next, options.glyphs),
    aggregateDiff: blankCell,
  };
}

function durationsColumn(options: ColumnOptions): ReportColumn {
  const { glyphs, includeTotalDuration } = options;
  const renderer = durationRenderer(glyphs);
  const diff = (old: ReportCase | ReportCaseAggregate, next: ReportCase | ReportCaseAggregate) => {
    const pick = (d: ReportCase | ReportCaseAggregate): Record<string, number> =>
      includeTotalDuration ? { task: d.taskDuration, total: d.totalDuration } : { task: d.taskDuration };
    return recordsDiffCell(pick(old), pick(next), (name, o, n) =>
      numberDiffLine(includeTotalDuration ? name : undefined, o, n, renderer, glyphs),
    );
  };
  return {
    header: includeTotalDuration ? 'Durations' : 'Duration',
    justify: 'right',
    case: (c) => durationsCell(c, includeTotalDuration, glyphs),
    aggregate: (a) => durationsCell(a, includeTotalDuration, glyphs),
    caseDiff: diff,
    aggregateDiff: diff,
  };
}

function valuesOf<V>(results: Record<string, { value: V }>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const key in results) out[key] = results[key]!.value;
  return out;
}

/** Per-name renderers, built on first use (plain reports never need them). */
function lazyRenderers(
  cases: readonly ReportCase[],
  kind: 'score' | 'metric',
  pick: (c: ReportCase) => Record<string, number>,
): () => Map<string, NumberRenderer> {
  let renderers: Map<string, NumberRenderer> | undefined;
  return () => {
    if (renderers) return renderers;
    const values = new Map<string, number[]>();
    for (const c of cases) {
      const record = pick(c);
      for (const key in record) {
        const list = values.get(key);
        if (list) list.push(record[key]!);
        else values.set(key, [record[key]!]);
      }
    }
    renderers = new Map([...values].map(([name, list]) => [name, numberRenderer(kind, list)]));
    return renderers;
  };
}
