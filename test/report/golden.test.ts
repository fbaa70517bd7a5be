import { EvaluationReport, type RenderOptions } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import * as golden from './goldens.js';
import { caseFailure, reportCase, sampleCase } from './helpers/build.js';

/** Deterministic output: no colour, Unicode, a width wider than every sample. */
function render(report: EvaluationReport, options: RenderOptions = {}): string {
  return report.render({ color: false, ascii: false, width: 300, ...options });
}

const allColumns = {
  includeInput: true,
  includeMetadata: true,
  includeExpectedOutput: true,
  includeOutput: true,
  includeTotalDuration: true,
};

const report = new EvaluationReport({ name: 'test_report', cases: [sampleCase()] });

describe('golden outputs (pydantic-evals samples)', () => {
  it('quick start: assertions only', () => {
    const quick = new EvaluationReport({
      name: 'uppercase_text',
      cases: ['uppercase_basic', 'uppercase_with_numbers'].map((name) =>
        reportCase(name, { assertions: { EqualsExpected: true, Contains: true }, taskDuration: 0.01 }),
      ),
    });
    expect(render(quick)).toBe(golden.QUICK_START);
  });

  it('all columns with total durations', () => {
    expect(render(report, allColumns)).toBe(golden.ALL_COLUMNS);
  });

  it('experiment metadata panel in place of the title', () => {
    const withMetadata = new EvaluationReport({
      name: 'test_report',
      cases: [sampleCase()],
      experimentMetadata: { model: 'gpt-4o', temperature: 0.7, prompt_version: 'v2' },
    });
    expect(render(withMetadata, { includeInput: true })).toBe(golden.METADATA_PANEL);
  });

  it('baseline diff', () => {
    const baseline = new EvaluationReport({
      name: 'baseline_report',
      cases: [
        sampleCase({ metrics: { accuracy: 0.9 }, assertions: {}, taskDuration: 0.15, totalDuration: 0.25 }),
      ],
    });
    expect(render(report, { ...allColumns, baseline })).toBe(golden.BASELINE_DIFF);
  });

  it('diff with added and removed cases', () => {
    const baseline = new EvaluationReport({
      name: 'baseline_report',
      cases: [
        reportCase('removed_case', {
          inputs: { query: 'What is 3+3?' },
          metadata: { difficulty: 'medium' },
          expectedOutput: { answer: '6' },
          output: { answer: '6' },
          metrics: { accuracy: 0.85 },
          taskDuration: 0.1,
          totalDuration: 0.15,
        }),
      ],
    });
    expect(render(report, { ...allColumns, baseline, includeRemovedCases: true })).toBe(golden.REMOVED_CASES);
  });

  it('metadata diff panel', () => {
    const baseline = new EvaluationReport({
      name: 'baseline_report',
      cases: [sampleCase()],
      experimentMetadata: {
        'old-key': 'old value',
        'preserved-key': 'preserved value',
        'updated-key': 'original value',
      },
    });
    const next = new EvaluationReport({
      name: 'new_report',
      cases: [sampleCase()],
      experimentMetadata: {
        'new-key': 'new value',
        'preserved-key': 'preserved value',
        'updated-key': 'updated value',
      },
    });
    expect(render(next, { baseline })).toBe(golden.METADATA_DIFF);
  });

  it('multi-run report (repeat)', () => {
    const runs = [0.1, 0.2, 0.3, 0.4].map((taskDuration, i) => {
      const source = `case${Math.floor(i / 2) + 1}`;
      return reportCase(`${source} [${(i % 2) + 1}/2]`, {
        sourceCaseName: source,
        scores: { score: 0.8 },
        assertions: { check: true },
        taskDuration,
      });
    });
    expect(render(new EvaluationReport({ name: 'test', cases: runs }))).toBe(golden.MULTI_RUN);
  });

  it('case failures table', () => {
    const failed = new EvaluationReport({
      name: 'test_report',
      failures: [
        caseFailure('failed_case', {
          inputs: { query: 'What is 10/0?' },
          metadata: { difficulty: 'impossible' },
          expectedOutput: { answer: 'undefined' },
          errorMessage: 'Division by zero',
        }),
      ],
    });
    const options = { includeInput: true, includeMetadata: true, includeExpectedOutput: true };
    expect(render(failed, options)).toBe(golden.FAILURES);
  });

  it('ASCII fallback', () => {
    const mixed = new EvaluationReport({
      name: 'test_report',
      cases: [sampleCase({ assertions: { a: true, b: false } })],
    });
    expect(render(mixed, { ascii: true })).toBe(golden.ASCII);
  });
});
