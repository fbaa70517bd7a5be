import { EvaluationReport, type RenderOptions } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { block, caseFailure, evaluatorFailure, reportCase, sampleCase } from './helpers/build.js';

function render(report: EvaluationReport, options: RenderOptions = {}): string {
  return report.render({ color: false, ascii: false, width: 120, ...options });
}

describe('analyses', () => {
  const report = new EvaluationReport({
    name: 'r',
    cases: [reportCase('a', { assertions: { ok: true } })],
    analyses: [
      {
        type: 'confusion_matrix',
        title: 'Confusion Matrix',
        classLabels: ['cat', 'dog'],
        matrix: [
          [3, 1],
          [0, 12],
        ],
      },
      { type: 'scalar', title: 'Accuracy', value: 0.9375, unit: '%' },
      { type: 'scalar', title: 'Count', value: 12 },
      {
        type: 'precision_recall',
        title: 'Precision-Recall Curve',
        curves: [
          { name: 'r', points: [{}, {}, {}], auc: 0.75 },
          { name: 'no auc', points: [] },
        ],
      },
      {
        type: 'line_plot',
        title: 'ROC Curve',
        curves: [
          { name: 'r (AUC: 0.812)', points: [{}, {}] },
          { name: 'Random', points: [{}, {}] },
        ],
      },
      {
        type: 'table',
        title: 'Per class',
        columns: ['class', 'f1', 'ok'],
        rows: [
          ['cat', 0.8571428571428571, true],
          ['dog', null, false],
        ],
      },
    ],
  });

  it('renders each kind after the main table', () => {
    const out = render(report);
    const after = out.slice(out.indexOf('└', out.indexOf('Averages')));
    expect(after).toBe(
      block(`
└──────────┴────────────┴──────────┘
          Confusion Matrix
┏━━━━━━━━━━━━━━━━━━━━━━┳━━━━━┳━━━━━┓
┃ Expected \\ Predicted ┃ cat ┃ dog ┃
┡━━━━━━━━━━━━━━━━━━━━━━╇━━━━━╇━━━━━┩
│ cat                  │   3 │   1 │
├──────────────────────┼─────┼─────┤
│ dog                  │   0 │  12 │
└──────────────────────┴─────┴─────┘
Accuracy: 0.9375 %
Count: 12
Precision-Recall Curve
  r: 3 points, AUC=0.7500
  no auc: 0 points
ROC Curve
  r (AUC: 0.812): 2 points
  Random: 2 points
              Per class
┏━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━┓
┃ class ┃ f1                 ┃ ok    ┃
┡━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━┩
│ cat   │ 0.8571428571428571 │ True  │
├───────┼────────────────────┼───────┤
│ dog   │                    │ False │
└───────┴────────────────────┴───────┘
`),
    );
  });

  it('reads snake_case fields of analyses saved by pydantic-evals', () => {
    const saved = new EvaluationReport({
      name: 'r',
      analyses: [{ type: 'confusion_matrix', title: 'CM', class_labels: ['x'], matrix: [[2]] }],
    });
    expect(render(saved)).toContain('│ x                    │ 2 │');
  });

  it('names an unknown kind of analysis by its title and type', () => {
    const custom = new EvaluationReport({ name: 'r', analyses: [{ type: 'heatmap', title: 'Heat' }] });
    expect(render(custom)).toContain('Heat (heatmap)');
  });

  it('leaves analyses out with includeAnalyses: false', () => {
    expect(render(report, { includeAnalyses: false })).not.toContain('Confusion Matrix');
  });
});

describe('failures', () => {
  const report = new EvaluationReport({
    name: 'r',
    cases: [
      reportCase('a', {
        assertions: { ok: true },
        evaluatorFailures: [evaluatorFailure('LLMJudge', 'RateLimitError: 429\nretry later')],
        teardownError: 'Error: cleanup failed',
      }),
      reportCase('b', { assertions: { ok: false } }),
    ],
    failures: [
      {
        ...caseFailure('c', {
          errorMessage: 'TypeError: x is undefined',
          errorStack: 'TypeError: x\n    at f (f.ts:1)',
        }),
        teardownError: 'Error: td',
      },
    ],
    reportEvaluatorFailures: [evaluatorFailure('ConfusionMatrixEvaluator', "ValueError: 'key' is required")],
  });

  it('shows evaluator failures (and a teardown error) in their own column', () => {
    const out = render(report);
    expect(out).toContain('┃ Evaluator Failures              ┃');
    expect(out).toContain('│ LLMJudge: RateLimitError: 429   │');
    expect(out).toContain('│ retry later                     │');
    expect(out).toContain('│ Teardown: Error: cleanup failed │');
    expect(out).toContain('│ b        │ ✗          │ -                               │');
    expect(render(report, { includeEvaluatorFailures: false })).not.toContain('Evaluator Failures');
  });

  it('lists report evaluator failures after a blank line', () => {
    const lines = render(report).split('\n');
    const at = lines.indexOf('Report Evaluator Failures:');
    expect(lines[at - 1]).toBe('');
    expect(lines[at + 1]).toBe("  ConfusionMatrixEvaluator: ValueError: 'key' is required");
    expect(render(report, { includeEvaluatorFailures: false })).not.toContain('Report Evaluator Failures');
  });

  it('draws the Case Failures table, with the stack on request, and hides it with includeErrors: false', () => {
    const out = render(report);
    expect(out).toContain('│ c       │ TypeError: x is undefined │');
    expect(out).toContain('│         │ Teardown: Error: td       │');
    expect(out).not.toContain('Error Stacktrace');
    const withStack = render(report, { includeErrorStack: true });
    expect(withStack).toContain('┃ Error Stacktrace');
    expect(withStack).toContain('│     at f (f.ts:1) │');
    expect(render(report, { includeErrors: false })).not.toContain('Case Failures');
  });

  it('paints the failures table red', () => {
    const out = report.render({ color: true, width: 120 });
    expect(out).toContain('\x1b[31m┏━━━━━━━━━┳');
  });
});

