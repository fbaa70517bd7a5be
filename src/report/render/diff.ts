/**
 * Cells of the baseline diff: `old → new`, with the change annotated and coloured only when it is
 * significant (`|new − old| >= atol + rtol·|old|`), as pydantic-evals does.
 */
import type { EvaluationResult, EvaluatorFailure } from '../model.js';
import { evaluatorFailuresCell, passMark } from './cells.js';
import {
  formatDuration,
  formatDurationDiff,
  formatNumber,
  formatNumberDiff,
  formatPercentage,
} from './numbers.js';
import type { Glyphs } from './style.js';
import { type Cell, type Line, lineText, span } from './text.js';
import {
  blankCell,
  EMPTY,
  emptyCell,
  joinCells,
  MISSING,
  missingLine,
  styled,
  valueCell,
  valueText,
} from './values.js';

export const DEFAULT_ATOL = 1e-6;
export const INT_RTOL = 0.001;
export const FLOAT_RTOL = 0.05;
export const DURATION_RTOL = 0.1;

/** How one score, metric or duration renders in a diff. */
export interface NumberRenderer {
  format(value: number): string;
  diff(old: number, next: number): string | undefined;
  atol: number;
  rtol: number;
  /** Styles of a significant increase and decrease. */
  up: string;
  down: string;
}

/** 0.001 when every value of the name is an integer, else 0.05. */
export function defaultRtol(values: readonly number[]): number {
  return values.every((v) => Number.isInteger(v)) ? INT_RTOL : FLOAT_RTOL;
}

export function isSignificant(old: number, next: number, atol: number, rtol: number): boolean {
  return Math.abs(next - old) >= atol + rtol * Math.abs(old);
}

/** Scores: higher is better (green); metrics: higher costs more (red). */
export function numberRenderer(kind: 'score' | 'metric', values: readonly number[]): NumberRenderer {
  return {
    format: formatNumber,
    diff: formatNumberDiff,
    atol: DEFAULT_ATOL,
    rtol: defaultRtol(values),
    up: kind === 'score' ? 'green' : 'red',
    down: kind === 'score' ? 'red' : 'green',
  };
}

export function durationRenderer(glyphs: Glyphs): NumberRenderer {
  return {
    format: (v) => formatDuration(v, glyphs.micro),
    diff: (old, next) => formatDurationDiff(old, next, glyphs.micro),
    atol: DEFAULT_ATOL,
    rtol: DURATION_RTOL,
    up: 'red',
    down: 'green',
  };
}

/** `name: old → new (+0.05 / +5.6%)`, styled by direction when significant; the value once if unchanged. */
export function numberDiffLine(
  name: string | undefined,
  old: number | undefined,
  next: number | undefined,
  renderer: NumberRenderer,
  glyphs: Glyphs,
): Line {
  const oldText = old === undefined ? undefined : renderer.format(old);
  const newText = next === undefined ? undefined : renderer.format(next);
  const prefix = (bold: boolean) => (name ? [span(`${name}: `, bold ? 'bold' : undefined)] : []);
  if (oldText === newText) return [...prefix(false), ...numberSpan(oldText)];
  const arrow = span(` ${glyphs.arrow} `);
  if (old === undefined || next === undefined || !isSignificant(old, next, renderer.atol, renderer.rtol)) {
    return [...prefix(false), ...numberSpan(oldText), arrow, ...numberSpan(newText)];
  }
  const style = next > old ? renderer.up : renderer.down;
  const change = renderer.diff(old, next);
  const text = `${oldText} ${glyphs.arrow} ${newText}${change ? ` (${change})` : ''}`;
  return [...prefix(true), span(text, style)];
}

function numberSpan(text: string | undefined): Line {
  return text === undefined ? missingLine() : [span(text)];
}

/** `name: old → new` in magenta (labels, label distributions); the value once if unchanged. */
export function textDiffLine(
  name: string | undefined,
  oldText: string | undefined,
  newText: string | undefined,
  glyphs: Glyphs,
): Line {
  if (oldText === newText) {
    return [
      ...(name ? [span(`${name}: `)] : []),
      ...(oldText === undefined ? missingLine() : [span(oldText)]),
    ];
  }
  const side = (text: string | undefined) =>
    text === undefined ? [span(MISSING, 'magenta italic')] : [span(text, 'magenta')];
  return [
    ...(name ? [span(`${name}: `, 'bold')] : []),
    ...side(oldText),
    span(` ${glyphs.arrow} `, 'magenta'),
    ...side(newText),
  ];
}

/** One line per name of either side, sorted by name; `-` when both sides are empty. */
export function recordsDiffCell<V>(
  old: Record<string, V>,
  next: Record<string, V>,
  line: (name: string, old: V | undefined, next: V | undefined) => Line,
): Cell {
  const names = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort();
  if (names.length === 0) return emptyCell();
  return names.map((name) =>
    line(
      name,
      Object.hasOwn(old, name) ? old[name] : undefined,
      Object.hasOwn(next, name) ? next[name] : undefined,
    ),
  );
}

/** Inputs, metadata, outputs: the value once, or `old → new` in magenta. */
export function valueDiffCell(old: unknown, next: unknown, glyphs: Glyphs): Cell {
  const oldCell = valueCell(old);
  if (valueText(old) === valueText(next)) return oldCell;
  return joinCells(
    styled(oldCell, 'magenta'),
    [span(` ${glyphs.arrow} `, 'magenta')],
    styled(valueCell(next), 'magenta'),
  );
}

/** `✔✗ → ✔✔`, or the marks once when unchanged. */
export function assertionsDiffCell(
  old: Record<string, EvaluationResult<boolean>>,
  next: Record<string, EvaluationResult<boolean>>,
  glyphs: Glyphs,
): Cell {
  const oldMarks = Object.values(old).map((a) => passMark(a.value, glyphs));
  const newMarks = Object.values(next).map((a) => passMark(a.value, glyphs));
  if (oldMarks.length === 0 && newMarks.length === 0) return emptyCell();
  if (lineText(oldMarks) === lineText(newMarks)) return [oldMarks];
  return [[...oldMarks, span(` ${glyphs.arrow} `), ...newMarks]];
}

/** `- → 100.0% ✔` when one side has no assertions; the rate once when unchanged. */
export function assertionRateDiffCell(old: number | null, next: number | null, glyphs: Glyphs): Cell {
  if (old === null && next === null) return blankCell();
  const side = (rate: number | null): Line =>
    rate === null ? [span(EMPTY)] : [span(`${formatPercentage(rate)} `), span(glyphs.pass, 'green')];
  const oldLine = side(old);
  const newLine = side(next);
  if (lineText(oldLine) === lineText(newLine)) return [newLine];
  return [[...oldLine, span(` ${glyphs.arrow} `), ...newLine]];
}

/** The old failures, a `→` line, then the new ones; once when unchanged. */
export function evaluatorFailuresDiffCell(
  old: { evaluatorFailures: readonly EvaluatorFailure[]; teardownError?: string | undefined },
  next: { evaluatorFailures: readonly EvaluatorFailure[]; teardownError?: string | undefined },
  glyphs: Glyphs,
): Cell {
  const oldCell = evaluatorFailuresCell(old.evaluatorFailures, old.teardownError);
  const newCell = evaluatorFailuresCell(next.evaluatorFailures, next.teardownError);
  const text = (cell: Cell) => cell.map(lineText).join('\n');
  if (text(oldCell) === text(newCell)) return oldCell;
  return [...oldCell, [span(glyphs.arrow)], ...newCell];
}
