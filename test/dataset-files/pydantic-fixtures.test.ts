import { join } from 'node:path';
import { Contains, Dataset, Equals, EqualsExpected, IsInstance, MaxDuration } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir } from './helpers.js';

/** Files as pydantic-evals' to_file writes them: every field, nulls, empty lists, short and long spec forms. */
describe('files written by pydantic-evals', () => {
  it('loads capitals.yaml (PyYAML layout: unindented lists, nulls, empty lists)', () => {
    const dataset = Dataset.fromFile(fixture('pydantic', 'capitals.yaml'));
    expect(dataset.name).toBe('capitals');
    expect(dataset.cases.map((c) => c.name)).toEqual(['france', 'japan', 'atlantis', 'yes']);
    const japan = dataset.cases[1]!;
    expect(japan.metadata).toBeUndefined();
    expect(japan.evaluators).toEqual([]);
    expect(dataset.cases[2]!.expectedOutput).toBeUndefined();
    expect(dataset.cases[0]!.evaluators[0]).toBeInstanceOf(Contains);
    expect(dataset.cases[0]!.evaluators[0]!.options).toEqual({ value: 'par', caseSensitive: false });
    expect(dataset.evaluators.map((e) => e.constructor)).toEqual([EqualsExpected, MaxDuration]);
    expect(dataset.evaluators[1]!.options).toEqual({ seconds: 5 });
    expect(dataset.reportEvaluators).toEqual([]);
  });

  it('evaluates capitals.yaml with the expected results', async () => {
    const dataset = Dataset.fromFile(fixture('pydantic', 'capitals.yaml'));
    const capitals: Record<string, string> = {
      France: 'Paris',
      Japan: 'Kyoto',
      Atlantis: 'unknown',
      Norway: 'Oslo',
    };
    const report = await dataset.evaluate((inputs: { country: string }) => capitals[inputs.country]!, {
      progress: false,
    });
    const byName = Object.fromEntries(report.cases.map((c) => [c.name, c]));
    const assertions = (name: string) =>
      Object.fromEntries(
        Object.entries(byName[name]!.assertions).map(([key, result]) => [key, result.value]),
      );
    expect(assertions('france')).toEqual({ Contains: true, EqualsExpected: true, MaxDuration: true });
    expect(assertions('japan')).toEqual({ EqualsExpected: false, MaxDuration: true });
    // expected_output: null means absent: EqualsExpected records nothing.
    expect(assertions('atlantis')).toEqual({ IsInstance: true, MaxDuration: true });
    expect(assertions('yes')).toEqual({
      Equals: true,
      is_oslo: true,
      EqualsExpected: true,
      MaxDuration: true,
    });
    expect(byName.france!.assertions.Contains!.source).toEqual({
      name: 'Contains',
      arguments: { value: 'par', caseSensitive: false },
    });
    expect(report.failures).toEqual([]);
  });

  it('loads math.json (long forms, $schema key, ISO 8601 duration) and evaluates it', async () => {
    const dataset = Dataset.fromFile(fixture('pydantic', 'math.json'));
    expect(dataset.cases.map((c) => c.name)).toEqual(['add', 'negative', undefined]);
    expect(dataset.cases[1]!.evaluators.map((e) => e.toSpec())).toEqual([
      { name: 'Equals', arguments: [-3] },
      { name: 'IsInstance', arguments: { typeName: 'int', evaluationName: 'is_int' } },
    ]);
    expect(dataset.evaluators[1]).toBeInstanceOf(MaxDuration);
    expect(dataset.evaluators[1]!.options).toEqual({ seconds: 2 });
    const report = await dataset.evaluate((inputs: { a: number; b: number }) => inputs.a + inputs.b, {
      progress: false,
    });
    const values = report.cases.map((c) =>
      Object.fromEntries(Object.entries(c.assertions).map(([key, result]) => [key, result.value])),
    );
    expect(report.cases.map((c) => c.name)).toEqual(['add', 'negative', 'Case 3']);
    expect(values).toEqual([
      { EqualsExpected: true, MaxDuration: true },
      { Equals: true, is_int: true, EqualsExpected: true, MaxDuration: true },
      { IsInstance: true, three_quarters: true, MaxDuration: true },
    ]);
    expect(report.cases[1]!.metadata).toEqual({ tags: ['negative'] });
  });

  it('writes back a file that loads to the same dataset', () => {
    for (const file of ['capitals.yaml', 'math.json']) {
      const dataset = Dataset.fromFile(fixture('pydantic', file));
      const out = join(tempDir(), file);
      dataset.toFile(out);
      const again = Dataset.fromFile(out);
      expect(again.toObject()).toEqual(dataset.toObject());
      expect(again.evaluators.map((e) => e.toSpec())).toEqual(dataset.evaluators.map((e) => e.toSpec()));
    }
  });

  it('builds each built-in from every spec form', () => {
    const dataset = Dataset.fromObject({
      name: 'forms',
      cases: [],
      evaluators: [
        'EqualsExpected',
        { EqualsExpected: null },
        { EqualsExpected: {} },
        { Equals: 3 },
        { Equals: { value: 3 } },
        { name: 'Equals', arguments: [3] },
        { name: 'Equals', arguments: { value: 3 } },
        { name: 'EqualsExpected', arguments: null },
        { Equals: [1, 2] },
        { Equals: null },
        { IsInstance: 'str' },
        { IsInstance: { type_name: 'str', evaluation_name: 'text' } },
        { MaxDuration: 1.5 },
        { MaxDuration: 'PT1M30.5S' },
        { Contains: 'x' },
        { Contains: { value: 'x', case_sensitive: false, as_strings: true } },
      ],
    });
    expect(dataset.evaluators.map((e) => [e.constructor.name, e.options])).toEqual([
      ['EqualsExpected', {}],
      ['EqualsExpected', {}],
      ['EqualsExpected', {}],
      ['Equals', { value: 3 }],
      ['Equals', { value: 3 }],
      ['Equals', { value: 3 }],
      ['Equals', { value: 3 }],
      ['EqualsExpected', {}],
      ['Equals', { value: [1, 2] }],
      ['Equals', { value: null }],
      ['IsInstance', { typeName: 'str' }],
      ['IsInstance', { typeName: 'str', evaluationName: 'text' }],
      ['MaxDuration', { seconds: 1.5 }],
      ['MaxDuration', { seconds: 90.5 }],
      ['Contains', { value: 'x' }],
      ['Contains', { value: 'x', caseSensitive: false, asStrings: true }],
    ]);
    expect(dataset.evaluators[10]).toBeInstanceOf(IsInstance);
    expect(dataset.evaluators[3]).toBeInstanceOf(Equals);
  });
});
