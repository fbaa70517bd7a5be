import { Case, Dataset, EqualsExpected, MaxDuration, TypedEvalsError } from 'typed-evals';
import { describe, expect, it } from 'vitest';

describe('Dataset construction', () => {
  it('requires a name', () => {
    expect(() => new Dataset({ name: '', cases: [] })).toThrow(/Dataset name is required/);
    expect(() => new Dataset({} as never)).toThrow(TypedEvalsError);
  });

  it('turns plain objects into Case instances and keeps order', () => {
    const ds = new Dataset({ name: 'd', cases: [{ name: 'a', inputs: 1 }, new Case({ inputs: 2 })] });
    expect(ds.cases.map((c) => c instanceof Case)).toEqual([true, true]);
    expect(ds.cases.map((c) => c.inputs)).toEqual([1, 2]);
    expect(ds.cases[1]!.name).toBeUndefined();
  });

  it('rejects duplicate non-empty case names at construction and in addCase', () => {
    expect(
      () =>
        new Dataset({
          name: 'd',
          cases: [
            { name: 'x', inputs: 1 },
            { name: 'x', inputs: 2 },
          ],
        }),
    ).toThrow("Duplicate case name: 'x'");
    const ds = new Dataset({ name: 'd', cases: [{ name: 'x', inputs: 1 }] });
    expect(() => ds.addCase({ name: 'x', inputs: 3 })).toThrow("Duplicate case name: 'x'");
    expect(ds.cases).toHaveLength(1);
  });

  it('accepts several unnamed cases (unlike pydantic-evals)', () => {
    const ds = new Dataset({ name: 'd', cases: [{ inputs: 1 }] });
    ds.addCase({ inputs: 2 });
    expect(ds.cases).toHaveLength(2);
  });

  it('a case needs inputs', () => {
    expect(() => new Dataset({ name: 'd', cases: [{ name: 'x' } as never] })).toThrow(/needs 'inputs'/);
  });

  it('addEvaluator adds to every case or to the named case only', () => {
    const ds = new Dataset({
      name: 'd',
      cases: [
        { name: 'a', inputs: 1 },
        { name: 'b', inputs: 2 },
      ],
    });
    const all = new EqualsExpected();
    const one = new MaxDuration({ seconds: 2 });
    ds.addEvaluator(all);
    ds.addEvaluator(one, { caseName: 'b' });
    expect(ds.evaluators).toEqual([all]);
    expect(ds.cases[0]!.evaluators).toEqual([]);
    expect(ds.cases[1]!.evaluators).toEqual([one]);
    expect(() => ds.addEvaluator(all, { caseName: 'zzz' })).toThrow("Case 'zzz' not found in the dataset");
  });

  it('rejects things that are not evaluators, with a hint for classes', () => {
    expect(() => new Dataset({ name: 'd', evaluators: [EqualsExpected as never] })).toThrow(
      /pass an instance/,
    );
    expect(() => new Dataset({ name: 'd', evaluators: [42 as never] })).toThrow(
      /evaluators\[0\] is not an evaluator/,
    );
  });
});
