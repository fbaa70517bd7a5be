import { EvaluationReport } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { compareReports, findChange, regressions } from '../../src/report/stats/index.js';
import { type CaseFields, reportCase } from '../report-evaluators/helpers.js';

function report(name: string, cases: CaseFields[]): EvaluationReport {
  return new EvaluationReport({ name, cases: cases.map(reportCase) });
}

/** Six single-run cases a..f; `acc` drops by about 0.1 everywhere, `f1` only jitters, `tokens` grows by 50. */
const NAMES = ['a', 'b', 'c', 'd', 'e', 'f'];
const BASE_ACC = [0.8, 0.7, 0.9, 0.6, 0.75, 0.85];
const CURR_ACC = [0.7, 0.62, 0.78, 0.52, 0.66, 0.74];
const CURR_F1 = [0.52, 0.48, 0.51, 0.49, 0.5, 0.5];

const baseline = report(
  'v1',
  NAMES.map((name, i) => ({
    name,
    scores: { acc: BASE_ACC[i]!, f1: 0.5 },
    metrics: { tokens: 100 + i },
    assertions: { ok: true },
  })),
);
const current = report(
  'v2',
  NAMES.map((name, i) => ({
    name,
    scores: { acc: CURR_ACC[i]!, f1: CURR_F1[i]! },
    metrics: { tokens: 150 + i },
    assertions: { ok: name !== 'b' },
  })),
);

/** Paired t statistic written out independently: mean(d) / (sd(d) / √n). */
function pairedT(before: number[], after: number[]): number {
  const d = after.map((a, i) => a - before[i]!);
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1));
  return mean / (sd / Math.sqrt(d.length));
}

