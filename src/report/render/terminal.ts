/** Draws a report document for a terminal: boxes, wrapping to the width, ASCII fallback, ANSI colours. */
import type { ReportDocument } from './blocks.js';
import { drawPanel } from './panel.js';
import { ASCII_PANEL, ASCII_TABLE, type Glyphs, HEAVY_HEAD, Painter, ROUNDED_PANEL } from './style.js';
import { type DrawEnv, drawTable } from './table.js';
import { cropLine, type Line, sanitizeLine, wrapLine } from './text.js';

export interface TerminalOptions {
  width: number;
  ascii: boolean;
  color: boolean;
  glyphs: Glyphs;
}

export function drawDocument(doc: ReportDocument, options: TerminalOptions): string {
  const { width, ascii } = options;
  const painter = new Painter(options.color);
  const env: DrawEnv = {
    width,
    ascii,
    box: ascii ? ASCII_TABLE : HEAVY_HEAD,
    glyphs: options.glyphs,
    painter,
  };
  const out: string[] = [];
  // The crop is a last-resort guard for free text; tables are laid out to the width already.
  const push = (lines: Line[]) => {
    for (const line of lines) out.push(painter.paintLine(cropLine(line, width)));
  };
  for (const block of doc.blocks) {
    if (block.kind === 'panel') {
      push(
        drawPanel(
          block.title,
          block.lines,
          { width, ascii, chars: ascii ? ASCII_PANEL : ROUNDED_PANEL },
          'dim',
        ),
      );
    } else if (block.kind === 'table') {
      for (const line of drawTable(block.table, env)) out.push(line);
    } else {
      if (block.blankBefore) out.push('');
      for (const line of block.heading ? [block.heading, ...block.lines] : block.lines) {
        push(wrapLine(sanitizeLine(line, ascii), width));
      }
    }
  }
  return out.join('\n');
}
