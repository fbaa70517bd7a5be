import { fitColumnWidths } from './layout.js';
import { type Glyphs, mergeStyles, type Painter, type TableBox } from './style.js';
import {
  type Cell,
  cropLine,
  type Line,
  lineWidth,
  sanitizeLine,
  span,
  textCell,
  textWidth,
  wrapLine,
} from './text.js';

export interface Column {
  header: string;
  justify?: 'left' | 'right';
}

/** A table to draw: what the report builders produce, and what the Markdown export reads too. */
export interface TableSpec {
  title?: string;
  columns: Column[];
  rows: Cell[][];
  /** Applied to the whole table, borders included (the failures table is red). */
  style?: string;
}

export interface DrawEnv {
  width: number;
  ascii: boolean;
  box: TableBox;
  glyphs: Glyphs;
  painter: Painter;
}

interface Measured {
  lines: Line[];
  widths: number[];
}

/**
 * Draws a table with rich's look (padding 1, lines between rows), fitted to `env.width`, as painted
 * text lines. Rows are written straight to strings: this is the hot path of large reports.
 */
export function drawTable(table: TableSpec, env: DrawEnv): string[] {
  const header = table.columns.map((c) => measure(textCell(c.header, 'bold'), env.ascii));
  const rows = table.rows.map((row) => row.map((cell) => measure(cell, env.ascii)));
  const natural = table.columns.map((_, i) => {
    let w = maxOf(header[i]!.widths);
    for (const row of rows) w = Math.max(w, maxOf(row[i]!.widths));
    return Math.max(w, 1);
  });
  const overhead = 3 * table.columns.length + 1;
  const widths = fitColumnWidths(natural, () => longestWords(header, rows), env.width - overhead);
  if (!widths) return drawStacked(table, header, rows, env);

  const { box, painter } = env;
  const style = table.style;
  const out: string[] = [];
  const tableWidth = widths.reduce((a, b) => a + b + 3, 1);
  if (table.title) {
    for (const line of titleLines(
      table.title,
      tableWidth,
      env.width,
      env.ascii,
      mergeStyles(style, 'italic'),
    )) {
      out.push(painter.paintLine(line));
    }
  }
  const row = rowDrawer(widths, table.columns, style, painter);
  out.push(rule(box.top, widths, style, painter));
  row(header, box.header, out);
  out.push(rule(box.headerRule, widths, style, painter));
  const separator = rule(box.rowRule, widths, style, painter);
  rows.forEach((cells, r) => {
    if (r > 0) out.push(separator);
    row(cells, box.body, out);
  });
  out.push(rule(box.bottom, widths, style, painter));
  return out;
}

function measure(cell: Cell, ascii: boolean): Measured {
  const lines = cell.map((line) => sanitizeLine(line, ascii));
  return { lines, widths: lines.map(lineWidth) };
}

function maxOf(values: number[]): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}

function longestWords(header: Measured[], rows: Measured[][]): number[] {
  return header.map((h, i) => {
    let longest = 0;
    for (const cell of [h, ...rows.map((row) => row[i]!)]) {
      cell.lines.forEach((line, l) => {
        // A word is never wider than its line: most lines need no look.
        if (cell.widths[l]! <= longest) return;
        for (const s of line)
          for (const word of s.text.split(/\s+/)) longest = Math.max(longest, textWidth(word));
      });
    }
    return longest;
  });
}

/** A border line: `chars` is `[left, fill, divider, right]`. */
function rule(chars: string, widths: number[], style: string | undefined, painter: Painter): string {
  const [left, fill, divider, right] = [...chars] as [string, string, string, string];
  return painter.paintLine([span(left + widths.map((w) => fill.repeat(w + 2)).join(divider) + right, style)]);
}

type RowDrawer = (cells: Measured[], chars: string, out: string[]) => void;

