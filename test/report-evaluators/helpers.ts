import { EvaluationReport, type ReportCase, type ReportEvaluatorContext } from 'typed-evals';

const source = { name: 'test', arguments: null };

export interface CaseFields {
  name?: string;
  output?: unknown;
  expectedOutput?: unknown;
  metadata?: unknown;
  scores?: Record<string, number>;
  metrics?: Record<string, number>;
  labels?: Record<string, string>;
  assertions?: Record<string, boolean>;
  sourceCaseName?: string;
}

/** A successful report case with only the fields a test cares about. */
export function reportCase(fields: CaseFields, index = 0): ReportCase {
  const results = <V>(record: Record<string, V> | undefined) =>
    Object.fromEntries(Object.entries(record ?? {}).map(([name, value]) => [name, { name, value, source }]));
  return {
    name: fields.name ?? `Case ${index + 1}`,
    inputs: null,
    metadata: fields.metadata,
    expectedOutput: fields.expectedOutput,
    output: fields.output ?? null,
    metrics: fields.metrics ?? {},
    attributes: {},
    scores: results(fields.scores),
    labels: results(fields.labels),
    assertions: results(fields.assertions),
    taskDuration: 1,
    totalDuration: 1,
    sourceCaseName: fields.sourceCaseName,
    evaluatorFailures: [],
  };
}

/** The context a report evaluator receives for a report named `name` holding these cases. */
export function contextOf(cases: CaseFields[], name = 'exp'): ReportEvaluatorContext {
  const report = new EvaluationReport({ name, cases: cases.map(reportCase) });
  return { name, report, experimentMetadata: undefined };
}

/**
 * The worked example shared by the curve tests: six cases, three positive.
 *   score: 0.9  0.8  0.7  0.7  0.3  0.1
 *   class:  +    -    +    -    +    -
 */
export const SIX_CASES: CaseFields[] = [
  { scores: { confidence: 0.9 }, expectedOutput: true },
  { scores: { confidence: 0.8 }, expectedOutput: false },
  { scores: { confidence: 0.7 }, expectedOutput: true },
  { scores: { confidence: 0.7 }, expectedOutput: false },
  { scores: { confidence: 0.3 }, expectedOutput: true },
  { scores: { confidence: 0.1 }, expectedOutput: false },
];
