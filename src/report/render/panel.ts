import { cropLine, type Line, lineWidth, padLine, sanitizeLine, span, wrapLine } from './text.js';

export interface PanelEnv {
  width: number;
  ascii: boolean;
  /** `[topLeft, horizontal, topRight, vertical, bottomLeft, bottomRight]`. */
  chars: string;
}

/**
 * A box as wide as its content (rich's `Panel(expand=False, title_align='left', padding=(0, 1))`), with
 * the title in the top edge: `╭─ title ─────╮`. Lines wrap and the title is cut when the width is short.
 */
export function drawPanel(title: string, content: Line[], env: PanelEnv, borderStyle?: string): Line[] {
  const [tl, h, tr, v, bl, br] = [...env.chars] as [string, string, string, string, string, string];
  const lines = content.map((line) => sanitizeLine(line, env.ascii));
  const titleLine = sanitizeLine([span(title, borderStyle)], env.ascii);
  if (env.width < 8) return [titleLine, ...lines].flatMap((line) => wrapLine(line, Math.max(env.width, 1)));

  const natural = Math.max(lineWidth(titleLine) + 2, ...lines.map(lineWidth));
  const inner = Math.min(natural, env.width - 4);
  const heading = fitTitle(titleLine, inner - 2, env.ascii);
  const fill = inner - 2 - lineWidth(heading) + 1;
  const out: Line[] = [
    [span(`${tl}${h} `, borderStyle), ...heading, span(` ${h.repeat(fill)}${tr}`, borderStyle)],
  ];
  for (const line of lines) {
    for (const part of wrapLine(line, inner)) {
      const padded = padLine(part, lineWidth(part), inner, 'left');
      out.push([span(`${v} `, borderStyle), ...padded, span(` ${v}`, borderStyle)]);
    }
  }
  out.push([span(`${bl}${h.repeat(inner + 2)}${br}`, borderStyle)]);
  return out;
}

function fitTitle(title: Line, width: number, ascii: boolean): Line {
  if (lineWidth(title) <= width) return title;
  const ellipsis = ascii ? '...' : '…';
  if (width <= ellipsis.length) return cropLine(title, width);
  return [...cropLine(title, width - ellipsis.length), span(ellipsis, title[0]?.style)];
}
