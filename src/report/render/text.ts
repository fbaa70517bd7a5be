import stringWidth from 'string-width';

/**
 * Styled text of the renderer: a cell is lines, a line is spans. Styles are space-separated tokens
 * (`bold`, `italic`, `dim`, `red`, `green`, `yellow`, `magenta`) turned into ANSI codes only at the end, so
 * widths are always measured on plain text.
 */
export interface Span {
  text: string;
  style?: string;
}
export type Line = Span[];
export type Cell = Line[];

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const graphemes = new Intl.Segmenter();

const widthCache = new Map<string, number>();
const TEXT_DEFAULT_SYMBOL = /^\p{Extended_Pictographic}$/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;

/** Display width in terminal columns (wide CJK and emoji count 2). */
export function textWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = widthCache.get(text);
  if (width === undefined) {
    width = 0;
    for (const { segment } of graphemes.segment(text)) width += graphemeWidth(segment);
    // Cells repeat the same few symbols (✔, ✗, →) thousands of times; the cache is bounded.
    if (widthCache.size > 10_000) widthCache.clear();
    widthCache.set(text, width);
  }
  return width;
}

/**
 * string-width counts symbols such as ✔ (U+2714) as emoji (2 columns), but without a VS16 selector
 * terminals draw them in text presentation, 1 column wide (as wcwidth and rich count them).
 */
function graphemeWidth(grapheme: string): number {
  if (TEXT_DEFAULT_SYMBOL.test(grapheme) && !EMOJI_PRESENTATION.test(grapheme)) return 1;
  return stringWidth(grapheme);
}

export function lineWidth(line: Line): number {
  let width = 0;
  for (const span of line) width += textWidth(span.text);
  return width;
}

export function lineText(line: Line): string {
  let text = '';
  for (const span of line) text += span.text;
  return text;
}

/** One span, split into lines at `\n`, each line one span with the same style. */
export function textCell(text: string, style?: string): Cell {
  if (!text.includes('\n')) return [[span(text, style)]];
  return text.split(/\r?\n/).map((part) => [span(part, style)]);
}

export function span(text: string, style?: string): Span {
  return style ? { text, style } : { text };
}

// ---- Sanitizing ----------------------------------------------------------------------------------------

const NEEDS_CARE = /[^\x20-\x7e]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

/**
 * Makes user text safe for one terminal line: tabs become spaces, other control characters (ANSI escape
 * sequences included) become `\x1b`-style escapes, and in ASCII mode every non-ASCII character is escaped
 * the way Python's `ascii()` does (`\xe9`, `\u2192`, `\U0001f600`).
 */
