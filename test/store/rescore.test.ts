import {
  Contains,
  Dataset,
  EqualsExpected,
  evaluator,
  IsInstance,
  MaxDuration,
  setEvalAttribute,
} from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { rescore, startRescore } from '../../src/rescore.js';
import { recordedRun } from './helpers.js';

function dataset() {
  return new Dataset<string, string>({
    name: 'words',
    cases: [
      { name: 'hello', inputs: 'hello', expectedOutput: 'HELLO' },
      { name: 'world', inputs: 'world', expectedOutput: 'WORLD!' },
      { name: 'oops', inputs: 'oops' },
    ],
    evaluators: [new EqualsExpected(), new IsInstance({ typeName: 'string' })],
  });
}

let taskCalls = 0;
async function shout(word: string): Promise<string> {
  taskCalls++;
  if (word === 'oops') throw new Error('cannot shout oops');
  setEvalAttribute('model', 'loud-1');
  await new Promise((resolve) => setTimeout(resolve, 30));
  return word.toUpperCase();
}

describe('rescore', () => {
  it('re-runs new evaluators on the stored outputs with zero task calls, as a new run', async () => {
    const { dir, store, run, report: original } = await recordedRun(dataset(), shout, { name: 'words' });
    taskCalls = 0;
    let seenDuration = 0;
    const rescoring = await startRescore(
      run.runId!,
      [
        new Contains({ value: 'L' }),
        evaluator('length', (ctx) => ctx.output.length),
        evaluator('model', (ctx) => String(ctx.attributes.model)),
        evaluator('duration', (ctx) => {
          seenDuration = ctx.duration;
          return true;
        }),
        new MaxDuration({ seconds: 0.01 }),
      ],
      { dataDir: dir, progress: false },
    );
    const report = await rescoring.report();
    expect(taskCalls).toBe(0);
    expect(report.name).toBe('words');
    expect(report.cases.map((c) => c.name)).toEqual(['hello', 'world']);
    expect(report.cases.map((c) => c.output)).toEqual(['HELLO', 'WORLD']);
    expect(Object.keys(report.cases[0]!.assertions)).toEqual(['Contains', 'duration', 'MaxDuration']);
    expect(report.cases[0]!.scores.length!.value).toBe(5);
    expect(report.cases[0]!.labels.model!.value).toBe('loud-1');
    // The stored task duration, seen by the evaluators too: MaxDuration judges the original run.
    expect(report.cases[0]!.taskDuration).toBeCloseTo(original.cases[0]!.taskDuration, 6);
    expect(seenDuration).toBeGreaterThan(0.02);
    expect(report.cases[0]!.assertions.MaxDuration!.value).toBe(false);
    // The failed case stays failed, as it was.
    expect(report.failures.map((f) => f.errorMessage)).toEqual(['Error: cannot shout oops']);
    const stored = await store.readRun(rescoring.runId!);
    expect(stored.header.rescoreOf).toBe(run.runId);
    expect(stored.info).toMatchObject({ caseCount: 2, failureCount: 1, status: 'complete' });
  });

  it('rebuilds the stored evaluators from their specs when none are given, and says when it cannot', async () => {
    const { dir, report: original } = await recordedRun(dataset(), shout, { name: 'words' });
    taskCalls = 0;
    const again = await rescore('latest', undefined, { dataDir: dir, experiment: 'words', progress: false });
    expect(taskCalls).toBe(0);
    expect(again.cases.map((c) => Object.keys(c.assertions))).toEqual(
      original.cases.map((c) => Object.keys(c.assertions)),
    );
    expect(again.cases[1]!.assertions.EqualsExpected!.value).toBe(false);

    const custom = new Dataset<string, string>({
      name: 'custom',
      cases: [{ name: 'x', inputs: 'x' }],
      evaluators: [evaluator('mine', () => true)],
    });
    const customRun = custom.run(shout, { store: { dataDir: dir }, progress: false });
    await customRun.report();
    await expect(rescore(customRun.runId!, undefined, { dataDir: dir, progress: false })).rejects.toThrow(
      /Cannot rebuild the evaluators of run \S+ from their specs \(Evaluator 'mine' is not registered/,
    );
  });

  it('keeps repeated runs grouped', async () => {
    const { dir, run } = await recordedRun(dataset(), shout, { repeat: 2 });
    taskCalls = 0;
    const report = await rescore(run.runId!, [new Contains({ value: 'O' })], {
      dataDir: dir,
      progress: false,
    });
    expect(taskCalls).toBe(0);
    expect(report.cases.map((c) => c.name)).toEqual([
      'hello [1/2]',
      'hello [2/2]',
      'world [1/2]',
      'world [2/2]',
    ]);
    expect(report.caseGroups()!.map((g) => g.name)).toEqual(['hello', 'world', 'oops']);
    expect(report.failureCount).toBe(2);
  });
});
