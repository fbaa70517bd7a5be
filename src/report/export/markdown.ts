/**
 * `report.toMarkdown()`: the terminal report as GitHub-flavoured Markdown (for CI job summaries and PR
 * comments): the same blocks, tables as pipe tables, cell lines joined with `<br>`, bold and italic kept,
 * colours dropped.
 */

import type { Block, ReportDocument } from '../render/blocks.js';
import { buildDocument } from '../render/document.js';
import type { TableSpec } from '../render/table.js';
import { type Cell, type Line, sanitize } from '../render/text.js';
import { documentOptions, type RenderOptions } from '../render.js';
import type { EvaluationReport } from '../report.js';

/** The render options that make sense for Markdown (no width, no ASCII, no colour). */
export type MarkdownOptions = Omit<RenderOptions, 'width' | 'ascii' | 'color'>;

export function reportToMarkdown(report: EvaluationReport, options: MarkdownOptions = {}): string {
  const doc = buildDocument(report, documentOptions(options));
  return `${renderBlocks(doc).join('\n\n')}\n`;
}

function renderBlocks(doc: ReportDocument): string[] {
  const parts: string[] = [];
  let titled = false;
  for (const block of doc.blocks) {
    if (block.kind === 'panel') {
      parts.push(
        `## ${inline(block.title)}`,
        block.lines.map((line) => `- ${lineText(line, true)}`).join('\n'),
      );
      titled = true;
    } else if (block.kind === 'table') {
      const heading = block.main
        ? titled
          ? undefined
          : `## ${inline(doc.title)}`
        : tableHeading(block.table);
      if (heading) parts.push(heading);
      parts.push(table(block.table));
    } else {
      parts.push(textBlock(block));
    }
  }
  return parts;
}

function tableHeading(table: TableSpec): string | undefined {
  return table.title ? `### ${inline(table.title)}` : undefined;
}

function table(spec: TableSpec): string {
  const header = `| ${spec.columns.map((c) => inline(c.header)).join(' | ')} |`;
  const align = `| ${spec.columns.map((c) => (c.justify === 'right' ? '--:' : ':--')).join(' | ')} |`;
  const rows = spec.rows.map((row) => `| ${row.map(cellText).join(' | ')} |`);
  return [header, align, ...rows].join('\n');
}

function cellText(cell: Cell): string {
  const text = cell.map((line) => lineText(line, false)).join('<br>');
  return text === '' ? ' ' : text;
}

function textBlock(block: Extract<Block, { kind: 'text' }>): string {
  const items = block.lines.map((line) => lineText(line, true));
  if (!block.heading) return items.length === 1 ? items[0]! : items.map((item) => `- ${item}`).join('\n');
  const heading = inline(block.heading.map((s) => s.text).join('')).replace(/:$/, '');
  return [`**${heading}**`, '', ...items.map((item) => `- ${item}`)].join('\n');
}

/** A line as inline Markdown; `block` lines lose their indentation, cell lines keep it as `&nbsp;`. */
function lineText(line: Line, block: boolean): string {
  let out = '';
  for (const s of line) {
    const text = inline(s.text);
    const tokens = s.style?.split(' ') ?? [];
    if (text.trim() === '' || tokens.length === 0) out += text;
    else if (tokens.includes('bold')) out += wrap(text, '**');
    else if (tokens.includes('italic')) out += wrap(text, '_');
    else out += text;
  }
  const indent = out.length - out.trimStart().length;
  out = out.trimStart();
  if (block) return escapeLineStart(out);
  return '&nbsp;'.repeat(indent) + out;
}

/** `**text**` with the markers inside the surrounding spaces (Markdown ignores `** text**`). */
function wrap(text: string, marker: string): string {
  const leading = text.length - text.trimStart().length;
  const trailing = text.length - text.trimEnd().length;
  return `${text.slice(0, leading)}${marker}${text.trim()}${marker}${text.slice(text.length - trailing)}`;
}

/** Escapes what Markdown would read as formatting, HTML or a table border. */
function inline(text: string): string {
  return sanitize(text, false).replace(/[\\`*_[\]<>|~]/g, '\\$&');
}

/** A list item or paragraph starting with `+`, `-`, `#` or `>` would become a nested block. */
function escapeLineStart(text: string): string {
  return /^[-+#>]/.test(text) ? `\\${text}` : text;
}