/** Draws rows of cells wrapped to `widths`, each output line one painted string. */
function rowDrawer(
  widths: number[],
  columns: Column[],
  style: string | undefined,
  painter: Painter,
): RowDrawer {
  const spaces = ' '.repeat(Math.max(...widths, 0));
  const borders = new Map<string, [string, string, string]>();
  return (cells, chars, out) => {
    let border = borders.get(chars);
    if (!border) {
      const [left, , divider, right] = [...chars] as [string, string, string, string];
      const paint = (text: string) => painter.paintLine([span(text, style)]);
      border = [paint(`${left} `), paint(` ${divider} `), paint(` ${right}`)];
      borders.set(chars, border);
    }
    const wrapped = cells.map((cell, i) => wrapCell(cell, widths[i]!));
    const height = maxOf(wrapped.map((c) => c.lines.length));
    for (let y = 0; y < height; y++) {
      let text = border[0];
      for (let i = 0; i < wrapped.length; i++) {
        if (i > 0) text += border[1];
        const cell = wrapped[i]!;
        const line = cell.lines[y];
        const content = line ? painter.paintLine(style ? withStyle(line, style) : line) : '';
        const pad = spaces.slice(0, widths[i]! - (cell.widths[y] ?? 0));
        text += columns[i]!.justify === 'right' ? pad + content : content + pad;
      }
      out.push(text + border[2]);
    }
  };
}

function wrapCell(cell: Measured, width: number): Measured {
  if (maxOf(cell.widths) <= width) return cell;
  const lines: Line[] = [];
  const widths: number[] = [];
  cell.lines.forEach((line, i) => {
    if (cell.widths[i]! <= width) {
      lines.push(line);
      widths.push(cell.widths[i]!);
      return;
    }
    for (const part of wrapLine(line, width)) {
      lines.push(part);
      widths.push(lineWidth(part));
    }
  });
  return { lines, widths };
}

/**
 * A title centred over a table `width` columns wide. Unlike rich, a title wider than its table is not
 * wrapped to the table's width but only to the terminal's (`maxWidth`), starting at the left edge.
 */
export function titleLines(
  title: string,
  width: number,
  maxWidth: number,
  ascii: boolean,
  style?: string,
): Line[] {
  const line = sanitizeLine([span(title, style)], ascii);
  return wrapLine(line, Math.max(maxWidth, 1)).map((part) => {
    const gap = width - lineWidth(part);
    return gap > 1 ? [span(' '.repeat(Math.floor(gap / 2))), ...part] : part;
  });
}

/**
 * The layout for terminals too narrow for the columns: each row becomes a block of `Header: value` lines
 * between rules, wrapped to the width.
 */
function drawStacked(table: TableSpec, header: Measured[], rows: Measured[][], env: DrawEnv): string[] {
  const width = Math.max(env.width, 1);
  const out: Line[] = [];
  const push = (line: Line) => {
    for (const part of wrapLine(line, width)) out.push(part);
  };
  if (table.title)
    out.push(...titleLines(table.title, width, width, env.ascii, mergeStyles(table.style, 'italic')));
  const ruleLine: Line = [span(env.glyphs.rule.repeat(width), table.style)];
  for (const row of rows) {
    out.push(ruleLine);
    row.forEach((cell, i) => {
      if (cell.lines.every((line) => line.every((s) => s.text === ''))) return;
      const label = span(`${header[i]!.lines.map((l) => l.map((s) => s.text).join('')).join(' ')}: `, 'bold');
      const [first = [], ...rest] = cell.lines;
      push(withStyle([label, ...first], table.style));
      for (const line of rest) push(withStyle([span('  '), ...line], table.style));
    });
  }
  out.push(ruleLine);
  return out.map((line) => env.painter.paintLine(cropLine(line, width)));
}

function withStyle(line: Line, style: string | undefined): Line {
  return style ? line.map((s) => span(s.text, mergeStyles(style, s.style))) : line;
}
