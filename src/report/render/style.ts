import picocolors from 'picocolors';
import type { Line } from './text.js';

/** The symbols the report draws itself, in Unicode or in ASCII. */
export interface Glyphs {
  pass: string;
  fail: string;
  arrow: string;
  micro: string;
  rule: string;
}

export const UNICODE_GLYPHS: Glyphs = { pass: '✔', fail: '✗', arrow: '→', micro: 'µs', rule: '─' };
export const ASCII_GLYPHS: Glyphs = { pass: 'v', fail: 'x', arrow: '->', micro: 'us', rule: '-' };

/**
 * Box characters, each edge as `[left, fill, divider, right]`: rich's HEAVY_HEAD table (heavy header,
 * light body), its ROUNDED panel, and their ASCII fallbacks.
 */
export interface TableBox {
  top: string;
  header: string;
  headerRule: string;
  body: string;
  rowRule: string;
  bottom: string;
}

export const HEAVY_HEAD: TableBox = {
  top: '┏━┳┓',
  header: '┃ ┃┃',
  headerRule: '┡━╇┩',
  body: '│ ││',
  rowRule: '├─┼┤',
  bottom: '└─┴┘',
};

export const ASCII_TABLE: TableBox = {
  top: '+--+',
  header: '| ||',
  headerRule: '|-+|',
  body: '| ||',
  rowRule: '|-+|',
  bottom: '+--+',
};

/** Panel corners and edges: `[topLeft, horizontal, topRight, vertical, bottomLeft, bottomRight]`. */
export const ROUNDED_PANEL = '╭─╮│╰╯';
export const ASCII_PANEL = '+-+|++';

type Formatter = (text: string) => string;

/** Turns styled lines into text, with ANSI codes when colour is on. */
export class Painter {
  readonly #colors: ReturnType<typeof picocolors.createColors>;
  readonly #cache = new Map<string, Formatter>();
  readonly enabled: boolean;

  constructor(enabled: boolean) {
    // createColors(enabled) so that our decision wins over picocolors' own FORCE_COLOR / CI detection.
    this.#colors = picocolors.createColors(enabled);
    this.enabled = enabled;
  }

  paintLine(line: Line): string {
    if (!this.enabled) {
      let text = '';
      for (const s of line) text += s.text;
      return text;
    }
    let out = '';
    let i = 0;
    while (i < line.length) {
      // Adjacent spans with the same style are painted once.
      const style = line[i]!.style;
      let text = '';
      while (i < line.length && line[i]!.style === style) text += line[i++]!.text;
      out += style && text.trim() ? this.#formatter(style)(text) : text;
    }
    return out;
  }

  #formatter(style: string): Formatter {
    let format = this.#cache.get(style);
    if (!format) {
      const fns = style
        .split(' ')
        .filter(Boolean)
        .map((token) => (this.#colors as unknown as Record<string, Formatter | undefined>)[token])
        .filter((fn): fn is Formatter => typeof fn === 'function');
      format = (text) => fns.reduceRight((acc, fn) => fn(acc), text);
      this.#cache.set(style, format);
    }
    return format;
  }
}

/** `outer` applied around `inner`: the inner colour wins where both set one. */
export function mergeStyles(outer: string | undefined, inner: string | undefined): string | undefined {
  if (!outer) return inner;
  if (!inner) return outer;
  return `${outer} ${inner}`;
}
