import { EvaluationReport, OptionsError } from 'typed-evals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isUtf8Locale } from '../../src/report/render.js';
import { sampleCase } from './helpers/build.js';

const report = new EvaluationReport({
  name: 'r',
  cases: [sampleCase({ assertions: { a: true, b: false } })],
});
const ESC = '\x1b[';

const original = {
  isTTY: Object.getOwnPropertyDescriptor(process.stdout, 'isTTY'),
  columns: Object.getOwnPropertyDescriptor(process.stdout, 'columns'),
};

/** Makes stdout look like a terminal (or not); test workers have no TTY. */
function withTTY(isTTY: boolean, columns?: number) {
  Object.defineProperty(process.stdout, 'isTTY', { value: isTTY, configurable: true, writable: true });
  Object.defineProperty(process.stdout, 'columns', { value: columns, configurable: true, writable: true });
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  for (const key of ['isTTY', 'columns'] as const) {
    const descriptor = original[key];
    if (descriptor) Object.defineProperty(process.stdout, key, descriptor);
    else delete (process.stdout as unknown as Record<string, unknown>)[key];
  }
});

describe('locale detection', () => {
  it.each([
    [{}, true],
    [{ LANG: 'en_US.UTF-8' }, true],
    [{ LANG: 'C.utf8' }, true],
    [{ LANG: 'C' }, false],
    [{ LANG: 'POSIX' }, false],
    [{ LANG: 'en_US.ISO-8859-1' }, false],
    [{ LANG: 'en_US.UTF-8', LC_ALL: 'C' }, false],
    [{ LANG: 'C', LC_CTYPE: 'en_US.UTF-8' }, true],
    [{ LC_ALL: 'de_DE.UTF-8', LC_CTYPE: 'C' }, true],
  ])('%j → UTF-8: %s', (env, expected) => {
    expect(isUtf8Locale(env)).toBe(expected);
  });

  it('print() falls back to ASCII on a non-UTF-8 locale', () => {
    vi.stubEnv('LC_ALL', 'C');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    report.print({ color: false, width: 100 });
    const out = String(write.mock.calls[0]![0]);
    expect(out).toContain('| vx ');
    expect([...out].every((c) => c.charCodeAt(0) <= 0x7e)).toBe(true);
  });

  it('print() keeps Unicode on a UTF-8 locale, and an explicit `ascii` wins', () => {
    vi.stubEnv('LC_ALL', 'en_US.UTF-8');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    report.print({ color: false, width: 100 });
    report.print({ color: false, width: 100, ascii: true });
    expect(String(write.mock.calls[0]![0])).toContain('│ ✔✗ ');
    expect(String(write.mock.calls[1]![0])).toContain('| vx ');
  });
});

describe('colour', () => {
  it('is off by default when stdout is not a TTY', () => {
    withTTY(false);
    expect(report.render({ width: 100 })).not.toContain(ESC);
  });

  it('is on by default on a TTY, unless NO_COLOR is set', () => {
    withTTY(true, 100);
    vi.stubEnv('NO_COLOR', '');
    expect(report.render({ width: 100 })).toContain(ESC);
    vi.stubEnv('NO_COLOR', '1');
    expect(report.render({ width: 100 })).not.toContain(ESC);
  });

  it('follows the option over FORCE_COLOR and CI', () => {
    vi.stubEnv('FORCE_COLOR', '1');
    vi.stubEnv('CI', 'true');
    expect(report.render({ width: 100, color: false })).not.toContain(ESC);
    vi.stubEnv('FORCE_COLOR', '0');
    expect(report.render({ width: 100, color: true })).toContain(`${ESC}32m✔`);
  });
});

describe('width', () => {
  const wide = new EvaluationReport({ name: 'r', cases: [sampleCase({ output: 'word '.repeat(60) })] });
  const maxLine = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

  it('defaults to the terminal width on a TTY', () => {
    withTTY(true, 70);
    expect(maxLine(wide.render({ color: false, ascii: true, includeOutput: true }))).toBe(70);
  });

  it('defaults to COLUMNS, else 120, when stdout is not a TTY', () => {
    withTTY(false);
    vi.stubEnv('COLUMNS', '90');
    expect(maxLine(wide.render({ color: false, ascii: true, includeOutput: true }))).toBe(90);
    vi.stubEnv('COLUMNS', '');
    expect(maxLine(wide.render({ color: false, ascii: true, includeOutput: true }))).toBe(120);
  });

  it('rejects a width below 1', () => {
    expect(() => report.render({ width: 0 })).toThrow(OptionsError);
    expect(() => report.render({ width: Number.NaN })).toThrow('width must be a number >= 1');
  });
});
