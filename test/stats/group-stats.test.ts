import { Dataset, EvaluationReport, evaluator, incrementEvalMetric } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { caseGroupStats } from '../../src/report/stats/index.js';
import { reportCase } from '../report-evaluators/helpers.js';

/**
 * Three runs per case; run i of a case (from its report name, `flaky [2/3]`) gets the i-th planned value:
 *   stable: score 0.5, 0.5, 0.5; ok ✔ ✔ ✔; tokens 10, 10, 10
 *   flaky:  score 0.2, 0.6, 0.7; ok ✔ ✗ ✔; exact ✗ ✗ ✗
 *   crashy: run 2 throws; runs 1 and 3: score 1, ok ✔
 */
const PLAN: Record<string, { score: number; ok: boolean; exact?: boolean; crash?: boolean }[]> = {
  stable: [
    { score: 0.5, ok: true },
    { score: 0.5, ok: true },
    { score: 0.5, ok: true },
  ],
  flaky: [
    { score: 0.2, ok: true, exact: false },
    { score: 0.6, ok: false, exact: false },
    { score: 0.7, ok: true, exact: false },
  ],
  crashy: [
    { score: 1, ok: true },
    { crash: true, score: 0, ok: false },
    { score: 1, ok: true },
  ],
};

async function runRepeated() {
  const dataset = new Dataset<string, { score: number; ok: boolean; exact?: boolean }>({
    name: 'repeats',
    cases: Object.keys(PLAN).map((name) => ({ name, inputs: name })),
    evaluators: [
      evaluator('judge', (ctx) => {
        const out: Record<string, number | boolean> = { score: ctx.output.score, ok: ctx.output.ok };
        if (ctx.output.exact !== undefined) out.exact = ctx.output.exact;
        return out;
      }),
    ],
  });
  return dataset.evaluate(
    (name, ctx) => {
      const index = Number(/\[(\d+)\/3\]$/.exec(ctx.caseName)![1]) - 1;
      const run = PLAN[name]![index]!;
      if (run.crash) throw new Error('crashed');
      if (name === 'stable') incrementEvalMetric('tokens', 10);
      return run;
    },
    { repeat: 3 },
  );
}

/** Two-pass sample standard deviation, written independently of the implementation. */
function sampleStd(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

describe('caseGroupStats', () => {
  it('summarizes scores and metrics and gives pass@k, pass^k and flakiness per assertion', async () => {
    const report = await runRepeated();
    const stats = caseGroupStats(report)!;
    expect(stats.map((s) => s.name)).toEqual(['stable', 'flaky', 'crashy']);
    const [stable, flaky, crashy] = stats;

    expect(stable!.scores.score).toEqual({ n: 3, mean: 0.5, std: 0, min: 0.5, max: 0.5 });
    expect(stable!.metrics.tokens).toEqual({ n: 3, mean: 10, std: 0, min: 10, max: 10 });
    expect(stable!.assertions.ok).toEqual({
      n: 3,
      passed: 3,
      passRate: 1,
      k: 3,
      passAtK: 1,
      passHatK: 1,
      flaky: false,
    });
    expect(stable!.flaky).toBe(false);

    // flaky: mean 0.5; deviations -0.3, 0.1, 0.2 → (0.09 + 0.01 + 0.04) / 2 = 0.07 → std √0.07
    expect(flaky!.scores.score!.mean).toBeCloseTo(0.5, 12);
    expect(flaky!.scores.score!.std).toBeCloseTo(sampleStd([0.2, 0.6, 0.7]), 12);
    expect(flaky!.scores.score!.std).toBeCloseTo(Math.sqrt(0.07), 12);
    expect([flaky!.scores.score!.min, flaky!.scores.score!.max]).toEqual([0.2, 0.7]);
    // ok: n = 3, c = 2; k = 3: pass@3 = 1, pass^3 = 0
    expect(flaky!.assertions.ok).toMatchObject({
      n: 3,
      passed: 2,
      k: 3,
      passAtK: 1,
      passHatK: 0,
      flaky: true,
    });
    expect(flaky!.assertions.ok!.passRate).toBeCloseTo(2 / 3, 12);
    // exact never passes: consistent, so not flaky.
    expect(flaky!.assertions.exact).toMatchObject({ passed: 0, passAtK: 0, passHatK: 0, flaky: false });
    expect(flaky!.flakyAssertions).toEqual(['ok']);
    expect(flaky!.flaky).toBe(true);
    expect(flaky!.allAssertions).toMatchObject({ n: 3, passed: 0, flaky: false });

    // crashy: 2 runs, 1 failure; the failed run counts as not passing in allAssertions only.
    expect([crashy!.runs, crashy!.failures]).toEqual([2, 1]);
    expect(crashy!.assertions.ok).toMatchObject({ n: 2, passed: 2, flaky: false });
    expect(crashy!.allAssertions).toMatchObject({
      n: 3,
      passed: 2,
      k: 3,
      passAtK: 1,
      passHatK: 0,
      flaky: true,
    });
    expect(crashy!.taskDuration!.n).toBe(2);
  });

  it('uses the k given, and null past the number of runs', async () => {
    const report = await runRepeated();
    const flaky = caseGroupStats(report, { k: 2 })![1]!;
    // n = 3, c = 2, k = 2: pass@2 = 1 - C(1,2)/C(3,2) = 1; pass^2 = C(2,2)/C(3,2) = 1/3
    expect(flaky.assertions.ok!.passAtK).toBe(1);
    expect(flaky.assertions.ok!.passHatK).toBeCloseTo(1 / 3, 12);
    const crashy = caseGroupStats(report, { k: 3, countFailedRuns: false })![2]!;
    expect(crashy.allAssertions).toMatchObject({ n: 2, passed: 2, k: 3, passAtK: null, passHatK: null });
    expect(() => caseGroupStats(report, { k: 0 })).toThrow('expected `k` to be an integer >= 1, got 0');
  });

  it('counts a run with a failed evaluator as not passing all assertions', () => {
    const runs = [true, true].map((ok, i) => ({
      ...reportCase({ name: `a [${i + 1}/2]`, sourceCaseName: 'a', assertions: { ok } }),
      evaluatorFailures:
        i === 1
          ? [
              {
                name: 'judge',
                errorMessage: 'x',
                errorType: 'Error',
                errorStack: '',
                source: { name: 'judge', arguments: null },
              },
            ]
          : [],
    }));
    const stats = caseGroupStats(new EvaluationReport({ name: 'r', cases: runs }))!;
    expect(stats[0]!.allAssertions).toMatchObject({ n: 2, passed: 1, flaky: true });
    expect(stats[0]!.flaky).toBe(false); // no single assertion disagrees
    expect(stats[0]!.allAssertions).not.toBeNull();
  });

  it('is undefined without repeats and JSON-safe with them', async () => {
    const single = new EvaluationReport({ name: 'r', cases: [reportCase({ scores: { s: 1 } })] });
    expect(caseGroupStats(single)).toBeUndefined();
    const stats = caseGroupStats(await runRepeated());
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
    expect(stats![2]!.scores.score).toEqual({ n: 2, mean: 1, std: 0, min: 1, max: 1 });
  });
});
