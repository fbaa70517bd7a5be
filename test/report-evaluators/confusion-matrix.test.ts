import { describe, expect, it } from 'vitest';
import { ConfusionMatrixEvaluator } from '../../src/evaluators/report/index.js';
import { contextOf } from './helpers.js';

describe('ConfusionMatrixEvaluator', () => {
  it('counts matrix[expected][predicted] over sorted class labels, skipping cases with a missing side', () => {
    // expected → predicted:  cat→cat, cat→dog, dog→dog, bird→cat; (none)→dog and dog→(null) are skipped.
    // labels sorted: bird, cat, dog
    //            bird cat dog   (predicted)
    //   bird   [   0,  1,  0 ]
    //   cat    [   0,  1,  1 ]
    //   dog    [   0,  0,  1 ]
    const ctx = contextOf([
      { expectedOutput: 'cat', output: 'cat' },
      { expectedOutput: 'cat', output: 'dog' },
      { expectedOutput: 'dog', output: 'dog' },
      { expectedOutput: 'bird', output: 'cat' },
      { output: 'dog' },
      { expectedOutput: 'dog', output: null },
    ]);
    expect(new ConfusionMatrixEvaluator().evaluate(ctx)).toEqual({
      type: 'confusion_matrix',
      title: 'Confusion Matrix',
      classLabels: ['bird', 'cat', 'dog'],
      matrix: [
        [0, 1, 0],
        [0, 1, 1],
        [0, 0, 1],
      ],
    });
  });

  it("turns values into strings with Python's str and sorts them by code point", () => {
    // True→True, 1→2, 'b'→{'a': 1}: labels '1' (49) < '2' (50) < 'True' (84) < 'b' (98) < "{'a': 1}" (123)
    const ctx = contextOf([
      { expectedOutput: true, output: true },
      { expectedOutput: 1, output: 2 },
      { expectedOutput: 'b', output: { a: 1 } },
    ]);
    const result = new ConfusionMatrixEvaluator({ title: 'Mixed' }).evaluate(ctx);
    expect(result.title).toBe('Mixed');
    expect(result.classLabels).toEqual(['1', '2', 'True', 'b', "{'a': 1}"]);
    expect(result.matrix).toEqual([
      [0, 1, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 1, 0, 0],
      [0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0],
    ]);
  });

  it('reads metadata at a key only from object metadata, and the whole metadata without a key', () => {
    const cases = [
      { metadata: { guess: 'x', truth: 'x' } },
      { metadata: { guess: 'y', truth: 'x' } },
      { metadata: 'not an object' }, // skipped when a key is given
      { metadata: { guess: null, truth: 'x' } }, // null value: skipped
      { metadata: { truth: 'y' } }, // missing key: skipped
    ];
    const byKey = new ConfusionMatrixEvaluator({
      predictedFrom: 'metadata',
      predictedKey: 'guess',
      expectedFrom: 'metadata',
      expectedKey: 'truth',
    }).evaluate(contextOf(cases));
    expect(byKey.classLabels).toEqual(['x', 'y']);
    expect(byKey.matrix).toEqual([
      [1, 1],
      [0, 0],
    ]);
    // Whole metadata vs output: str(metadata) is its Python repr.
    const whole = new ConfusionMatrixEvaluator({ expectedFrom: 'metadata' }).evaluate(
      contextOf([
        { metadata: 'a', output: 'a' },
        { metadata: { k: 1 }, output: 'a' },
      ]),
    );
    expect(whole.classLabels).toEqual(['a', "{'k': 1}"]);
    expect(whole.matrix).toEqual([
      [1, 0],
      [1, 0],
    ]);
  });

  it('reads labels by name and skips cases without that label', () => {
    const ctx = contextOf([
      { labels: { sentiment: 'pos' }, expectedOutput: 'pos' },
      { labels: { sentiment: 'neg' }, expectedOutput: 'pos' },
      { labels: {}, expectedOutput: 'neg' },
    ]);
    const result = new ConfusionMatrixEvaluator({
      predictedFrom: 'labels',
      predictedKey: 'sentiment',
    }).evaluate(ctx);
    expect(result.classLabels).toEqual(['neg', 'pos']);
    expect(result.matrix).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('gives an empty matrix without data, and throws when labels are read without a key', () => {
    expect(new ConfusionMatrixEvaluator().evaluate(contextOf([]))).toMatchObject({
      classLabels: [],
      matrix: [],
    });
    expect(() => new ConfusionMatrixEvaluator({ expectedFrom: 'labels' }).evaluate(contextOf([]))).toThrow(
      "'expectedKey' is required when reading classes from 'labels'",
    );
  });

  it('checks options when built and writes pydantic-compatible specs', () => {
    expect(() => new ConfusionMatrixEvaluator({ predictedFrom: 'inputs' as never })).toThrow(
      "ConfusionMatrixEvaluator: expected `predictedFrom` to be one of 'expected_output', 'output', 'metadata', 'labels', got 'inputs'",
    );
    expect(new ConfusionMatrixEvaluator().toSpec()).toEqual({
      name: 'ConfusionMatrixEvaluator',
      arguments: null,
    });
    expect(new ConfusionMatrixEvaluator({ title: 'T' }).toSpec()).toEqual({
      name: 'ConfusionMatrixEvaluator',
      arguments: { title: 'T' },
    });
    expect(new ConfusionMatrixEvaluator({ predictedFrom: 'labels' }).toSpec()).toEqual({
      name: 'ConfusionMatrixEvaluator',
      arguments: ['labels'],
    });
    // The TS spelling 'expectedOutput' is stored as pydantic's 'expected_output' (here: the default).
    const camel = new ConfusionMatrixEvaluator({
      expectedFrom: 'expectedOutput',
      predictedKey: null as never,
    });
    expect(camel.options).toEqual({ expectedFrom: 'expected_output' });
    expect(camel.toSpec()).toEqual({ name: 'ConfusionMatrixEvaluator', arguments: null });
  });
});
