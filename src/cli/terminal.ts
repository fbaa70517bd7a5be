/**
 * @module
 * Where the CLI writes: reports, summaries and gate results on stdout; progress, notices and errors on
 * stderr. Colours follow the report renderer's rule (a TTY and no NO_COLOR); ASCII follows the locale.
 */
import { isUtf8Locale } from '../report/render.js';
import type { SummaryStyle } from './summary.js';

export function printOut(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function printErr(text = ''): void {
  process.stderr.write(`${text}\n`);
}

export function stdoutStyle(ascii: boolean | undefined): SummaryStyle {
  return {
    ascii: ascii ?? !isUtf8Locale(process.env),
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
}
