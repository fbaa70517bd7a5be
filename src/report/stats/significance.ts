/**
 * Tests of "did the mean change?": paired (per-case differences) and two-sample (runs of one case before
 * and after), each as a t-test or as a seeded percentile bootstrap of the mean difference.
 */
import { studentTCritical, studentTTwoSided } from './distributions.js';
import { mean, quantileSorted, sampleVariance, seededRandom } from './math.js';

export type TestName = 'paired-t' | 'welch-t' | 'paired-bootstrap' | 'bootstrap';

/** The outcome of one test; the difference is always `current - baseline`. */
export interface TestResult {
  test: TestName;
  meanDifference: number;
  /** The (1 - alpha) confidence interval of the mean difference. */
  ciLow: number;
  ciHigh: number;
  /** t statistic (t-tests only). */
  statistic: number | null;
  /** Degrees of freedom (t-tests only; Welch-Satterthwaite for two samples). */
  df: number | null;
  /** Two-sided p-value (t-tests only). */
  pValue: number | null;
  /** t-tests: p < alpha; bootstrap: the interval excludes 0. */
  significant: boolean;
}

export interface BootstrapSettings {
  resamples: number;
  seed: number;
}

/** Paired t-test on the differences `d` (n >= 2): t = mean(d) / (sd(d) / √n), df = n - 1. */
export function pairedTTest(differences: readonly number[], alpha: number): TestResult {
  const n = differences.length;
  const d = mean(differences);
  const se = Math.sqrt(sampleVariance(differences, d) / n);
  return tResult('paired-t', d, se, n - 1, alpha);
}

/**
 * Welch's t-test (unequal variances) of `current` vs `baseline` (each n >= 2):
 * t = (m₂ - m₁) / √(v₁/n₁ + v₂/n₂), df by Welch-Satterthwaite.
 */
export function welchTTest(
  baseline: readonly number[],
  current: readonly number[],
  alpha: number,
): TestResult {
  const a = baseline.length;
  const b = current.length;
  const varA = sampleVariance(baseline) / a;
  const varB = sampleVariance(current) / b;
  const se = Math.sqrt(varA + varB);
  const df = se === 0 ? a + b - 2 : (varA + varB) ** 2 / (varA ** 2 / (a - 1) + varB ** 2 / (b - 1));
  return tResult('welch-t', mean(current) - mean(baseline), se, df, alpha);
}

/**
 * A zero standard error means every difference is the same: the change is certain when it is not 0
 * (t = ±∞, p = 0) and absent when it is (t = 0, p = 1).
 */
function tResult(test: TestName, d: number, se: number, df: number, alpha: number): TestResult {
  let t: number;
  let p: number;
  let half: number;
  if (se === 0) {
    t = d === 0 ? 0 : Math.sign(d) * Number.POSITIVE_INFINITY;
    p = d === 0 ? 1 : 0;
    half = 0;
  } else {
    t = d / se;
    p = studentTTwoSided(t, df);
    half = studentTCritical(alpha, df) * se;
  }
  return {
    test,
    meanDifference: d,
    ciLow: d - half,
    ciHigh: d + half,
    statistic: t,
    df,
    pValue: p,
    significant: p < alpha,
  };
}

/** Percentile bootstrap of the mean of the paired differences. */
export function pairedBootstrap(
  differences: readonly number[],
  alpha: number,
  settings: BootstrapSettings,
): TestResult {
  const random = seededRandom(settings.seed);
  const means: number[] = [];
  for (let r = 0; r < settings.resamples; r++) means.push(resampleMean(differences, random));
  return bootstrapResult('paired-bootstrap', mean(differences), means, alpha);
}

/** Percentile bootstrap of `mean(current) - mean(baseline)`, resampling each side on its own. */
export function twoSampleBootstrap(
  baseline: readonly number[],
  current: readonly number[],
  alpha: number,
  settings: BootstrapSettings,
): TestResult {
  const random = seededRandom(settings.seed);
  const differences: number[] = [];
  for (let r = 0; r < settings.resamples; r++) {
    differences.push(resampleMean(current, random) - resampleMean(baseline, random));
  }
  return bootstrapResult('bootstrap', mean(current) - mean(baseline), differences, alpha);
}

function resampleMean(values: readonly number[], random: () => number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[Math.floor(random() * values.length)]!;
  return sum / values.length;
}

function bootstrapResult(test: TestName, d: number, replicates: number[], alpha: number): TestResult {
  replicates.sort((x, y) => x - y);
  const ciLow = quantileSorted(replicates, alpha / 2);
  const ciHigh = quantileSorted(replicates, 1 - alpha / 2);
  return {
    test,
    meanDifference: d,
    ciLow,
    ciHigh,
    statistic: null,
    df: null,
    pValue: null,
    significant: ciLow > 0 || ciHigh < 0,
  };
}
