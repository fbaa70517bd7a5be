/**
 * A strict RFC 4180 parser written for the tests (no CSV library is installed): records end with CRLF,
 * fields are separated by commas, a field holding a comma, quote, CR or LF must be quoted, and a quote
 * inside a quoted field is doubled. Anything else throws, so the tests catch sloppy output.
 */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'CsvSyntaxError';
  }
}

export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  if (text === '') return records;
  while (true) {
    const [field, next] = text[i] === '"' ? readQuoted(text, i) : readPlain(text, i);
    record.push(field);
    i = next;
    if (i >= text.length) {
      records.push(record);
      return records;
    }
    if (text[i] === ',') {
      i++;
      continue;
    }
    // The only other way out of a field is a CRLF record end.
    records.push(record);
    record = [];
    i += 2;
    if (i >= text.length) return records;
  }
}

/** A quoted field starting at `start` (on its opening quote): its value and the index after it. */
function readQuoted(text: string, start: number): [string, number] {
  let value = '';
  let i = start + 1;
  while (true) {
    const quote = text.indexOf('"', i);
    if (quote < 0) throw new CsvSyntaxError('Unterminated quoted field', start);
    value += text.slice(i, quote);
    if (text[quote + 1] === '"') {
      value += '"';
      i = quote + 2;
      continue;
    }
    const after = quote + 1;
    if (after < text.length && text[after] !== ',' && !isCrlf(text, after)) {
      throw new CsvSyntaxError('Unexpected character after a closing quote', after);
    }
    return [value, after];
  }
}

function readPlain(text: string, start: number): [string, number] {
  let i = start;
  while (i < text.length && text[i] !== ',' && !isCrlf(text, i)) {
    const char = text[i]!;
    if (char === '"') throw new CsvSyntaxError('Quote inside an unquoted field', i);
    if (char === '\r' || char === '\n')
      throw new CsvSyntaxError('Bare line break inside an unquoted field', i);
    i++;
  }
  return [text.slice(start, i), i];
}

function isCrlf(text: string, i: number): boolean {
  return text[i] === '\r' && text[i + 1] === '\n';
}

/** Records as objects keyed by the header row. */
export function parseCsvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((row) => {
    if (row.length !== header.length) {
      throw new CsvSyntaxError(`Record has ${row.length} fields, the header ${header.length}`, 0);
    }
    return Object.fromEntries(header.map((name, i) => [name, row[i]!]));
  });
}
