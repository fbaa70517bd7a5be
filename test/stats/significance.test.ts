import { describe, expect, it } from 'vitest';
import { studentTCritical, studentTTwoSided } from '../../src/report/stats/distributions.js';
import { quantileSorted, seededRandom, summarize } from '../../src/report/stats/math.js';
import {
  pairedBootstrap,
  pairedTTest,
  twoSampleBootstrap,
  welchTTest,
} from '../../src/report/stats/significance.js';

describe("Student's t distribution", () => {
  it('gives the table critical values and their two-sided p-values', () => {
    // Table values (two-sided 5%: df 1 → 12.706, df 10 → 2.228; two-sided 1%, df 30 → 2.750).
    expect(studentTCritical(0.05, 1)).toBeCloseTo(12.7062047, 6);
    expect(studentTCritical(0.05, 10)).toBeCloseTo(2.2281389, 6);
    expect(studentTCritical(0.01, 30)).toBeCloseTo(2.7499957, 6);
    expect(studentTTwoSided(2.2281388519862, 10)).toBeCloseTo(0.05, 10);
    expect(studentTTwoSided(0, 5)).toBe(1);
    expect(studentTTwoSided(Number.POSITIVE_INFINITY, 5)).toBe(0);
    // df = 1 is the Cauchy distribution: P(|T| >= 1) = 1/2.
    expect(studentTTwoSided(1, 1)).toBeCloseTo(0.5, 12);
    // df = 2 has a closed form: P(|T| >= t) = 1 - t / sqrt(2 + t²).
    expect(studentTTwoSided(1.5, 2)).toBeCloseTo(1 - 1.5 / Math.sqrt(2 + 1.5 ** 2), 12);
  });
});

describe('t-tests', () => {
  it('paired: t = mean(d) / (sd(d) / √n), checked by hand on d = 1, 2, 3, 6', () => {
    // mean 3; squared deviations 4 + 1 + 0 + 9 = 14; var 14/3; se = √(14/3) / 2 = 1.0801; t = 2.7775, df 3.
    const result = pairedTTest([1, 2, 3, 6], 0.05);
    const se = Math.sqrt(14 / 3) / 2;
    expect(result.test).toBe('paired-t');
    expect(result.meanDifference).toBe(3);
    expect(result.statistic).toBeCloseTo(3 / se, 12);
    expect(result.df).toBe(3);
    // Reference: scipy.stats.ttest_1samp([1, 2, 3, 6], 0).pvalue = 0.0691368692644
    expect(result.pValue).toBeCloseTo(0.0691368692644, 9);
    expect(result.significant).toBe(false);
    // CI = 3 ± t(0.975, 3) · se, t(0.975, 3) = 3.18244630528 (table: 3.182)
    expect(result.ciLow).toBeCloseTo(3 - 3.18244630528 * se, 8);
    expect(result.ciHigh).toBeCloseTo(3 + 3.18244630528 * se, 8);
    expect(pairedTTest([1, 2, 3, 6], 0.1).significant).toBe(true);
  });

  it('Welch: t = (m₂ - m₁) / √(v₁/n₁ + v₂/n₂) with Welch-Satterthwaite df, by hand', () => {
    // baseline 1, 2, 3 (mean 2, var 1); current 4, 6, 8 (mean 6, var 4)
    // se² = 1/3 + 4/3 = 5/3; t = 4 / √(5/3) = 3.0984; df = (5/3)² / ((1/3)²/2 + (4/3)²/2) = 50/17
    const result = welchTTest([1, 2, 3], [4, 6, 8], 0.05);
    expect(result.meanDifference).toBe(4);
    expect(result.statistic).toBeCloseTo(4 / Math.sqrt(5 / 3), 12);
    expect(result.df).toBeCloseTo(50 / 17, 12);
    // Reference: scipy.stats.ttest_ind([4, 6, 8], [1, 2, 3], equal_var=False).pvalue = 0.054786766041
    expect(result.pValue).toBeCloseTo(0.054786766041, 9);
  });

  it('treat a zero spread as certain: any constant change is significant, no change is not', () => {
    expect(pairedTTest([-0.25, -0.25, -0.25], 0.05)).toMatchObject({
      statistic: Number.NEGATIVE_INFINITY,
      pValue: 0,
      significant: true,
      ciLow: -0.25,
      ciHigh: -0.25,
    });
    expect(pairedTTest([0, 0, 0], 0.05)).toMatchObject({ statistic: 0, pValue: 1, significant: false });
    expect(welchTTest([1, 1, 1], [0, 0], 0.05)).toMatchObject({ pValue: 0, significant: true, df: 3 });
  });
});

describe('bootstrap', () => {
  it('is deterministic for a seed and brackets the observed mean difference', () => {
    const differences = [0.1, -0.05, 0.2, 0.15, 0.05, 0.3, -0.1, 0.12];
    const settings = { resamples: 2000, seed: 42 };
    const first = pairedBootstrap(differences, 0.05, settings);
    expect(pairedBootstrap(differences, 0.05, settings)).toEqual(first);
    expect(pairedBootstrap(differences, 0.05, { ...settings, seed: 43 }).ciLow).not.toBe(first.ciLow);
    expect(first.meanDifference).toBeCloseTo(0.09625, 12);
    expect(first.ciLow).toBeLessThan(first.meanDifference);
    expect(first.ciHigh).toBeGreaterThan(first.meanDifference);
    // A percentile interval cannot leave the range of the data.
    expect(first.ciLow).toBeGreaterThanOrEqual(-0.1);
    expect(first.ciHigh).toBeLessThanOrEqual(0.3);
    expect(first).toMatchObject({ test: 'paired-bootstrap', pValue: null, statistic: null });
  });

  it('gives a point interval for constant differences and tests two samples', () => {
    expect(pairedBootstrap([0.5, 0.5], 0.05, { resamples: 200, seed: 1 })).toMatchObject({
      ciLow: 0.5,
      ciHigh: 0.5,
      significant: true,
    });
    const clear = twoSampleBootstrap([0.9, 0.95, 0.85, 0.9], [0.2, 0.3, 0.25, 0.2], 0.05, {
      resamples: 1000,
      seed: 7,
    });
    expect(clear.test).toBe('bootstrap');
    expect(clear.meanDifference).toBeCloseTo(-0.6625, 12);
    expect(clear.ciHigh).toBeLessThan(0);
    expect(clear.significant).toBe(true);
  });
});

describe('numeric helpers', () => {
  it('summarize matches the two-pass sample standard deviation', () => {
    const values = [0.2, 0.6, 0.7, 1e-3, 42];
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const twoPass = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    const summary = summarize(values);
    expect(summary.mean).toBeCloseTo(mean, 12);
    expect(summary.std).toBeCloseTo(twoPass, 12);
    expect([summary.min, summary.max, summary.n]).toEqual([1e-3, 42, 5]);
    expect(summarize([3]).std).toBeNull();
  });

  it('quantiles interpolate linearly and the PRNG is uniform enough', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12);
    const random = seededRandom(123);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = random();
      if (!(x >= 0 && x < 1)) outside++;
      sum += x;
    }
    expect(outside).toBe(0);
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });
});
