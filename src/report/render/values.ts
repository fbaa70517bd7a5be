import { pyFloatRepr } from '../../util/py-format.js';
import { pyRepr, reprString } from '../../util/repr.js';
import { type Cell, type Line, span, textCell } from './text.js';

export const MISSING = '<missing>';
export const EMPTY = '-';

/** The text of a value: strings as they are, anything else as Python's repr; undefined for a missing value. */
export function valueText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : pyRepr(value);
}

/** A value as a cell: `-` for an empty string, an italic `<missing>` for undefined. */
export function valueCell(value: unknown): Cell {
  const text = valueText(value);
  if (text === undefined) return [missingLine()];
  return text === '' ? [[span(EMPTY)]] : textCell(text);
}

export function missingLine(): Line {
  return [span(MISSING, 'italic')];
}

export function emptyCell(): Cell {
  return [[span(EMPTY)]];
}

/** A blank cell (the Averages row under Inputs, Outputs...). */
export function blankCell(): Cell {
  return [[]];
}

/** A label distribution as Python prints the dict: `{'hello': 1.0}`. */
export function labelDistribution(distribution: Record<string, number>): string {
  const parts: string[] = [];
  for (const key in distribution) parts.push(`${reprString(key)}: ${pyFloatRepr(distribution[key]!)}`);
  return `{${parts.join(', ')}}`;
}

/** Joins the last line of `left` and the first of `right` with `separator` (`old → new` across lines). */
export function joinCells(left: Cell, separator: Line, right: Cell): Cell {
  const head = left.slice(0, -1);
  const tail = right.slice(1);
  return [...head, [...(left[left.length - 1] ?? []), ...separator, ...(right[0] ?? [])], ...tail];
}

/** Applies `style` to every span that has none of its own. */
export function styled(cell: Cell, style: string): Cell {
  return cell.map((line) => line.map((s) => (s.style ? s : span(s.text, style))));
}

/** Drops blank lines at the end of a cell (reasons end with one), keeping at least one line. */
export function trimCell(cell: Cell): Cell {
  let end = cell.length;
  while (end > 1 && cell[end - 1]!.every((s) => s.text === '')) end--;
  return end === cell.length ? cell : cell.slice(0, end);
}
