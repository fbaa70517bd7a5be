import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Dataset,
  EqualsExpected,
  Evaluator,
  type EvaluatorContext,
  evaluator,
  IsInstance,
} from 'typed-evals';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { LineSplitter } from '../../src/dataset/file/read-lines.js';
import { DatasetLoadError, fixture, loadError, tempDir } from './helpers.js';

function writeLines(lines: string[], name = 'cases.jsonl', ending = '\n'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, lines.join(ending) + ending);
  return path;
}

const numbers = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ name: `case-${i}`, inputs: i, expected_output: i * 2 }),
  );

describe('Dataset.stream', () => {
  it('runs 20k lines through run(task, { keepResults: false }) with dataset-level evaluators from options', async () => {
    const path = writeLines(numbers(20_000));
    const dataset = Dataset.stream<number, number>(path, {
      evaluators: [
        new EqualsExpected(),
        new IsInstance({ typeName: 'number' }),
        evaluator('half', (ctx) => ctx.output / 2),
      ],
    });
    expect(dataset.name).toBe('cases');
    expect(dataset.caseSource().size).toBeUndefined();
    const progress = vi.fn();
    const run = dataset.run((x: number) => (x === 7 ? -1 : x * 2), { keepResults: false, progress });
    const report = await run.report();
    expect(report.caseCount).toBe(20_000);
    expect(report.failureCount).toBe(0);
    expect(report.cases).toEqual([]);
    expect(report.averages()?.assertions).toBeCloseTo((2 * 20_000 - 1) / (2 * 20_000), 10);
    expect(progress).toHaveBeenCalledTimes(20_000);
    expect(progress.mock.calls[0]![0].total).toBeUndefined();
  });

  it('works with evaluate(), more than once, in file order', async () => {
    const path = writeLines(numbers(50));
    const dataset = Dataset.stream(path, { evaluators: [new EqualsExpected()] });
    for (let pass = 0; pass < 2; pass++) {
      const report = await dataset.evaluate((x: number) => x * 2, { maxConcurrency: 4, progress: false });
      expect(report.cases.map((c) => c.name)).toEqual(numbers(50).map((_, i) => `case-${i}`));
      expect(report.cases.every((c) => c.assertions.EqualsExpected!.value)).toBe(true);
    }
  });

  it('builds per-line evaluators, with custom classes registered by passing them', async () => {
    class Positive extends Evaluator<unknown, number> {
      evaluate(ctx: EvaluatorContext<unknown, number>) {
        return ctx.output > 0;
      }
    }
    const path = writeLines([
      '{"inputs": 1, "evaluators": ["Positive", {"IsInstance": "int"}]}',
      '{"inputs": -1, "metadata": null, "expected_output": null, "evaluators": []}',
    ]);
    const report = await Dataset.stream(path, { evaluators: [Positive] }).evaluate((x: number) => x, {
      progress: false,
    });
    expect(report.cases.map((c) => Object.keys(c.assertions))).toEqual([['Positive', 'IsInstance'], []]);
    expect(report.cases[1]!.expectedOutput).toBeUndefined();
  });

  it('stops the run at a bad line by default, naming the line', async () => {
    const path = writeLines([...numbers(10), '{"inputs": 10, "expected_output": }', ...numbers(5)]);
    const run = Dataset.stream(path).run((x: number) => x, { progress: false });
    const error = await run.report().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatasetLoadError);
    expect((error as DatasetLoadError).issues).toEqual([
      { path: '', message: 'Unexpected character "}", expected a value', file: path, line: 11, column: 35 },
    ]);
  });

  it('runs every case before a bad line, also those read in the same chunk as it', async () => {
    const path = writeLines([...numbers(3000), '{"inputs": }', ...numbers(5)]);
    const seen: string[] = [];
    const run = Dataset.stream(path).run((x: number) => x, { progress: false, maxConcurrency: 7 });
    const error = await (async () => {
      try {
        for await (const r of run) seen.push(r.name);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DatasetLoadError);
    expect((error as DatasetLoadError).issues[0]!.line).toBe(3001);
    expect(seen.sort()).toEqual(
      numbers(3000)
        .map((_, i) => `case-${i}`)
        .sort(),
    );
  });

  it('stops reading the file when the run is aborted or its iterator is left', async () => {
    const path = writeLines(numbers(20_000));
    const dataset = Dataset.stream<number, number>(path);
    const controller = new AbortController();
    let calls = 0;
    const report = await dataset.evaluate(
      (x: number) => {
        if (++calls === 100) controller.abort();
        return x;
      },
      { signal: controller.signal, maxConcurrency: 1, progress: false },
    );
    expect(report.aborted).toBe(true);
    expect(calls).toBe(100);
    expect(report.cases).toHaveLength(100);

    const run = dataset.run((x: number) => x, { progress: false });
    let seen = 0;
    for await (const _ of run) if (++seen === 10) break;
    const partial = await run.report();
    expect(partial.aborted).toBe(true);
    expect(partial.caseCount).toBeLessThan(20_000);
    // The file is read again from the start by the next run.
    const again = await dataset.evaluate((x: number) => x, { progress: false });
    expect(again.cases).toHaveLength(20_000);
  });

  it('repeats streamed cases, in file order, across read chunks', async () => {
    // ~60 bytes a line: 3000 lines span several 64 KiB chunks.
    const path = writeLines(numbers(3000));
    const calls = vi.fn((x: number) => x * 2);
    const report = await Dataset.stream(path, { evaluators: [new EqualsExpected()] }).evaluate(calls, {
      repeat: 2,
      progress: false,
    });
    expect(calls).toHaveBeenCalledTimes(6000);
    expect(report.cases.map((c) => c.name).slice(0, 4)).toEqual([
      'case-0 [1/2]',
      'case-0 [2/2]',
      'case-1 [1/2]',
      'case-1 [2/2]',
    ]);
    expect(report.cases.at(-1)!.name).toBe('case-2999 [2/2]');
    expect(report.cases.every((c) => c.sourceCaseName === c.name.split(' ')[0])).toBe(true);
    expect(report.averages()?.assertions).toBe(1);
  });

  it("with onInvalidLine: 'skip' leaves bad lines out, keeps them, and warns once at the end", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const path = writeLines(['{"inputs": 1}', 'not json', '{"inputs": 2, "extra": 1}', '{"inputs": 3}']);
      const dataset = Dataset.stream(path, { onInvalidLine: 'skip' });
      const report = await dataset.evaluate((x: number) => x, { progress: false });
      expect(report.cases.map((c) => c.inputs)).toEqual([1, 3]);
      expect(dataset.skippedLineCount).toBe(2);
      expect(dataset.skippedLines.map((i) => [i.line, i.column, i.path])).toEqual([
        [2, 1, ''],
        [3, 15, 'extra'],
      ]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toContain(`Skipped 2 invalid line(s) of ${path}:`);
      expect((warnings[0] as Error & { code?: string }).code).toBe('TYPED_EVALS_SKIPPED_LINES');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('reads CRLF endings, blank lines, a byte-order mark and a last line without newline', async () => {
    const path = join(tempDir(), 'crlf.jsonl');
    writeFileSync(path, '\uFEFF{"inputs": "a"}\r\n\r\n   \r\n{"inputs": "b"}\r\n{"inputs": "c"}');
    const report = await Dataset.stream(path).evaluate((s: string) => s, { progress: false });
    expect(report.cases.map((c) => [c.name, c.inputs])).toEqual([
      ['Case 1', 'a'],
      ['Case 2', 'b'],
      ['Case 3', 'c'],
    ]);
  });

  it('reads lines longer than a read chunk and CRLF split across chunks', async () => {
    const long = 'x'.repeat(200_000);
    const path = join(tempDir(), 'long.jsonl');
    const first = `{"inputs": "${long}"}`;
    // A 200 kB line spans several 64 KiB read chunks.
    writeFileSync(path, `${first}\r\n{"inputs": "short"}\r\n`);
    const report = await Dataset.stream(path).evaluate((s: string) => s.length, { progress: false });
    expect(report.cases.map((c) => c.output)).toEqual([200_000, 5]);
  });

  it('validates each line with an (async) schema', async () => {
    const inputs = z.number().refine(async (n) => n >= 0, 'must be >= 0');
    const path = writeLines(['{"inputs": 1}', '{"inputs": -4}']);
    const error = await Dataset.stream(path, { schema: { inputs } })
      .evaluate((x: number) => x, { progress: false })
      .catch((e: unknown) => e);
    expect((error as DatasetLoadError).issues).toEqual([
      { path: 'inputs', message: 'must be >= 0', file: path, line: 2, column: 12 },
    ]);
  });

  it('has no cases array and takes no cases', () => {
    const dataset = Dataset.stream(writeLines(numbers(1)));
    expect(() => dataset.cases).toThrow(/is streamed from .* and has no cases array/);
    expect(() => dataset.addCase({ inputs: 1 })).toThrow(/cannot be added to the streamed dataset/);
  });

  it('reports a missing file at once', () => {
    expect(() => Dataset.stream(join(tempDir(), 'missing.jsonl'))).toThrow(DatasetLoadError);
    expect(() => Dataset.stream(writeLines(numbers(1)), { onInvalidLine: 'ignore' as never })).toThrow(
      "onInvalidLine must be 'skip' or 'error', got ignore",
    );
  });
});

describe('Dataset.fromFile on JSONL', () => {
  it('loads every line into memory, named after the file', () => {
    const dataset = Dataset.fromFile(writeLines(numbers(3), 'golden.jsonl'));
    expect(dataset.name).toBe('golden');
    expect(dataset.cases.map((c) => [c.name, c.inputs, c.expectedOutput])).toEqual([
      ['case-0', 0, 0],
      ['case-1', 1, 2],
      ['case-2', 2, 4],
    ]);
  });

  it('lists every bad line', () => {
    const error = loadError(() => Dataset.fromFile(fixture('bad', 'lines.jsonl')));
    expect(error.issues.map((i) => i.line)).toEqual([2, 3, 5, 6, 7, 8]);
  });
});

describe('LineSplitter', () => {
  it('joins lines across chunks, drops CR of CRLF split between chunks, and the byte-order mark', () => {
    const lines = new LineSplitter();
    const seen: [string, number][] = [];
    const take = (first: string | undefined) => {
      for (let line = first; line !== undefined; line = lines.next()) seen.push([line, lines.lineNumber]);
    };
    take(lines.push('\uFEFFab'));
    take(lines.push('c\r'));
    take(lines.push('\nde\n\nf'));
    const last = lines.end();
    expect(seen).toEqual([
      ['abc', 1],
      ['de', 2],
      ['', 3],
    ]);
    expect([last, lines.lineNumber]).toEqual(['f', 4]);
  });
});
