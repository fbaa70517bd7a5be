import type { EvaluationReport } from './report.js';

/** Options of `report.render()` / `report.print()`. */
export interface RenderOptions {
  /** A report to diff against (cases matched by name). */
  baseline?: EvaluationReport;
  includeInput?: boolean;
  includeMetadata?: boolean;
  includeExpectedOutput?: boolean;
  includeOutput?: boolean;
  /** @default true */
  includeDurations?: boolean;
  includeTotalDuration?: boolean;
  includeRemovedCases?: boolean;
  /** @default true */
  includeAverages?: boolean;
  /** @default true */
  includeErrors?: boolean;
  includeErrorStack?: boolean;
  /** @default true */
  includeEvaluatorFailures?: boolean;
  /** @default true */
  includeAnalyses?: boolean;
  includeReasons?: boolean;
  /** Columns of the output; default: the terminal's width, or 120. */
  width?: number;
  /** Only ASCII characters in the output. */
  ascii?: boolean;
  /** ANSI colours; default: on for a TTY without NO_COLOR. */
  color?: boolean;
}

/** A plain one-line-per-case rendering; the full table renderer replaces it. */
export function renderReport(report: EvaluationReport, _options: RenderOptions): string {
  const lines = [`Evaluation Summary: ${report.name}`];
  for (const c of report.cases) {
    const marks = Object.values(c.assertions).map((a) => (a.value ? 'v' : 'x')).join('');
    const scores = Object.entries(c.scores).map(([k, s]) => `${k}: ${s.value}`).join(', ');
    lines.push(`${c.name}  ${marks}  ${scores}`);
  }
  for (const f of report.failures) lines.push(`${f.name}  FAILED  ${f.errorMessage}`);
  return lines.join('\n');
}