export function sanitize(text: string, ascii: boolean): string {
  if (!NEEDS_CARE.test(text)) return text;
  if (!ascii && !CONTROL.test(text)) return text;
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 0x09) out += '    ';
    else if (code >= 0x20 && code < 0x7f) out += char;
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${hex(code, 2)}`;
    else if (!ascii) out += char;
    else if (code <= 0xff) out += `\\x${hex(code, 2)}`;
    else if (code <= 0xffff) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return out;
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

export function sanitizeLine(line: Line, ascii: boolean): Line {
  let clean = true;
  for (const s of line) {
    if (NEEDS_CARE.test(s.text)) {
      clean = false;
      break;
    }
  }
  if (clean) return line;
  return line.map((s) => span(sanitize(s.text, ascii), s.style));
}

// ---- Wrapping ------------------------------------------------------------------------------------------

/**
 * Wraps a line to `width` columns: breaks at spaces (dropping them at the break), folds words longer than
 * a line, keeps the leading indentation of the first line only. Styles follow their characters.
 */
export function wrapLine(line: Line, width: number): Line[] {
  const plain = lineText(line);
  if (textWidth(plain) <= width) return [line];
  return breakPoints(plain, width).map(([start, end]) => sliceLine(line, start, end));
}

/** [start, end) ranges of `text` (UTF-16 indices), one per output line. */
function breakPoints(text: string, width: number): [number, number][] {
  const ranges: [number, number][] = [];
  let start = -1;
  let end = 0;
  let used = 0;
  let pending = 0;
  let hasWord = false;
  const flush = () => {
    // A line holding only indentation is dropped rather than printed blank.
    if (start >= 0 && hasWord) ranges.push([start, end]);
    start = -1;
    used = 0;
    pending = 0;
    hasWord = false;
  };
  const begin = (at: number, to: number, w: number) => {
    start = at;
    end = to;
    used = w;
    hasWord = true;
  };
  for (const match of text.matchAll(/(\S+)|\s+/g)) {
    const token = match[0];
    const at = match.index!;
    const w = textWidth(token);
    if (match[1] === undefined) {
      // Leading indentation of the first line is kept; other spaces only between words of one line.
      if (start < 0 && ranges.length === 0 && at === 0 && w < width) {
        start = 0;
        end = token.length;
        used = w;
      } else if (start >= 0) pending = w;
      continue;
    }
    if (start >= 0 && used + pending + w <= width) {
      used += pending + w;
      end = at + token.length;
      pending = 0;
      hasWord = true;
      continue;
    }
    flush();
    if (w <= width) {
      begin(at, at + token.length, w);
      continue;
    }
    for (const [from, to, pieceWidth] of foldWord(token, width)) {
      flush();
      begin(at + from, at + to, pieceWidth);
    }
  }
  flush();
  return ranges.length > 0 ? ranges : [[0, 0]];
}

/** Pieces of a word that fit `width` columns: [from, to, width]. */
function foldWord(word: string, width: number): [number, number, number][] {
  const pieces: [number, number, number][] = [];
  let from = 0;
  let used = 0;
  let index = 0;
  const units = PRINTABLE_ASCII.test(word) ? null : [...graphemes.segment(word)].map((g) => g.segment);
  const count = units ? units.length : word.length;
  for (let i = 0; i < count; i++) {
    const unit = units ? units[i]! : word[i]!;
    const w = units ? textWidth(unit) : 1;
    if (used + w > width && used > 0) {
      pieces.push([from, index, used]);
      from = index;
      used = 0;
    }
    index += unit.length;
    used += w;
  }
  pieces.push([from, index, used]);
  return pieces;
}

/** The characters [start, end) of a line's plain text, as spans with their styles. */
export function sliceLine(line: Line, start: number, end: number): Line {
  const out: Line = [];
  let offset = 0;
  for (const s of line) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + s.text.length);
    if (from < to) out.push(span(s.text.slice(from - offset, to - offset), s.style));
    offset += s.text.length;
    if (offset >= end) break;
  }
  return out;
}

/** Cuts a line to at most `width` columns (the last-resort guard; layout normally makes this a no-op). */
export function cropLine(line: Line, width: number): Line {
  if (lineWidth(line) <= width) return line;
  const out: Line = [];
  let used = 0;
  for (const s of line) {
    let taken = '';
    for (const { segment } of graphemes.segment(s.text)) {
      const w = textWidth(segment);
      if (used + w > width) break;
      taken += segment;
      used += w;
    }
    if (taken) out.push(span(taken, s.style));
    if (taken.length < s.text.length) break;
  }
  return out;
}

/** Pads a line with spaces to `width` columns, on the right or (right-justified) on the left. */
export function padLine(
  line: Line,
  measured: number,
  width: number,
  justify: 'left' | 'right' | 'center',
): Line {
  const gap = width - measured;
  if (gap <= 0) return line;
  if (justify === 'left') return [...line, { text: ' '.repeat(gap) }];
  if (justify === 'right') return [{ text: ' '.repeat(gap) }, ...line];
  const left = Math.floor(gap / 2);
  return [{ text: ' '.repeat(left) }, ...line, { text: ' '.repeat(gap - left) }];
}
