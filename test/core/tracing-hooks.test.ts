/**
 * The runner's tracing seam (runner/instrumentation.ts) is internal: OpenTelemetry is its only user.
 * A hook that throws must fail the case it belongs to, never hang the run or end a case twice.
 */
import { Dataset, EqualsExpected, isCaseFailure } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { runEngine } from '../../src/engine/engine.js';
import type { CaseResult } from '../../src/report/model.js';
import type { AttemptProbe, CaseProbe, Instrumentation } from '../../src/runner/instrumentation.js';
import type { RunEvent } from '../../src/stream/events.js';

function throwingAt(where: 'attempt-end' | 'case-end' | 'start-case', caseName: string): Instrumentation {
  return {
    startCase(item) {
      if (where === 'start-case' && item.caseName === caseName) throw new Error('start hook');
      const attempt: AttemptProbe = {
        wrap: (fn) => fn(),
        end: () => {
          if (where === 'attempt-end' && item.caseName === caseName) throw new Error('attempt hook');
          return { spanTree: undefined };
        },
      };
      const probe: CaseProbe = {
        wrap: (fn) => fn(),
        startAttempt: () => attempt,
        wrapEvaluator: (_evaluator, fn) => fn(),
        end: () => {
          if (where === 'case-end' && item.caseName === caseName) throw new Error('case hook');
          return undefined;
        },
      };
      return probe;
    },
  };
}

async function run(instrumentation: Instrumentation, task: (x: number) => unknown) {
  const dataset = new Dataset<number, number>({
    name: 'd',
    cases: [1, 2, 3].map((x) => ({ name: `c${x}`, inputs: x, expectedOutput: x })),
  });
  const ends: { name: string; result: CaseResult }[] = [];
  const emit = (event: RunEvent) => {
    if (event.type === 'case-end') ends.push({ name: event.item.caseName, result: event.result });
  };
  const outcome = await runEngine({
    name: 'd',
    source: dataset.caseSource(),
    task,
    evaluators: [new EqualsExpected()],
    options: {},
    emit,
    stop: new AbortController(),
    instrumentation,
  });
  return { outcome, ends };
}

describe('tracing hooks that throw', () => {
  const tasks = { sync: (x: number) => x, async: async (x: number) => x };
  for (const [kind, task] of Object.entries(tasks)) {
    for (const where of ['attempt-end', 'case-end', 'start-case'] as const) {
      it(`fail only their case (${kind} task, ${where})`, async () => {
        const { outcome, ends } = await run(throwingAt(where, 'c2'), task);
        expect(outcome.aborted).toBe(false);
        expect(ends.map((e) => e.name).sort()).toEqual(['c1', 'c2', 'c3']);
        const failed = ends.filter((e) => isCaseFailure(e.result));
        expect(failed.map((e) => e.name)).toEqual(['c2']);
        expect((failed[0]!.result as { errorMessage: string }).errorMessage).toMatch(/^Error: \w+ hook$/);
      });
    }
  }
});
