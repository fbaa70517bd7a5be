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
    ]);
  });

  it('accepts no report evaluator entry when none is registered', () => {
    expect(schema.$defs.ReportEvaluatorSpec).toEqual({
      not: {},
      description: 'No report evaluators are registered.',
    });
  });
});
