import { OptionsError } from '../errors.js';
import { buildDocument, type DocumentOptions } from './render/document.js';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from './render/style.js';
import { drawDocument } from './render/terminal.js';
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
  /** Only ASCII characters in the output; default: on when the locale (LC_ALL, LC_CTYPE, LANG) is not UTF-8. */
  ascii?: boolean;
  /** ANSI colours; default: on for a TTY without NO_COLOR. */
  color?: boolean;
}

/** The report as a table, as pydantic-evals prints it (see docs/reports.md). */
export function renderReport(report: EvaluationReport, options: RenderOptions): string {
  const ascii = options.ascii ?? !isUtf8Locale(process.env);
  const glyphs = ascii ? ASCII_GLYPHS : UNICODE_GLYPHS;
  const doc = buildDocument(report, documentOptions(options, glyphs));
  return drawDocument(doc, {
    width: resolveWidth(options.width),
    ascii,
    color: options.color ?? colorByDefault(),
    glyphs,
  });
}

/** The content options with their defaults (shared with the Markdown export). */
export function documentOptions(options: RenderOptions, glyphs = UNICODE_GLYPHS): DocumentOptions {
  const diff = options.baseline !== undefined;
  return {
    baseline: options.baseline,
    includeInput: options.includeInput ?? false,
    includeMetadata: options.includeMetadata ?? false,
    includeExpectedOutput: options.includeExpectedOutput ?? false,
    includeOutput: options.includeOutput ?? false,
    includeDurations: options.includeDurations ?? true,
    includeTotalDuration: options.includeTotalDuration ?? false,
    includeRemovedCases: options.includeRemovedCases ?? false,
    includeAverages: options.includeAverages ?? true,
    includeErrors: options.includeErrors ?? true,
    includeErrorStack: options.includeErrorStack ?? false,
    includeEvaluatorFailures: options.includeEvaluatorFailures ?? true,
    includeAnalyses: options.includeAnalyses ?? true,
    // As in pydantic-evals, reasons are shown in plain reports only, never in a diff.
    includeReasons: !diff && (options.includeReasons ?? false),
    glyphs,
  };
}

const DEFAULT_WIDTH = 120;

function resolveWidth(width: number | undefined): number {
  if (width !== undefined) {
    if (!Number.isFinite(width) || width < 1)
      throw new OptionsError(`width must be a number >= 1, got ${width}`);
    return Math.floor(width);
  }
  const { stdout } = process;
  if (stdout.isTTY && stdout.columns > 0) return stdout.columns;
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_WIDTH;
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
function colorByDefault(): boolean {
  return process.stdout.isTTY === true && !process.env.NO_COLOR;
}

/** True unless the locale variables name a non-UTF-8 encoding (`C`, `POSIX`, `en_US.ISO-8859-1`). */
export function isUtf8Locale(env: Record<string, string | undefined>): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG;
  if (!locale) return true;
  return /utf-?8/i.test(locale);
}
