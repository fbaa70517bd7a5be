/**
 * @module
 * Saved reports: `--json` writes one experiment's report as `report.toJSON()` (what
 * `EvaluationReport.fromJSON` reads), and several experiments as one envelope
 * `{ format: 'typed-evals/reports', version: 1, reports: [...] }`. `report` and `--baseline` read both.
 */
import { readFileSync } from 'node:fs';
import { EvaluationReport } from '../report/report.js';
import { CliError } from './exit-codes.js';

export const REPORTS_FORMAT = 'typed-evals/reports';

/** The JSON `--json` writes for these reports. */
export function reportsToJSON(reports: readonly EvaluationReport[]): unknown {
  if (reports.length === 1) return reports[0]!.toJSON();
  return { format: REPORTS_FORMAT, version: 1, reports: reports.map((r) => r.toJSON()) };
}

/** Every report in a saved file; throws a CliError (exit 2) naming the file when it cannot be read. */
export function readReportFile(path: string): EvaluationReport[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as { code?: string }).code === 'ENOENT';
    throw new CliError(`${path}: ${missing ? 'no such file' : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const items = isEnvelope(json) ? json.reports : [json];
  try {
    return items.map((item) => EvaluationReport.fromJSON(item));
  } catch (error) {
    throw new CliError(`${path}: not a typed-evals report (${(error as Error).message})`);
  }
}

function isEnvelope(json: unknown): json is { reports: unknown[] } {
  return (
    typeof json === 'object' &&
    json !== null &&
    Array.isArray((json as { reports?: unknown }).reports) &&
    !('cases' in json)
  );
}

/**
 * The baseline of one experiment: the report with the same name, or the only report when the file
 * holds one and only one experiment runs (a renamed experiment still compares).
 */
export function findBaseline(
  baselines: readonly EvaluationReport[],
  name: string,
  experimentCount: number,
): EvaluationReport | undefined {
  const byName = baselines.find((b) => b.name === name);
  if (byName) return byName;
  return baselines.length === 1 && experimentCount === 1 ? baselines[0] : undefined;
}