describe('cells', () => {
  it('renders strings plain, other values as Python repr, `-` for an empty string, <missing> for undefined', () => {
    const cases = [
      reportCase('a', { inputs: 'plain text', output: '', metadata: null, expectedOutput: undefined }),
      reportCase('b', {
        inputs: [1, 'two', true, null],
        output: { n: 1.5, s: "it's" },
        metadata: { nested: { x: [] } },
      }),
    ];
    const out = render(new EvaluationReport({ name: 'r', cases }), {
      includeInput: true,
      includeMetadata: true,
      includeExpectedOutput: true,
      includeOutput: true,
      includeAverages: false,
    });
    expect(out).toContain(
      '│ a       │ plain text             │ None                  │ <missing>       │ -                       │',
    );
    expect(out).toContain(
      `│ b       │ [1, 'two', True, None] │ {'nested': {'x': []}} │ <missing>       │ {'n': 1.5, 's': "it's"} │`,
    );
  });

  it('puts one `name: value` line per score, label and metric, and the marks on one line', () => {
    const out = render(
      new EvaluationReport({
        name: 'r',
        cases: [
          reportCase('a', {
            scores: { s1: 1, s2: 0.25 },
            labels: { l1: 'x', l2: 'y' },
            metrics: { tokens: 17348, cost: 0.0123 },
            assertions: { a: true, b: false, c: true },
          }),
        ],
      }),
      { includeAverages: false },
    );
    expect(out).toContain('│ a       │ s1: 1     │ l1: x  │ tokens: 17,348 │ ✔✗✔        │  100.0ms │');
    expect(out).toContain('│         │ s2: 0.250 │ l2: y  │ cost: 0.0123   │            │          │');
  });

  it('adds reasons under their results with includeReasons', () => {
    const report = new EvaluationReport({
      name: 'r',
      cases: [
        reportCase('a', {
          scores: { s: [0.5, 'half right'], t: 1 },
          assertions: { ok: [true, 'fine'], ko: false },
        }),
      ],
    });
    const out = render(report, { includeAverages: false, includeDurations: false });
    expect(out).not.toContain('Reason');
    const withReasons = render(report, {
      includeReasons: true,
      includeAverages: false,
      includeDurations: false,
    });
    expect(withReasons).toBe(
      block(`
               Evaluation Summary: r
┏━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┓
┃ Case ID ┃ Scores               ┃ Assertions     ┃
┡━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━┩
│ a       │ s: 0.500             │ ok: ✔          │
│         │   Reason: half right │   Reason: fine │
│         │                      │                │
│         │ t: 1                 │ ko: ✗          │
└─────────┴──────────────────────┴────────────────┘
`),
    );
  });

  it('shows label distributions as Python dicts in the Averages row', () => {
    const report = new EvaluationReport({
      name: 'r',
      cases: ['pos', 'neg', 'pos', 'neu'].map((tone, i) => reportCase(`c${i}`, { labels: { tone } })),
    });
    expect(render(report)).toContain("│ Averages │ tone: {'pos': 0.5, 'neg': 0.25, 'neu': 0.25} │");
  });

  it('shows the check even for a 0.0% pass rate, and a blank cell without assertions', () => {
    const failing = new EvaluationReport({
      name: 'r',
      cases: [reportCase('a', { assertions: { x: false } }), reportCase('b', { scores: { s: 1 } })],
    });
    expect(render(failing)).toContain('│ 0.0% ✔     │');
  });

  it('drops the Duration column with includeDurations: false and the Averages row with includeAverages: false', () => {
    const report = new EvaluationReport({ name: 'r', cases: [sampleCase()] });
    expect(render(report, { includeDurations: false })).not.toContain('Duration');
    expect(render(report, { includeAverages: false })).not.toContain('Averages');
  });
});

describe('report states', () => {
  it('renders an empty report as a header-only table (the title may be wider than the table)', () => {
    expect(render(new EvaluationReport({ name: 'empty' }))).toBe(
      block(`
Evaluation Summary: empty
┏━━━━━━━━━┳━━━━━━━━━━┓
┃ Case ID ┃ Duration ┃
┡━━━━━━━━━╇━━━━━━━━━━┩
└─────────┴──────────┘
`),
    );
  });

  it('marks an aborted report in the title', () => {
    const report = new EvaluationReport({ name: 'run', cases: [reportCase('a')], aborted: true });
    expect(render(report)).toContain('Evaluation Summary: run (aborted)');
  });

  it('renders the averages of a report that kept no per-case results', () => {
    const report = new EvaluationReport({
      name: 'big',
      summary: {
        caseCount: 1000,
        failureCount: 3,
        averages: {
          name: 'Averages',
          scores: { acc: 0.9 },
          labels: {},
          metrics: {},
          assertions: 0.5,
          taskDuration: 0.2,
          totalDuration: 0.3,
        },
      },
    });
    const out = render(report);
    expect(out).toContain('│ Averages │ acc: 0.900 │ 50.0% ✔    │  200.0ms │');
    expect(out).toContain('Case Failures: 3 (per-case results were not kept)');
  });
});
