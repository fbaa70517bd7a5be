import fc from 'fast-check';
import stringWidth from 'string-width';
import { EvaluationReport, type RenderOptions } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { caseFailure, evaluatorFailure, reportCase, sampleCase } from './helpers/build.js';

const graphemes = new Intl.Segmenter();
// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes.
const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * Display width measured with string-width, except that a lone pictograph without emoji presentation
 * (✔, ✗, ‼) counts 1 column, as wcwidth and terminals draw it; string-width counts it 2.
 */
function displayWidth(line: string): number {
  const plain = line.replace(ANSI, '');
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  let width = 0;
  for (const { segment } of graphemes.segment(plain)) width += graphemeWidth(segment);
  return width;
}

const widths = new Map<string, number>();
function graphemeWidth(grapheme: string): number {
  let width = widths.get(grapheme);
  if (width === undefined) {
    const textPresentation =
      [...grapheme].length === 1 &&
      /\p{Extended_Pictographic}/u.test(grapheme) &&
      !/\p{Emoji_Presentation}/u.test(grapheme);
    width = textPresentation ? 1 : stringWidth(grapheme);
    widths.set(grapheme, width);
  }
  return width;
}

const long = 'lorem ipsum dolor sit amet consectetur adipiscing elit '.repeat(6);

function kitchenSink(): { report: EvaluationReport; baseline: EvaluationReport } {
  const cases = [
    sampleCase({
      inputs: { query: long, tags: ['a', 'b'] },
      output: `multi\nline\noutput ${'x'.repeat(150)}`,
      scores: { relevance: [0.8, `because ${long}`], accuracy: 1 },
      labels: { tone: 'calm' },
      evaluatorFailures: [evaluatorFailure('LLMJudge', `RateLimitError: ${long}`)],
    }),
    reportCase('日本語のケース名', {
      inputs: '東京は日本の首都です。'.repeat(8),
      output: '😀 emoji 👍🏽 and café',
      labels: { tone: '很生气' },
      assertions: { a: true, b: false, c: [true, 'ok'] },
      metrics: { tokens: 1234567 },
      taskDuration: 1234.5,
      totalDuration: 2000,
    }),
    reportCase('escape\x1b[31m\tcase', {
      output: 'bell\x07 nul\x00 del\x7f',
      metadata: { k: '\u2192 arrow' },
    }),
  ];
  const report = new EvaluationReport({
    name: `sink ${'very-long-name-'.repeat(5)}`,
    cases,
    failures: [caseFailure('failed', { errorMessage: `Error: ${long}`, inputs: { q: long } })],
    experimentMetadata: { model: 'gpt-4o', prompt: long, emoji: '🚀 launch' },
    analyses: [
      {
        type: 'confusion_matrix',
        title: 'Confusion',
        classLabels: ['positive', 'negative', 'neutral'],
        matrix: [
          [5, 1, 0],
          [2, 7, 1],
          [0, 0, 9],
        ],
      },
      { type: 'scalar', title: `Accuracy ${long}`, value: 0.875, unit: '%' },
      { type: 'precision_recall', title: 'PR', curves: [{ name: 'run', points: [{}, {}], auc: 0.5 }] },
      {
        type: 'table',
        title: 'Per class',
        columns: ['class', 'precision', 'note'],
        rows: [
          ['positive', 0.83, long],
          ['neutral', null, true],
        ],
      },
    ],
    reportEvaluatorFailures: [evaluatorFailure('ROCAUCEvaluator', `ValueError: ${long}`)],
  });
  const baseline = new EvaluationReport({
    name: 'baseline',
    cases: [
      reportCase('test_case', { scores: { relevance: 0.5 }, metrics: { accuracy: 0.5 } }),
      reportCase('removed', { output: long }),
    ],
    experimentMetadata: { model: 'gpt-4o-mini' },
  });
  return { report, baseline };
}

const WIDTHS = [1, 5, 10, 20, 30, 40, 50, 60, 80, 100, 120, 160, 250];
const FULL: RenderOptions = {
  includeInput: true,
  includeMetadata: true,
  includeExpectedOutput: true,
  includeOutput: true,
  includeTotalDuration: true,
  includeErrorStack: true,
  includeReasons: true,
};

