import { readFileSync, writeFileSync } from 'node:fs';
import { Contains, Dataset, EqualsExpected, type Evaluator, type ProgressEvent } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { JsonlStore } from '../../src/store/jsonl-store.js';
import { countingTask, dataDir, storedCases } from './helpers.js';

function numbers(n: number, change: (i: number) => number = (i) => i, evaluators: Evaluator[] = []) {
  return new Dataset<number, number>({
    name: 'numbers',
    cases: Array.from({ length: n }, (_, i) => ({
      name: `q${i}`,
      inputs: change(i),
      expectedOutput: change(i) * 2,
    })),
    evaluators: [new EqualsExpected(), ...evaluators],
  });
}

/** Runs `numbers(n)` and aborts it once `stopAfter` results came in. */
async function partialRun(dir: string, n: number, stopAfter: number) {
  const controller = new AbortController();
  const { task, calls } = countingTask(async (x: number) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (x === 3) throw new Error('three fails');
    return x * 2;
  });
  const run = numbers(n).run(task, {
    store: { dataDir: dir },
    name: 'nums',
    maxConcurrency: 2,
    signal: controller.signal,
    progress: false,
  });
  let seen = 0;
  for await (const _ of run) if (++seen === stopAfter) controller.abort();
  const report = await run.report();
  return { report, calls, runId: run.runId! };
}

