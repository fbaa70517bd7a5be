import { readFileSync } from 'node:fs';
import { Dataset, EvaluationReason, type EvaluatorOutput, evaluator, type ReportCase } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { recordedRun, storedCases } from './helpers.js';

/** Results that differ from case to case: shapes, types, reasons, duplicate names. */
const varied = evaluator<number, unknown>('varied', (ctx): EvaluatorOutput => {
  const i = ctx.inputs;
  if (i % 7 === 0) return {};
  if (i % 5 === 0) return { even: i % 2 === 0, kind: i % 3 === 0 ? 'fizz' : 'plain' };
  if (i % 3 === 0) return new EvaluationReason(i / 1000, `because ${i} ✓ "quoted"\n`);
  return { score: i, label: `l${i % 4}`, ok: true };
});

describe('the run file format', () => {
  it('round-trips thousands of cases with changing result shapes, reasons and any output', async () => {
    const n = 5000;
    const dataset = new Dataset<number, unknown>({
      name: 'varied',
      cases: Array.from({ length: n }, (_, i) => ({
        name: i % 11 === 0 ? `ünï "${i}"` : `c${i}`,
        inputs: i,
        metadata: i % 13 === 0 ? { group: i % 2 } : undefined,
      })),
      evaluators: [
        varied,
        evaluator('score', () => 1),
        evaluator('score', () => 2),
        // Runs of passes and fails: cases share assertion records (see ResultRouter).
        evaluator<number, unknown>('block', (ctx) => Math.floor(ctx.inputs / 10) % 2 === 0),
      ],
    });
    const task = (i: number): unknown =>
      i % 4 === 0
        ? { text: `é${'x'.repeat(i % 50)}`, list: [i, null] }
        : i % 4 === 1
          ? `🎉 ${i}`
          : i % 4 === 2
            ? i / 3
            : null;
    const { store, run, report } = await recordedRun(dataset, task);
    const cases = await storedCases(store, run.runId!);
    expect(cases).toHaveLength(n);
    const byName = new Map(cases.map((c) => [c.name, c.result as ReportCase]));
    for (const c of report.cases) {
      const back = byName.get(c.name)!;
      expect(back.output ?? null).toEqual(c.output ?? null);
      expect(back.scores).toEqual(c.scores);
      expect(back.labels).toEqual(c.labels);
      expect(back.assertions).toEqual(c.assertions);
      expect(back.metadata).toEqual(c.metadata);
    }
    // Repeated names keep their keys (score, score_2, score_3) and their shared name.
    expect(byName.get('c1')!.scores.score_3).toMatchObject({ name: 'score', value: 2 });
    const lines = readFileSync(store.pathOf(run.runId!), 'utf8').split('\n');
    expect(lines.filter((line) => line.startsWith('{"t":"cases"')).length).toBeGreaterThan(1);
  });

  it('records the plan index of cases that end out of order, in the same turn or not', async () => {
    const n = 60;
    const dataset = new Dataset<number, number>({
      name: 'shuffled',
      cases: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, inputs: i })),
      evaluators: [evaluator('ok', () => true)],
    });
    // Every third case ends at once; the others after a timer that is shorter for later cases.
    const task = (i: number) =>
      i % 3 === 0 ? i : new Promise<number>((resolve) => setTimeout(() => resolve(i), (n - i) % 7));
    const { store, run } = await recordedRun(dataset, task);
    const cases = await storedCases(store, run.runId!);
    expect(cases.map((c) => c.name)).not.toEqual(cases.map((_, i) => `c${i}`)); // stored as they ended
    expect(cases.map((c) => [c.name, c.index]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual(
      Array.from({ length: n }, (_, i) => [`c${i}`, i]),
    );
  });
});
