import { EvaluationReport, type RenderOptions } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { defaultRtol, isSignificant } from '../../src/report/render/diff.js';
import { evaluatorFailure, reportCase, sampleCase } from './helpers/build.js';

const GREEN = '\x1b[32m';
const RED = '\x1b[31m';
const MAGENTA = '\x1b[35m';
const BOLD = '\x1b[1m';

function render(report: EvaluationReport, options: RenderOptions = {}): string {
  return report.render({ color: false, ascii: false, width: 200, ...options });
}

function line(output: string, text: string): string {
  const found = output.split('\n').find((l) => l.includes(text));
  if (!found) throw new Error(`no line with ${JSON.stringify(text)} in\n${output}`);
  return found;
}

const report = (name: string, ...cases: ReturnType<typeof reportCase>[]) =>
  new EvaluationReport({ name, cases });

describe('significance', () => {
  it.each([
    [0.9, 0.95, 1e-6, 0.05, true],
    [0.9, 0.94, 1e-6, 0.05, false],
    [1000, 1002, 1e-6, 0.001, true],
    [1000, 1000.99, 1e-6, 0.001, false],
    [0, 1e-6, 1e-6, 0.05, true],
    [0, 9e-7, 1e-6, 0.05, false],
    [0.1, 0.12, 1e-6, 0.1, true],
    [0.1, 0.105, 1e-6, 0.1, false],
    [-2, -1, 1e-6, 0.05, true],
  ])('|%s → %s| with atol %s, rtol %s: %s', (old, next, atol, rtol, expected) => {
    expect(isSignificant(old, next, atol, rtol)).toBe(expected);
  });

  it.each([
    [[1, 2, 3], 0.001],
    [[1, 2.5], 0.05],
    [[0.5], 0.05],
    [[], 0.001],
  ])('rtol for values %j is %s', (values, rtol) => {
    expect(defaultRtol(values)).toBe(rtol);
  });
});

describe('diff cells', () => {
  const diff = (
    old: Parameters<typeof reportCase>[1],
    next: Parameters<typeof reportCase>[1],
    options: RenderOptions = {},
  ) =>
    render(report('new', reportCase('c', next)), {
      baseline: report('old', reportCase('c', old)),
      ...options,
    });

  it('annotates and colours a significant score increase green, a decrease red', () => {
    const up = diff({ scores: { acc: 0.5 } }, { scores: { acc: 0.75 } }, { color: true });
    expect(line(up, 'acc')).toContain(`${BOLD}acc: `);
    expect(line(up, 'acc')).toContain(`${GREEN}0.500 → 0.750 (+0.25 / +50.0%)`);
    const down = diff({ scores: { acc: 0.75 } }, { scores: { acc: 0.5 } }, { color: true });
    expect(line(down, 'acc')).toContain(`${RED}0.750 → 0.500 (-0.25 / -33.3%)`);
  });

  it('colours metrics and durations the other way round (more is worse)', () => {
    const up = diff({ metrics: { cost: 1.5 } }, { metrics: { cost: 3.5 } }, { color: true });
    expect(line(up, 'cost')).toContain(`${RED}1.50 → 3.50 (+2.0 / 2.3x)`);
    const down = diff({ metrics: { cost: 3.5 } }, { metrics: { cost: 1.5 } }, { color: true });
    expect(line(down, 'cost')).toContain(`${GREEN}3.50 → 1.50 (-2.0 / -57.1%)`);
    const slower = diff({ taskDuration: 0.1 }, { taskDuration: 0.2 }, { color: true });
    expect(line(slower, '200.0ms')).toContain(`${RED}100.0ms → 200.0ms (+100.0ms / +100.0%)`);
    const faster = diff({ taskDuration: 0.2 }, { taskDuration: 0.1 }, { color: true });
    expect(line(faster, '100.0ms')).toContain(`${GREEN}200.0ms → 100.0ms (-100.0ms / -50.0%)`);
  });

  it('shows an insignificant change without annotation or colour', () => {
    const out = diff({ scores: { acc: 0.9 } }, { scores: { acc: 0.93 } }, { color: true });
    expect(line(out, 'acc')).toContain('acc: 0.900 → 0.930 │');
    expect(line(out, 'acc')).not.toContain(GREEN);
    expect(line(diff({ taskDuration: 0.1 }, { taskDuration: 0.105 }), 'ms')).toContain('100.0ms → 105.0ms │');
  });

  it('shows a value once when both sides render the same', () => {
    expect(line(diff({ scores: { acc: 0.9 } }, { scores: { acc: 0.9000001 } }), 'acc')).toContain(
      'acc: 0.900 │',
    );
    expect(line(diff({ taskDuration: 0.1 }, { taskDuration: 0.1 }), 'ms')).toContain(' 100.0ms │');
  });

  it('uses rtol 0.001 when every value of a name is an integer, else 0.05', () => {
    expect(line(diff({ metrics: { tokens: 1000 } }, { metrics: { tokens: 1002 } }), 'tokens')).toContain(
      'tokens: 1,000 → 1,002 (+2)',
    );
    const mixed = render(
      report(
        'new',
        reportCase('c', { metrics: { tokens: 1002 } }),
        reportCase('d', { metrics: { tokens: 0.5 } }),
      ),
      {
        baseline: report(
          'old',
          reportCase('c', { metrics: { tokens: 1000 } }),
          reportCase('d', { metrics: { tokens: 0.5 } }),
        ),
      },
    );
    expect(line(mixed, 'tokens: 1,000')).toContain('tokens: 1,000 → 1,002 │');
  });

  it('shows labels and values in magenta with a bold name', () => {
    const out = diff(
      { labels: { tone: 'calm' }, output: 'a' },
      { labels: { tone: 'angry' }, output: 'b' },
      { color: true, includeOutput: true },
    );
    expect(out).toContain(`${BOLD}tone: `);
    expect(out).toContain(`${MAGENTA}calm → angry`);
    expect(line(diff({ output: 'a' }, { output: 'b' }, { includeOutput: true }), 'a → b')).toBeTruthy();
  });

  it('marks a name missing on one side as <missing>', () => {
    const out = diff({ scores: { acc: 0.5 } }, { scores: { f1: 0.25 } });
    expect(out).toContain('acc: 0.500 → <missing>');
    expect(out).toContain('f1: <missing> → 0.250');
  });

  it('diffs assertions as marks and the average as a rate', () => {
    const out = diff({ assertions: { a: true, b: false } }, { assertions: { a: true, b: true } });
    expect(line(out, '│ c ')).toContain('✔✗ → ✔✔');
    expect(line(out, 'Averages')).toContain('50.0% ✔ → 100.0% ✔');
    const same = diff({ assertions: { a: true } }, { assertions: { a: true } });
    expect(line(same, '│ c ')).toContain('│ ✔ ');
  });

  it('lists old evaluator failures, an arrow, then the new ones', () => {
    const out = diff(
      { evaluatorFailures: [evaluatorFailure('Judge', 'Error: old')] },
      { evaluatorFailures: [evaluatorFailure('Judge', 'Error: new')] },
    );
    const lines = out.split('\n');
    const at = lines.findIndex((l) => l.includes('Judge: Error: old'));
    expect(lines[at + 1]).toMatch(/│ → +│/);
    expect(lines[at + 2]).toContain('Judge: Error: new');
  });

  it('ignores includeReasons in a diff', () => {
    const out = diff(
      { scores: { acc: [0.5, 'why'] } },
      { scores: { acc: [0.5, 'why'] } },
      { includeReasons: true },
    );
    expect(out).not.toContain('Reason');
  });
});

