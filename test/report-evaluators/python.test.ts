import { describe, expect, it } from 'vitest';
import { compareCodePoints, pyFixed, pyStr, pyTruthy } from '../../src/evaluators/report/python.js';

describe('Python semantics used by the report evaluators', () => {
  it("pyFixed matches format(x, '.Nf'): half to even on exact binary ties only", () => {
    // Python: format(0.5625, '.3f') == '0.562', format(0.6875, '.3f') == '0.688', format(2.5, '.0f') == '2'
    expect(pyFixed(0.5625, 3)).toBe('0.562');
    expect(pyFixed(0.6875, 3)).toBe('0.688');
    expect(pyFixed(0.0625, 3)).toBe('0.062');
    expect(pyFixed(-0.5625, 3)).toBe('-0.562');
    expect(pyFixed(2.5, 0)).toBe('2');
    expect(pyFixed(3.5, 0)).toBe('4');
    // 0.1235 is not exactly representable (it is a bit below), so no tie: both say 0.123... as Python does.
    expect(pyFixed(0.1235, 3)).toBe((0.1235).toFixed(3));
    expect(pyFixed(11 / 18, 3)).toBe('0.611');
    expect(pyFixed(1, 3)).toBe('1.000');
    expect(pyFixed(Number.NaN, 3)).toBe('nan');
  });

  it("pyTruthy is Python's bool()", () => {
    for (const falsy of [false, 0, '', null, undefined, [], {}, new Map(), new Set(), 0n])
      expect(pyTruthy(falsy)).toBe(false);
    for (const truthy of [true, 1, -1, 'no', 'false', [0], { a: 0 }, Number.NaN, new Date(0)]) {
      expect(pyTruthy(truthy)).toBe(true);
    }
  });

  it("pyStr is Python's str() and strings sort by code point", () => {
    expect([pyStr('a'), pyStr(true), pyStr(null), pyStr([1, 'b']), pyStr({ k: 1 })]).toEqual([
      'a',
      'True',
      'None',
      "[1, 'b']",
      "{'k': 1}",
    ]);
    // U+FF5E (a BMP character) sorts before U+1F600 by code point; UTF-16 code units would put the emoji first.
    expect(['😀', '～', 'b', 'B', 'ab', 'a'].sort(compareCodePoints)).toEqual([
      'B',
      'a',
      'ab',
      'b',
      '～',
      '😀',
    ]);
  });
});
