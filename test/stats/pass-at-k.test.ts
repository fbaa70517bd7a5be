import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passAtK, passHatK } from '../../src/report/stats/index.js';

/** Every k-subset of indices 0..n-1. */
function* subsets(n: number, k: number, start = 0, chosen: number[] = []): Generator<number[]> {
  if (chosen.length === k) {
    yield chosen;
    return;
  }
  for (let i = start; i < n; i++) yield* subsets(n, k, i + 1, [...chosen, i]);
}

/** Fractions of k-subsets of n runs (the first c of which pass) with at least one / only passing runs. */
function bruteForce(n: number, c: number, k: number): { atLeastOne: number; all: number } {
  let total = 0;
  let atLeastOne = 0;
  let all = 0;
  for (const subset of subsets(n, k)) {
    total++;
    if (subset.some((i) => i < c)) atLeastOne++;
    if (subset.every((i) => i < c)) all++;
  }
  return { atLeastOne: atLeastOne / total, all: all / total };
}

describe('passAtK / passHatK', () => {
  it('match enumeration of every k-subset of the runs', () => {
    for (let n = 1; n <= 8; n++) {
      for (let c = 0; c <= n; c++) {
        for (let k = 1; k <= n; k++) {
          const expected = bruteForce(n, c, k);
          expect(passAtK(n, c, k)).toBeCloseTo(expected.atLeastOne, 12);
          expect(passHatK(n, c, k)).toBeCloseTo(expected.all, 12);
        }
      }
    }
  });

  it('give the textbook values', () => {
    // n = 5, c = 2, k = 2: 1 - C(3,2)/C(5,2) = 1 - 3/10; C(2,2)/C(5,2) = 1/10.
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 12);
    expect(passHatK(5, 2, 2)).toBeCloseTo(0.1, 12);
    // pass@1 = pass^1 = c / n.
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12);
    expect(passHatK(10, 3, 1)).toBeCloseTo(0.3, 12);
    // k = n: any pass / all pass.
    expect([passAtK(4, 1, 4), passAtK(4, 0, 4), passHatK(4, 3, 4), passHatK(4, 4, 4)]).toEqual([1, 0, 0, 1]);
  });

  it('stay in [0, 1], with pass@k rising and pass^k falling as k grows (property)', () => {
    const counts = fc.integer({ min: 1, max: 200 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        c: fc.integer({ min: 0, max: n }),
        k: fc.integer({ min: 1, max: n }),
      }),
    );
    fc.assert(
      fc.property(counts, ({ n, c, k }) => {
        const at = passAtK(n, c, k);
        const hat = passHatK(n, c, k);
        expect(at).toBeGreaterThanOrEqual(0);
        expect(at).toBeLessThanOrEqual(1);
        expect(hat).toBeGreaterThanOrEqual(0);
        expect(hat).toBeLessThanOrEqual(1);
        expect(hat).toBeLessThanOrEqual(at + 1e-12);
        if (k < n) {
          expect(passAtK(n, c, k + 1)).toBeGreaterThanOrEqual(at - 1e-12);
          expect(passHatK(n, c, k + 1)).toBeLessThanOrEqual(hat + 1e-12);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reject counts that make no sense', () => {
    expect(() => passAtK(3, 4, 1)).toThrow(
      'pass@k needs integers 0 <= c <= n and 1 <= k <= n, got n=3, c=4, k=1',
    );
    expect(() => passAtK(3, 1, 4)).toThrow(RangeError);
    expect(() => passHatK(3, 1, 0)).toThrow(RangeError);
    expect(() => passHatK(3, 1.5, 1)).toThrow(RangeError);
  });
});