describe('diff rows', () => {
  const baseline = report(
    'base',
    reportCase('b', { scores: { s: 0.5 } }),
    reportCase('gone', { scores: { s: 0.1 } }),
    reportCase('a', { scores: { s: 0.5 } }),
  );
  const next = report(
    'next',
    reportCase('new', { scores: { s: 0.9 } }),
    reportCase('b', { scores: { s: 0.5 } }),
    reportCase('a', { scores: { s: 0.5 } }),
  );

  it('sorts matched cases by name, then added ones; removed cases and their values are left out', () => {
    const out = render(next, { baseline });
    const names = out
      .split('\n')
      .map((l) => l.split('│')[1]?.trim())
      .filter(Boolean);
    expect(names).toEqual(['a', 'b', '+ Added Case', 'new', 'Averages']);
    // Averages: 0.5 (baseline a, b) against 0.633 (a, b, new); `gone` counts nowhere.
    expect(line(out, 'Averages')).toContain('s: 0.500 → 0.633 (+0.133 / +26.7%)');
  });

  it('adds removed cases last with includeRemovedCases, and counts them in the baseline average', () => {
    const out = render(next, { baseline, includeRemovedCases: true });
    const names = out
      .split('\n')
      .map((l) => l.split('│')[1]?.trim())
      .filter(Boolean);
    expect(names).toEqual(['a', 'b', '+ Added Case', 'new', '- Removed Case', 'gone', 'Averages']);
    expect(line(out, 'Averages')).toContain('s: 0.367 → 0.633 (+0.267 / +72.7%)');
  });

  it('titles the diff with both names, or one when they are equal', () => {
    expect(render(next, { baseline })).toContain('Evaluation Diff: base → next');
    expect(
      render(next, { baseline: report('next', reportCase('a')) })
        .split('\n')[0]!
        .trim(),
    ).toBe('Evaluation Diff: next');
    expect(render(next, { baseline, ascii: true })).toContain('Evaluation Diff: base -> next');
  });

  it('shows metadata changes against a baseline without metadata as additions', () => {
    const withMeta = new EvaluationReport({
      name: 'n',
      cases: [sampleCase()],
      experimentMetadata: { model: 'a', t: 1 },
    });
    const out = render(withMeta, { baseline: report('n', sampleCase()) });
    expect(out.split('\n').slice(0, 4)).toEqual([
      '╭─ Evaluation Diff: n ─╮',
      '│ + model: a           │',
      '│ + t: 1               │',
      '╰──────────────────────╯',
    ]);
    const removed = render(report('n', sampleCase()), { baseline: withMeta });
    expect(removed).toContain('│ - model: a ');
  });
});