describe('width', () => {
  const { report, baseline } = kitchenSink();
  const variants: [string, RenderOptions][] = [
    ['plain', {}],
    ['all columns', FULL],
    ['diff', { ...FULL, baseline, includeRemovedCases: true }],
  ];

  for (const [label, options] of variants) {
    it.each(WIDTHS)(`never exceeds the width (${label}, width %i)`, (width) => {
      for (const ascii of [false, true]) {
        for (const color of [false, true]) {
          const out = report.render({ ...options, width, ascii, color });
          for (const line of out.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
        }
      }
    });
  }

  it('keeps the natural layout when it fits and wraps long values when it does not', () => {
    const report = new EvaluationReport({
      name: 'w',
      cases: [reportCase('a', { output: 'one two three four five six seven eight nine ten' })],
    });
    const wide = report.render({ width: 200, color: false, ascii: false, includeOutput: true });
    expect(wide).toContain('│ one two three four five six seven eight nine ten │');
    const narrow = report.render({ width: 40, color: false, ascii: false, includeOutput: true });
    const lines = narrow.split('\n');
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(40);
    expect(narrow).toContain('one two three');
    expect(lines.filter((l) => l.startsWith('│')).length).toBeGreaterThan(3);
  });

  it('folds words longer than a column', () => {
    const report = new EvaluationReport({ name: 'w', cases: [reportCase('a', { output: 'x'.repeat(100) })] });
    const out = report.render({
      width: 40,
      color: false,
      ascii: false,
      includeOutput: true,
      includeDurations: false,
    });
    const xs = out
      .split('\n')
      .flatMap((l) => l.match(/x+/g) ?? [])
      .join('');
    expect(xs).toBe('x'.repeat(100));
  });

  it('lets a title be wider than its table, wrapping it only at the width', () => {
    const report = new EvaluationReport({ name: 'a rather long experiment name', cases: [reportCase('a')] });
    const title = 'Evaluation Summary: a rather long experiment name';
    const lines = report.render({ width: 80, color: false, ascii: false }).split('\n');
    expect(displayWidth(lines[1]!)).toBeLessThan(title.length);
    expect(lines[0]).toBe(title);
    const narrow = report.render({ width: 30, color: false, ascii: false }).split('\n');
    expect(narrow.slice(0, 2)).toEqual(['Evaluation Summary: a rather', ' long experiment name']);
  });

  it('stacks rows as `Header: value` blocks when the columns cannot fit', () => {
    const report = new EvaluationReport({ name: 'n', cases: [sampleCase()] });
    const out = report.render({
      width: 30,
      color: false,
      ascii: false,
      includeInput: true,
      includeOutput: true,
    });
    expect(out).toContain('Case ID: test_case');
    expect(out).toContain('Scores: score1: 2.50');
    expect(out).toContain('─'.repeat(30));
  });

  it('holds for random content and widths (property)', () => {
    const value = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.integer(),
      fc.double({ noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 20 }), value, fc.double({ min: 0, max: 1, noNaN: true })), {
          maxLength: 4,
        }),
        fc.integer({ min: 1, max: 140 }),
        fc.boolean(),
        (rows, width, ascii) => {
          const cases = rows.map(([name, output, score], i) =>
            reportCase(`${name}${i}`, {
              output,
              inputs: { name },
              scores: { s: score },
              labels: { l: String(output) },
            }),
          );
          const out = new EvaluationReport({ name: 'p', cases }).render({
            width,
            ascii,
            color: false,
            includeInput: true,
            includeOutput: true,
          });
          for (const line of out.split('\n')) {
            if (displayWidth(line) > width) return false;
            if (ascii && /[^\x20-\x7e]/.test(line)) return false;
          }
          return true;
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('ascii', () => {
  const { report, baseline } = kitchenSink();

  it.each([
    ['plain', {}],
    ['all columns', FULL],
    ['diff', { ...FULL, baseline, includeRemovedCases: true }],
  ] as [string, RenderOptions][])('has no character above 0x7e (%s)', (_, options) => {
    for (const width of [40, 120, 300]) {
      const out = report.render({ ...options, width, ascii: true, color: false });
      expect(
        [...out].filter((c) => c.charCodeAt(0) > 0x7e || (c.charCodeAt(0) < 0x20 && c !== '\n')),
      ).toEqual([]);
    }
  });

  it('replaces the glyphs and escapes non-ASCII user text', () => {
    const r = new EvaluationReport({
      name: 'café',
      cases: [reportCase('a', { assertions: { ok: true, ko: false }, output: '→ 😀', taskDuration: 1.2e-5 })],
    });
    const out = r.render({ width: 120, ascii: true, color: false, includeOutput: true });
    expect(out).toContain('Evaluation Summary: caf\\xe9');
    expect(out).toContain('| vx ');
    expect(out).toContain('\\u2192 \\U0001f600');
    expect(out).toContain('12us');
    expect(out).toContain('50.0% v');
  });

  it('escapes control characters in user text in Unicode mode too', () => {
    const r = new EvaluationReport({
      name: 'n',
      cases: [reportCase('a\x1b[31mred', { output: 'tab\there' })],
    });
    const out = r.render({ width: 120, ascii: false, color: false, includeOutput: true });
    expect(out).toContain('a\\x1b[31mred');
    expect(out).toContain('tab    here');
    expect(out).not.toContain('\x1b');
  });
});