describe('compareReports across cases (no repeats)', () => {
  it('runs a paired t-test per quantity and calls the direction of significant changes', () => {
    const comparison = compareReports(baseline, current);
    expect(comparison).toMatchObject({
      baselineName: 'v1',
      currentName: 'v2',
      alpha: 0.05,
      method: 't-test',
    });
    expect(comparison.overall.map((c) => `${c.kind}:${c.name}`)).toEqual([
      'score:acc',
      'score:f1',
      'metric:tokens',
      'assertion:ok',
      'assertions:assertions',
      'duration:taskDuration',
      'duration:totalDuration',
    ]);

    const acc = findChange(comparison, 'score', 'acc')!;
    expect(acc).toMatchObject({
      caseName: null,
      n: 6,
      test: 'paired-t',
      df: 5,
      significant: true,
      verdict: 'regressed',
    });
    expect(acc.statistic).toBeCloseTo(pairedT(BASE_ACC, CURR_ACC), 10);
    expect(acc.baseline).toBeCloseTo(4.6 / 6, 12);
    expect(acc.current).toBeCloseTo(4.02 / 6, 12);
    expect(acc.meanDifference).toBeCloseTo(-0.58 / 6, 12);
    expect(acc.ciHigh!).toBeLessThan(0);
    expect(acc.pValue!).toBeLessThan(0.001);

    // f1: differences 0.02, -0.02, 0.01, -0.01, 0, 0 → mean 0 → not significant.
    expect(findChange(comparison, 'score', 'f1')).toMatchObject({ significant: false, verdict: 'unchanged' });
    // tokens: +50 on every case (zero spread) → significant, but metrics are neutral by default.
    expect(findChange(comparison, 'metric', 'tokens')).toMatchObject({
      direction: 'neutral',
      meanDifference: 50,
      pValue: 0,
      verdict: 'changed',
    });
    // ok: one case of six lost it: d = 0,-1,0,0,0,0 → t = -1 → not significant with 6 cases.
    const ok = findChange(comparison, 'assertion', 'ok')!;
    expect(ok.statistic).toBeCloseTo(-1, 12);
    expect(ok.verdict).toBe('unchanged');
    expect(findChange(comparison, 'duration', 'taskDuration')).toMatchObject({
      verdict: 'unchanged',
      direction: 'neutral',
    });
  });

  it('counts metrics and durations as worse only when configured', () => {
    const byName = compareReports(baseline, current, { metricDirections: { tokens: 'lower-is-better' } });
    expect(findChange(byName, 'metric', 'tokens')!.verdict).toBe('regressed');
    const byDefault = compareReports(baseline, current, { metricDirections: { '*': 'higher-is-better' } });
    expect(findChange(byDefault, 'metric', 'tokens')!.verdict).toBe('improved');
    expect(regressions(baseline, current).map((r) => `${r.kind}:${r.name}`)).toEqual(['score:acc']);
    expect(
      regressions(baseline, current, { metricDirections: { tokens: 'lower-is-better' } }).map((r) => r.name),
    ).toEqual(['acc', 'tokens']);
  });

  it('leaves changes untested below minCases and tests them from minCases on', () => {
    const few = (r: EvaluationReport) => new EvaluationReport({ name: r.name, cases: r.cases.slice(0, 3) });
    const acc = findChange(compareReports(few(baseline), few(current)), 'score', 'acc')!;
    expect(acc).toMatchObject({
      verdict: 'untested',
      reason: '3 paired case(s), 5 needed',
      test: null,
      n: 3,
    });
    expect(acc.meanDifference).toBeCloseTo(-0.1, 12); // (-0.1 - 0.08 - 0.12) / 3
    expect(
      findChange(compareReports(few(baseline), few(current), { minCases: 3 }), 'score', 'acc')!.verdict,
    ).toBe('regressed');
  });

  it('pairs cases by name and reports cases and names found on one side only', () => {
    const before = report('v1', [
      { name: 'a', scores: { s: 1 } },
      { name: 'old', scores: { s: 1 } },
    ]);
    const after = report('v2', [
      { name: 'new', scores: { s: 0 } },
      { name: 'a', scores: { s: 1, extra: 1 } },
    ]);
    const comparison = compareReports(before, after);
    expect(comparison.addedCases).toEqual(['new']);
    expect(comparison.removedCases).toEqual(['old']);
    expect(comparison.cases.map((c) => c.caseName)).toEqual(['a']);
    expect(findChange(comparison, 'score', 'extra')).toMatchObject({
      verdict: 'untested',
      reason: 'only in the current report',
      baseline: null,
    });
    expect(findChange(comparison, 'score', 'extra', 'a')).toMatchObject({
      current: 1,
      baseline: null,
      verdict: 'untested',
    });
    // Single runs: a case-level change has a difference but no test.
    expect(findChange(comparison, 'score', 's', 'a')).toMatchObject({
      meanDifference: 0,
      verdict: 'untested',
      reason: 'fewer than 2 runs on a side',
    });
  });

  it('gives the same verdicts with the seeded bootstrap, reproducibly and independently of other names', () => {
    const options = { method: 'bootstrap', resamples: 2000, seed: 5 } as const;
    const first = compareReports(baseline, current, options);
    expect(compareReports(baseline, current, options)).toEqual(first);
    const acc = findChange(first, 'score', 'acc')!;
    expect(acc).toMatchObject({ test: 'paired-bootstrap', pValue: null, verdict: 'regressed' });
    expect(acc.ciLow!).toBeLessThanOrEqual(-0.08);
    expect(acc.ciHigh!).toBeGreaterThanOrEqual(-0.12);
    expect(findChange(first, 'score', 'f1')!.verdict).toBe('unchanged');
    // Adding another score does not move acc's interval: each quantity has its own seed.
    const withExtra = (r: EvaluationReport) =>
      new EvaluationReport({
        name: r.name,
        cases: r.cases.map((c) => ({
          ...c,
          scores: { zzz: { name: 'zzz', value: 1, source: c.scores.acc!.source }, ...c.scores },
        })),
      });
    const again = findChange(
      compareReports(withExtra(baseline), withExtra(current), options),
      'score',
      'acc',
    )!;
    expect([again.ciLow, again.ciHigh]).toEqual([acc.ciLow, acc.ciHigh]);
  });

  it('checks its options', () => {
    expect(() => compareReports(baseline, current, { alpha: 1 })).toThrow(
      'expected `alpha` between 0 and 1, got 1',
    );
    expect(() => compareReports(baseline, current, { minCases: 1 })).toThrow(
      '`minCases` to be an integer >= 2',
    );
    expect(() => compareReports(baseline, current, { method: 'z' as never })).toThrow(
      "`method` 't-test' or 'bootstrap'",
    );
    expect(() => compareReports(baseline, current, { resamples: 10 })).toThrow(
      '`resamples` to be an integer >= 100',
    );
  });
});

