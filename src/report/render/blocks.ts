import type { TableSpec } from './table.js';
import type { Line } from './text.js';

/**
 * What a rendered report is made of, before it is drawn for a terminal or written as Markdown.
 * - `panel`: the experiment-metadata box that carries the title;
 * - `table`: a table (the main one, whose title is the report title, analyses, failures);
 * - `text`: an optional heading and lines (scalar results, curves, report evaluator failures).
 */
export type Block =
  | { kind: 'panel'; title: string; lines: Line[] }
  | { kind: 'table'; table: TableSpec; main?: boolean }
  | { kind: 'text'; heading?: Line; lines: Line[]; blankBefore?: boolean };

export interface ReportDocument {
  title: string;
  blocks: Block[];
}
