/**
 * `report.toCSV()`: one row per case run (failures too), RFC 4180 (fields with a comma, quote, CR or LF
 * are quoted, inner quotes doubled, CRLF line ends), for spreadsheets and dataframes.
 */
import { toJsonSafe } from '../../util/json-safe.js';
import type { EvaluationResult, ReportCase, ReportCaseFailure } from '../model.js';
import type { EvaluationReport } from '../report.js';

type Row = Record<string, string>;

const LEADING = ['case', 'source_case', 'inputs', 'metadata', 'expected_output', 'output'];
const TRAILING = ['task_duration', 'total_duration', 'evaluator_failures', 'error'];

/**
 * Columns: `case`, `source_case`, `inputs`, `metadata`, `expected_output`, `output` (values as JSON), then
 * `scores.<name>`, `labels.<name>`, `assertions.<name>`, `metrics.<name>` for every name any case has (each
 * result followed by `<column>.reason` when some case gave a reason), then `task_duration`,
 * `total_duration` (seconds), `evaluator_failures` and `error` (the failure's message).
 */
export function reportToCSV(report: EvaluationReport): string {
  const dynamic = new ColumnSet();
  const rows: Row[] = [];
  for (const c of report.cases) rows.push(caseRow(c, dynamic));
  for (const f of report.failures) rows.push(failureRow(f));
  const header = [...LEADING, ...dynamic.ordered(), ...TRAILING];
  const lines = [header, ...rows.map((row) => header.map((column) => row[column] ?? ''))];
  return `${lines.map((fields) => fields.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** RFC 4180 quoting. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Result columns in first-seen order, grouped by kind, each `.reason` column right after its result. */
class ColumnSet {
  readonly #kinds = new Map<string, Set<string>>(
    ['scores', 'labels', 'assertions', 'metrics'].map((kind) => [kind, new Set()]),
  );
  readonly #withReason = new Set<string>();

  add(kind: string, column: string, hasReason = false): void {
    this.#kinds.get(kind)!.add(column);
    if (hasReason) this.#withReason.add(column);
  }

  ordered(): string[] {
    const out: string[] = [];
    for (const set of this.#kinds.values()) {
      for (const column of set) {
        out.push(column);
        if (this.#withReason.has(column)) out.push(`${column}.reason`);
      }
    }
    return out;
  }
}

function baseRow(c: ReportCase | ReportCaseFailure): Row {
  return {
    case: c.name,
    source_case: c.sourceCaseName ?? '',
    inputs: json(c.inputs),
    metadata: json(c.metadata),
    expected_output: json(c.expectedOutput),
  };
}

function caseRow(c: ReportCase, columns: ColumnSet): Row {
  const row = baseRow(c);
  row.output = json(c.output);
  addResults(row, columns, 'scores', c.scores);
  addResults(row, columns, 'labels', c.labels);
  addResults(row, columns, 'assertions', c.assertions);
  for (const name in c.metrics) {
    columns.add('metrics', `metrics.${name}`);
    row[`metrics.${name}`] = String(c.metrics[name]);
  }
  row.task_duration = String(c.taskDuration);
  row.total_duration = String(c.totalDuration);
  const failures = c.evaluatorFailures.map((f) => `${f.name}: ${f.errorMessage}`);
  if (c.teardownError) failures.push(`Teardown: ${c.teardownError}`);
  row.evaluator_failures = failures.join('\n');
  return row;
}

function addResults(
  row: Row,
  columns: ColumnSet,
  kind: string,
  results: Record<string, EvaluationResult>,
): void {
  for (const name in results) {
    const result = results[name]!;
    const column = `${kind}.${name}`;
    columns.add(kind, column, Boolean(result.reason));
    row[column] = String(result.value);
    if (result.reason) row[`${column}.reason`] = result.reason;
  }
}

function failureRow(f: ReportCaseFailure): Row {
  const row = baseRow(f);
  row.error = f.teardownError ? `${f.errorMessage}\nTeardown: ${f.teardownError}` : f.errorMessage;
  return row;
}

/** JSON text of a value; empty for a missing one. */
function json(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(toJsonSafe(value)) ?? '';
}
