import type { DataPath } from './errors.js';

/**
 * A small JSON scanner, used only when something is wrong: it finds where a syntax error is (JSON.parse
 * messages differ between Node versions and often give no position) and where a path's value or key
 * starts in a valid text. Offsets count UTF-16 units from 0.
 */
class ScanError {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string): never {
    throw new ScanError(this.pos, message);
  }

  skipWhitespace(): void {
    while (this.pos < this.text.length) {
      const ch = this.text.charCodeAt(this.pos);
      if (ch !== 0x20 && ch !== 0x09 && ch !== 0x0a && ch !== 0x0d) return;
      this.pos++;
    }
  }

  unexpected(expected: string): never {
    if (this.pos >= this.text.length) this.fail(`Unexpected end of JSON input, expected ${expected}`);
    this.fail(`Unexpected character ${JSON.stringify(this.text[this.pos])}, expected ${expected}`);
  }

  expect(char: string, expected: string): void {
    if (this.text[this.pos] !== char) this.unexpected(expected);
    this.pos++;
  }

  /** Skips one value, checking its syntax. */
  value(): void {
    this.skipWhitespace();
    const ch = this.text[this.pos];
    if (ch === '{') this.object();
    else if (ch === '[') this.array();
    else if (ch === '"') this.string();
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) this.number();
    else this.literal();
  }

  literal(): void {
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return;
      }
    }
    this.unexpected('a value');
  }

  object(): void {
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.member();
      this.skipWhitespace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return;
      }
      this.expect(',', "',' or '}'");
    }
  }

  /** `"key": value`, returning the key. */
  member(): string {
    this.skipWhitespace();
    if (this.text[this.pos] !== '"') this.unexpected('a property name in double quotes');
    const key = this.string();
    this.skipWhitespace();
    this.expect(':', "':'");
    this.value();
    return key;
  }

  array(): void {
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      this.skipWhitespace();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return;
      }
      this.expect(',', "',' or ']'");
    }
  }

  string(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (ch === '"') {
        this.pos++;
        return JSON.parse(this.text.slice(start, this.pos)) as string;
      }
      if (ch.charCodeAt(0) < 0x20) this.fail('Control character in string (escape it, e.g. \\n)');
      if (ch === '\\') this.escape();
      else this.pos++;
    }
    this.fail('Unterminated string');
  }

  escape(): void {
    const next = this.text[this.pos + 1];
    if (next === 'u') {
      if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6)))
        this.fail('Bad \\u escape in string');
      this.pos += 6;
    } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
      this.pos += 2;
    } else {
      this.fail('Bad escape in string');
    }
  }

  number(): void {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(
      this.text.slice(this.pos, this.pos + 400),
    );
    if (!match) this.unexpected('a number');
    this.pos += match[0].length;
  }
}

/** The first syntax error of a JSON text, or undefined when it is valid. */
export function findJsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.value();
    scanner.skipWhitespace();
    if (scanner.pos < text.length) scanner.fail('Unexpected text after the JSON value');
    return undefined;
  } catch (error) {
    if (error instanceof ScanError) return { offset: error.offset, message: error.message };
    return { offset: 0, message: 'Invalid JSON' };
  }
}

const SEP = '\u0000';
const pathKey = (path: DataPath, length: number) => {
  let key = '';
  for (let i = 0; i < length; i++) key += SEP + String(path[i]);
  return key;
};

/**
 * A function giving the offset of the value at `path` in a valid JSON text (of its key with `atKey`), or
 * of the deepest value on the path that exists. The first call indexes the text in one pass, so placing
 * many issues stays linear.
 */
export function jsonLocator(text: string): (path: DataPath, atKey?: boolean) => number {
  let index: Map<string, [value: number, key: number]> | undefined;
  return (path, atKey = false) => {
    index ??= indexJson(text);
    for (let length = path.length; length >= 0; length--) {
      const entry = index.get(pathKey(path, length));
      if (entry) return length === path.length && atKey && entry[1] >= 0 ? entry[1] : entry[0];
    }
    return 0;
  };
}

/** Offsets of every value (and its key) by path. */
function indexJson(text: string): Map<string, [number, number]> {
  const index = new Map<string, [number, number]>();
  const scanner = new Scanner(text);
  const visit = (key: string, keyOffset: number): void => {
    scanner.skipWhitespace();
    index.set(key, [scanner.pos, keyOffset]);
    const open = text[scanner.pos];
    if (open !== '{' && open !== '[') {
      scanner.value();
      return;
    }
    const close = open === '{' ? '}' : ']';
    scanner.pos++;
    scanner.skipWhitespace();
    for (let i = 0; text[scanner.pos] !== close; i++) {
      if (open === '{') {
        scanner.skipWhitespace();
        const memberOffset = scanner.pos;
        const name = scanner.string();
        scanner.skipWhitespace();
        scanner.expect(':', "':'");
        visit(key + SEP + name, memberOffset);
      } else {
        visit(key + SEP + String(i), -1);
      }
      scanner.skipWhitespace();
      if (text[scanner.pos] === ',') scanner.pos++;
      else if (text[scanner.pos] !== close) scanner.unexpected(`',' or '${close}'`);
    }
    scanner.pos++;
  };
  try {
    visit('', -1);
  } catch {
    // an invalid text: keep what was indexed
  }
  return index;
}

/** 1-based line and column of an offset (one scan; for one position in a short text). */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  return lineColumnFinder(text)(offset);
}

/** A function giving the 1-based line and column of offsets in `text`; line starts are found once. */
export function lineColumnFinder(text: string): (offset: number) => { line: number; column: number } {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    const target = Math.min(Math.max(offset, 0), text.length);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= target) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: target - starts[low]! + 1 };
  };
}
