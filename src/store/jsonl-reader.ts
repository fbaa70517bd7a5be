/**
 * @module
 * Reads run files. Lines are read in chunks (no readline); a last line without its newline is a record
 * cut by a crash in the middle of a write and is ignored, as is any line that is not valid JSON (a
 * proper prefix of a JSON object never parses, so a cut record can never pass for data).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

const CHUNK = 1 << 20;

/** Parsed records of a JSONL file, complete lines only. */
export async function* readRecords(path: string): AsyncIterable<Record<string, unknown>> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    // A chunk may end inside a multi-byte character: the decoder keeps its first bytes for the next one.
    const decoder = new StringDecoder('utf8');
    let carry = '';
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const text = carry + decoder.write(buffer.subarray(0, bytesRead));
      const lines = text.split('\n');
      carry = lines.pop()!;
      for (const line of lines) {
        const record = parseLine(line);
        if (record) yield record;
      }
    }
    // `carry` is the text after the last newline: a truncated record, never data.
  } finally {
    await handle.close();
  }
}

/** A record from one line, or undefined when the line is empty or not a JSON object. */
export function parseLine(line: string): Record<string, unknown> | undefined {
  if (line.length === 0) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The first line of a file (the header), read without loading the rest. */
export function readFirstLine(path: string): Record<string, unknown> | undefined {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    const buffer = Buffer.allocUnsafe(64 * 1024);
    let position = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, position);
      if (bytesRead === 0) return undefined;
      const newline = buffer.subarray(0, bytesRead).indexOf(10);
      if (newline >= 0) {
        chunks.push(Buffer.from(buffer.subarray(0, newline)));
        return parseLine(Buffer.concat(chunks).toString('utf8'));
      }
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
      position += bytesRead;
    }
  } finally {
    closeSync(fd);
  }
}

/** The last complete line of a file (the footer of a finished run), from a read of its tail. */
export function readLastLine(path: string, size: number): Record<string, unknown> | undefined {
  if (size === 0) return undefined;
  const fd = openSync(path, 'r');
  try {
    const length = Math.min(size, 256 * 1024);
    const buffer = Buffer.allocUnsafe(length);
    const bytesRead = readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString('utf8', 0, bytesRead);
    if (!text.endsWith('\n')) return undefined;
    const start = text.lastIndexOf('\n', text.length - 2) + 1;
    if (start === 0 && length < size) return undefined;
    return parseLine(text.slice(start, -1));
  } finally {
    closeSync(fd);
  }
}