describe('resume', () => {
  it('runs only the missing cases; finished ones are reported as if they had just ended', async () => {
    const dir = dataDir();
    const first = await partialRun(dir, 20, 8);
    expect(first.report.aborted).toBe(true);
    const finished = (await storedCases(new JsonlStore(dir), first.runId)).filter(
      (c) => !c.failed || !(c.result as { errorMessage: string }).errorMessage.startsWith('AbortError'),
    );
    const { task, calls } = countingTask((x: number) =>
      x === 3 ? Promise.reject(new Error('three')) : x * 2,
    );
    const progress: ProgressEvent[] = [];
    const run = numbers(20).run(task, {
      store: { dataDir: dir },
      name: 'nums',
      resume: 'latest',
      progress: (event) => progress.push(event),
    });
    const iterated: string[] = [];
    for await (const result of run) iterated.push(result.name);
    const report = await run.report();
    expect(report.caseCount + report.failureCount).toBe(20);
    expect([...report.cases, ...report.failures].map((c) => c.name).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `q${i}`).sort(),
    );
    expect(calls.filter((name) => finished.some((c) => c.name === name))).toEqual([]);
    expect(calls.length).toBe(20 - finished.length);
    // The failure of q3 was kept, not run again.
    expect(report.failures.map((f) => f.name)).toEqual(['q3']);
    expect(report.failures[0]!.errorMessage).toBe('Error: three fails');
    expect(iterated).toHaveLength(20);
    expect(progress.at(-1)).toMatchObject({ done: 20, total: 20 });
    // The report is in dataset order, inputs come from the current dataset.
    expect(report.cases.map((c) => c.name)).toEqual(
      Array.from({ length: 20 }, (_, i) => `q${i}`).filter((name) => name !== 'q3'),
    );
    const info = await new JsonlStore(dir).readRun(run.runId!);
    expect(info.header.resumeOf).toBe(first.runId);
    expect(info.info).toMatchObject({ caseCount: 19, failureCount: 1, status: 'complete' });
  });

  it('retryErrors runs the failed cases again too', async () => {
    const dir = dataDir();
    await numbers(6).evaluate((x: number) => (x % 2 ? Promise.reject(new Error('odd')) : x * 2), {
      store: { dataDir: dir },
      name: 'nums',
      progress: false,
    });
    const { task, calls } = countingTask((x: number) => x * 2);
    const kept = await numbers(6).evaluate(task, {
      store: { dataDir: dir },
      name: 'nums',
      resume: 'latest',
      progress: false,
    });
    expect(calls).toEqual([]);
    expect(kept.failureCount).toBe(3);
    const retried = await numbers(6).evaluate(task, {
      store: { dataDir: dir },
      name: 'nums',
      resume: 'latest',
      retryErrors: true,
      progress: false,
    });
    expect(calls.sort()).toEqual(['q1', 'q3', 'q5']);
    expect(retried.failureCount).toBe(0);
    expect(retried.caseCount).toBe(6);
  });

  it('refuses a run made by another dataset, task or evaluators, saying what changed; force goes on', async () => {
    const dir = dataDir();
    const double = (x: number) => x * 2;
    const options = { store: { dataDir: dir }, name: 'nums', taskName: 'double', progress: false };
    await numbers(12).evaluate(double, options);
    const changed = numbers(12, (i) => ([1, 7, 9].includes(i) ? i + 100 : i), [new Contains({ value: 'x' })]);
    const { task, calls } = countingTask(double);
    await expect(changed.evaluate(task, { ...options, resume: 'latest' })).rejects.toThrow(
      /^Cannot resume run \S+ of 'nums': evaluators added: Contains; 3 cases changed: q1, q7, q9\. Resume with force: true \(--force\)/,
    );
    expect(calls).toEqual([]);
    const forced = await changed.evaluate(task, { ...options, resume: 'latest', force: true });
    expect(calls.sort()).toEqual(['q1', 'q7', 'q9']);
    expect(forced.caseCount).toBe(12);
    expect(forced.cases.find((c) => c.name === 'q7')!.output).toBe(214);
  });

  it('names removed cases, a renamed task and a changed repeat', async () => {
    const dir = dataDir();
    await numbers(5).evaluate((x: number) => x * 2, {
      store: { dataDir: dir },
      name: 'nums',
      progress: false,
    });
    const error = await numbers(3)
      .evaluate((x: number) => x * 2, {
        store: { dataDir: dir },
        name: 'nums',
        taskName: 'other',
        repeat: 2,
        resume: 'latest',
        progress: false,
      })
      .catch((e: Error) => e);
    expect((error as Error).message).toContain("task changed: 'task' → 'other'");
    expect((error as Error).message).toContain('repeat changed: 1 → 2');
    expect((error as Error).message).toContain('5 cases removed: q0, q1, q2, q3, q4');
    expect((error as { code?: string }).code).toBe('RESUME_MISMATCH');
  });

  it('says when there is no run to resume', async () => {
    const dir = dataDir();
    await expect(
      numbers(2).evaluate((x: number) => x, {
        store: { dataDir: dir },
        name: 'nums',
        resume: 'latest',
        progress: false,
      }),
    ).rejects.toThrow(/No stored run of 'nums' to resume in /);
    await expect(
      numbers(2).evaluate((x: number) => x, {
        dataDir: dir,
        resume: '20200101-000000-000-abcdef',
        progress: false,
      }),
    ).rejects.toThrow(/No stored run '20200101-000000-000-abcdef'/);
  });

  it('a resumed run that crashed while copying is read with the run it resumed', async () => {
    const dir = dataDir();
    const store = new JsonlStore(dir);
    const first = await partialRun(dir, 10, 6);
    const firstCases = await storedCases(store, first.runId);
    // Resume, then cut the new file after its header: as if the process died while copying.
    const copy = numbers(10).run((x: number) => x * 2, {
      store: { dataDir: dir },
      name: 'nums',
      resume: 'latest',
      progress: false,
    });
    await copy.report();
    const path = store.pathOf(copy.runId!);
    writeFileSync(path, `${readFileSync(path, 'utf8').split('\n')[0]}\n`);
    const { task, calls } = countingTask((x: number) => x * 2);
    const report = await numbers(10).evaluate(task, {
      store: { dataDir: dir },
      name: 'nums',
      resume: copy.runId!,
      progress: false,
    });
    expect(report.caseCount + report.failureCount).toBe(10);
    const done = firstCases.filter((c) => !c.failed || c.name === 'q3').map((c) => c.name);
    expect(calls.filter((name) => done.includes(name))).toEqual([]);
  });
});
