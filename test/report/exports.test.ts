import { EvaluationReport } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { caseFailure, evaluatorFailure, reportCase, sampleCase } from './helpers/build.js';
import { parseCsv, parseCsvObjects } from './helpers/csv.js';

const report = new EvaluationReport({
  name: 'exports',
  cases: [
    sampleCase({
      scores: { score1: [2.5, 'close, but "not" quite'] },
      evaluatorFailures: [evaluatorFailure('Judge', 'Error: 429')],
    }),
    reportCase('b, with "quotes"', {
      inputs: 'line 1\nline 2',
      output: ['x', 1, null],
      scores: { other: 0.25 },
      labels: { label1: 'a|b' },
      assertions: { assertion1: false, extra: [true, 'reason\r\nwith CRLF'] },
      metrics: { tokens: 42 },
      sourceCaseName: 'b',
      teardownError: 'Error: cleanup',
    }),
  ],
  failures: [caseFailure('failed', { inputs: { q: 1 }, errorMessage: 'Error: a, "b"\nsecond line' })],
  experimentMetadata: { model: 'gpt-4o' },
  analyses: [{ type: 'scalar', title: 'Accuracy', value: 0.5 }],
});

describe('toCSV', () => {
  const csv = report.toCSV();
  const rows = parseCsvObjects(csv);

  it('is valid RFC 4180 with CRLF line ends', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    // Outside quoted fields, every line break is CRLF.
    const unquoted = csv.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    const records = parseCsv(csv);
    expect(records).toHaveLength(4);
    expect(records.every((record) => record.length === records[0]!.length)).toBe(true);
  });

  it('has a column per result name across cases, a reason column where some case gave one', () => {
    expect(parseCsv(csv)[0]).toEqual([
      'case',
      'source_case',
      'inputs',
      'metadata',
      'expected_output',
      'output',
      'scores.score1',
      'scores.score1.reason',
      'scores.other',
      'labels.label1',
      'assertions.assertion1',
      'assertions.extra',
      'assertions.extra.reason',
      'metrics.accuracy',
      'metrics.tokens',
      'task_duration',
      'total_duration',
      'evaluator_failures',
      'error',
    ]);
  });

  it('writes one row per case, failures last, with values that survive the round trip', () => {
    expect(rows.map((r) => r.case)).toEqual(['test_case', 'b, with "quotes"', 'failed']);
    const [first, second, failed] = rows as [
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
    ];
    expect(JSON.parse(first.inputs!)).toEqual({ query: 'What is 2+2?' });
    expect(first['scores.score1']).toBe('2.5');
    expect(first['scores.score1.reason']).toBe('close, but "not" quite');
    expect(first['scores.other']).toBe('');
    expect(first['assertions.assertion1']).toBe('true');
    expect(first['metrics.accuracy']).toBe('0.95');
    expect(first.task_duration).toBe('0.1');
    expect(first.evaluator_failures).toBe('Judge: Error: 429');
    expect(JSON.parse(second.inputs!)).toBe('line 1\nline 2');
    expect(JSON.parse(second.output!)).toEqual(['x', 1, null]);
    expect(second.metadata).toBe('');
    expect(second.source_case).toBe('b');
    expect(second['labels.label1']).toBe('a|b');
    expect(second['assertions.extra.reason']).toBe('reason\r\nwith CRLF');
    expect(second.evaluator_failures).toBe('Teardown: Error: cleanup');
    expect(failed.error).toBe('Error: a, "b"\nsecond line');
    expect(failed.output).toBe('');
    expect(failed['scores.score1']).toBe('');
  });

  it('writes only the header for an empty report', () => {
    expect(new EvaluationReport({ name: 'e' }).toCSV()).toBe(
      'case,source_case,inputs,metadata,expected_output,output,task_duration,total_duration,evaluator_failures,error\r\n',
    );
  });
});