describe('compareReports with repeated runs', () => {
  /** Runs `name [i/n]` of each case with the given scores and assertion values. */
  function repeated(name: string, runs: Record<string, { s: number[]; ok: boolean[] }>): EvaluationReport {
    const cases: CaseFields[] = [];
    for (const [caseName, { s, ok }] of Object.entries(runs)) {
      s.forEach((score, i) => {
        cases.push({
          name: `${caseName} [${i + 1}/${s.length}]`,
          sourceCaseName: caseName,
          scores: { s: score },
          assertions: { ok: ok[i]! },
        });
      });
    }
    return report(name, cases);
  }

  const before = repeated('v1', {
    x: { s: [0.9, 0.85, 0.95, 0.9], ok: [true, true, true, true] },
    y: { s: [0.6, 0.7, 0.65, 0.6], ok: [true, false, true, true] },
  });
  const after = repeated('v2', {
    x: { s: [0.5, 0.55, 0.45, 0.5], ok: [false, false, false, false] },
    y: { s: [0.62, 0.68, 0.66, 0.6], ok: [true, true, false, true] },
  });

  it("tests each case's runs with Welch's t-test and finds the case that regressed", () => {
    const comparison = compareReports(before, after);
    const x = findChange(comparison, 'score', 's', 'x')!;
    // Welch by hand: means 0.9 → 0.5; variances 0.05/3 ≈ 0.0016667 both; se = √(2 · 0.0016667 / 4)
    const variance = (0.05 ** 2 + 0.05 ** 2) / 3;
    expect(x).toMatchObject({ test: 'welch-t', nBaseline: 4, nCurrent: 4, n: 4, verdict: 'regressed' });
    expect(x.meanDifference).toBeCloseTo(-0.4, 12);
    expect(x.statistic).toBeCloseTo(-0.4 / Math.sqrt((2 * variance) / 4), 8);
    expect(x.df).toBeCloseTo(6, 8); // equal variances and sizes: df = 2(n - 1)
    expect(findChange(comparison, 'score', 's', 'y')!.verdict).toBe('unchanged');
    // ok went from 4/4 to 0/4 on x: zero spread on both sides → certain.
    expect(findChange(comparison, 'assertion', 'ok', 'x')).toMatchObject({
      meanDifference: -1,
      pValue: 0,
      verdict: 'regressed',
    });
  });

  it('compares per-case means across cases with only 2 cases when both reports have repeats', () => {
    const comparison = compareReports(before, after);
    const overall = findChange(comparison, 'score', 's')!;
    // Per-case means: x 0.9 → 0.5, y 0.6375 → 0.64: d = -0.4, 0.0025 → paired t with df 1.
    expect(overall).toMatchObject({ n: 2, df: 1, test: 'paired-t', verdict: 'unchanged' });
    expect(overall.baseline).toBeCloseTo((0.9 + 0.6375) / 2, 12);
    expect(overall.statistic).toBeCloseTo(pairedT([0.9, 0.6375], [0.5, 0.64]), 10);
  });

  it('regressions() lists what got significantly worse, across cases first, with its statistics', () => {
    const found = regressions(before, after);
    expect(found.map((r) => `${r.caseName ?? '*'}:${r.kind}:${r.name}`)).toEqual([
      'x:score:s',
      'x:assertion:ok',
      'x:assertions:assertions',
    ]);
    for (const r of found) {
      expect(r.meanDifference!).toBeLessThan(0);
      expect(r.pValue!).toBeLessThan(0.05);
      expect(r.n).toBe(4);
    }
    expect(JSON.parse(JSON.stringify(found[0]))).toEqual(found[0]);
  });
});
