import { createReadStream } from 'node:fs';
import { DatasetLoadError } from './errors.js';

const CHUNK_BYTES = 64 * 1024;

/** The text of a file in 64 KiB chunks: memory stays bounded however long the file. */
export async function* readChunks(path: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<string>) yield chunk;
  } catch (error) {
    throw new DatasetLoadError(
      [{ path: '', message: `Cannot read the file: ${String(error)}`, file: path }],
      {
        file: path,
        cause: error,
      },
    );
  } finally {
    stream.destroy();
  }
}

/** Splits chunks into lines (LF or CRLF, a leading byte-order mark dropped), counting them from 1. */
export class LineSplitter {
  lineNumber = 0;
  #text = '';
  #start = 0;
  #started = false;

  /** Adds a chunk and returns its first complete line, if any. */
  push(chunk: string): string | undefined {
    let text = this.#text.slice(this.#start) + chunk;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.#text = text;
    this.#start = 0;
    return this.next();
  }

  /** The next complete line of the current chunk, or undefined. */
  next(): string | undefined {
    const end = this.#text.indexOf('\n', this.#start);
    if (end === -1) return undefined;
    const line = this.#text.slice(this.#start, end);
    this.#start = end + 1;
    this.lineNumber++;
    return stripCarriageReturn(line);
  }

  /** The last line when the file does not end with a newline. */
  end(): string | undefined {
    const rest = this.#text.slice(this.#start);
    this.#text = '';
    this.#start = 0;
    if (rest.length === 0) return undefined;
    this.lineNumber++;
    return stripCarriageReturn(rest);
  }
}

function stripCarriageReturn(line: string): string {
  return line.charCodeAt(line.length - 1) === 0x0d ? line.slice(0, -1) : line;
}
