import { Dataset } from 'typed-evals';
import { describe, expect, it } from 'vitest';

describe('Dataset.jsonSchema', () => {
  const schema = Dataset.jsonSchema() as any;
  const forms = schema.$defs.EvaluatorSpec.anyOf as any[];
  const formsOf = (name: string) =>
    forms.filter((f) => f.const === name || f.properties?.[name] !== undefined);

  it('describes the pydantic-evals layout', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties)).toEqual([
      '$schema',
      'name',
      'cases',
      'evaluators',
      'report_evaluators',
    ]);
    expect(schema.required).toEqual(['cases']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.$defs.Case.properties)).toEqual([
      'name',
      'inputs',
      'metadata',
      'expected_output',
      'evaluators',
    ]);
    expect(schema.$defs.Case.additionalProperties).toBe(false);
  });

  it('offers each built-in in the spec forms it accepts', () => {
    expect(formsOf('EqualsExpected')).toEqual([
      { const: 'EqualsExpected' },
      expect.objectContaining({
        properties: { EqualsExpected: expect.objectContaining({ type: 'object' }) },
      }),
    ]);
    expect(formsOf('IsInstance').map((f) => f.properties.IsInstance.type)).toEqual(['string', 'object']);
    expect(formsOf('Contains')[1].properties.Contains.properties).toHaveProperty('case_sensitive', {
      type: 'boolean',
      default: true,
    });
    expect(formsOf('MaxDuration')[0].properties.MaxDuration.anyOf[0]).toEqual({ type: 'number', minimum: 0 });
    expect(formsOf('MatchesSchema')).toEqual([]);
    expect(forms.at(-1).properties.name.enum).toEqual([
      'Equals',
      'EqualsExpected',
      'Contains',
      'IsInstance',
      'MaxDuration',
      'LLMJudge',
      'HasMatchingSpan',
      'ToolCorrectness',
      'TrajectoryMatch',
      'ArgumentCorrectness',
      'MaxToolCalls',
      'MaxModelRequests',
      'GEval',
    ]);
  });

  it('offers the built-in report evaluators, with pydantic-evals option names', () => {
    const names = schema.$defs.ReportEvaluatorSpec.anyOf.map(
      (f: any) => f.const ?? Object.keys(f.properties ?? {})[0],
    );
    expect(new Set(names)).toEqual(
      new Set([
        'ConfusionMatrixEvaluator',
        'PrecisionRecallEvaluator',
        'ROCAUCEvaluator',
        'KolmogorovSmirnovEvaluator',
        'name', // the long form { name, arguments }
      ]),
    );
    const kwargs = schema.$defs.ReportEvaluatorSpec.anyOf.find(
      (f: any) => f.properties?.ConfusionMatrixEvaluator?.type === 'object',
    );
    expect(kwargs.properties.ConfusionMatrixEvaluator.properties).toHaveProperty('predicted_from');
  });
});