describe('toMarkdown', () => {
  const md = report.toMarkdown({ includeInput: true });

  it('has the title, the metadata, a pipe table with averages, analyses and failures', () => {
    expect(md).toBe(
      [
        '## Evaluation Summary: exports',
        '',
        '- model: gpt-4o',
        '',
        '| Case ID | Inputs | Scores | Labels | Metrics | Assertions | Evaluator Failures | Duration |',
        '| :-- | :-- | :-- | :-- | :-- | :-- | :-- | --: |',
        "| **test\\_case** | {'query': 'What is 2+2?'} | score1: 2.50 | label1: hello | accuracy: 0.950 | ✔ | Judge: Error: 429 | 100.0ms |",
        '| **b, with "quotes"** | line 1<br>line 2 | other: 0.250 | label1: a\\|b | tokens: 42 | ✗✔ | Teardown: Error: cleanup | 100.0ms |',
        "| **Averages** |   | score1: 2.50<br>other: 0.250 | label1: {'hello': 0.5, 'a\\|b': 0.5} | accuracy: 0.950<br>tokens: 42 | 75.0% ✔ |   | 100.0ms |",
        '',
        'Accuracy: 0.5',
        '',
        '### Case Failures',
        '',
        '| Case ID | Inputs | Error Message |',
        '| :-- | :-- | :-- |',
        '| **failed** | {\'q\': 1} | Error: a, "b"<br>second line |',
        '',
      ].join('\n'),
    );
  });

  it('renders a baseline diff too', () => {
    const baseline = new EvaluationReport({
      name: 'base',
      cases: [sampleCase({ metrics: { accuracy: 0.5 } })],
    });
    const diff = report.toMarkdown({ baseline });
    expect(diff).toContain('## Evaluation Diff: base → exports\n\n- \\+ model: gpt-4o\n');
    expect(diff).toContain('| **accuracy:** 0.500 → 0.950 (+0.45 / +90.0%) |');
    expect(diff).toContain('| + Added Case<br>**b, with "quotes"** |');
  });

  it('titles the table when there is no metadata, and escapes Markdown in values', () => {
    const plain = new EvaluationReport({
      name: 'x_y',
      cases: [reportCase('*star*', { output: '<b>`code`</b> # [link](u)' })],
    });
    const text = plain.toMarkdown({ includeOutput: true, includeAverages: false });
    expect(text.startsWith('## Evaluation Summary: x\\_y\n\n| Case ID | Outputs | Duration |')).toBe(true);
    expect(text).toContain('| **\\*star\\*** | \\<b\\>\\`code\\`\\</b\\> # \\[link\\](u) | 100.0ms |');
  });

  it('lists report evaluator failures', () => {
    const failing = new EvaluationReport({
      name: 'f',
      reportEvaluatorFailures: [evaluatorFailure('ROC', 'ValueError: no data')],
    });
    expect(failing.toMarkdown()).toContain('**Report Evaluator Failures**\n\n- ROC: ValueError: no data');
  });
});

describe('a saved report as a baseline', () => {
  it('renders the same diff after toJSON → JSON text → fromJSON', () => {
    const baseline = new EvaluationReport({
      name: 'baseline',
      cases: [
        sampleCase({ metrics: { accuracy: 0.9 }, scores: { score1: [2, 'ok'] }, taskDuration: 0.15 }),
        reportCase('only-in-baseline', { scores: { score1: 1 }, expectedOutput: undefined }),
      ],
      failures: [caseFailure('f')],
      experimentMetadata: { model: 'old' },
      analyses: [{ type: 'scalar', title: 'Accuracy', value: 0.5 }],
    });
    const saved = EvaluationReport.fromJSON(JSON.parse(JSON.stringify(baseline.toJSON())));
    const next = new EvaluationReport({
      name: 'next',
      cases: [sampleCase()],
      experimentMetadata: { model: 'new' },
    });
    const options = {
      color: false,
      ascii: false,
      width: 200,
      includeRemovedCases: true,
      includeInput: true,
      includeExpectedOutput: true,
    };
    const fromSaved = next.render({ ...options, baseline: saved });
    expect(fromSaved).toBe(next.render({ ...options, baseline }));
    expect(fromSaved).toContain('model: old → new');
    expect(fromSaved).toContain('accuracy: 0.900 → 0.950');
    expect(fromSaved).toContain('- Removed Case');
  });
});
