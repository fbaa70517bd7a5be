import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseLifecycle, Dataset, EqualsExpected, EvaluationReason, evaluator, IsInstance } from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { JsonlStore } from '../../src/store/jsonl-store.js';
import { dataDir, recordedRun, storedCases } from './helpers.js';

function richDataset() {
  const loud = evaluator('loud', (ctx) => ({ shout: ctx.output.length > 3, len: ctx.output.length }));
  return new Dataset<string, string, { tier: string }>({
    name: 'rich',
    cases: [
      { name: 'plain', inputs: 'abc', expectedOutput: 'ABC' },
      {
        name: 'unicode "quoted"\n✓',
        inputs: 'héllo 🎉',
        expectedOutput: 'HÉLLO 🎉',
        metadata: { tier: 'gold' },
      },
      { name: 'own', inputs: 'xy', evaluators: [evaluator('own', () => new EvaluationReason(0.5, 'half'))] },
      { name: 'boom', inputs: 'boom' },
      { inputs: 'unnamed' },
    ],
    evaluators: [
      new EqualsExpected(),
      new IsInstance({ typeName: 'string' }),
      loud,
      evaluator('label', () => 'x'),
    ],
  });
}

async function richTask(input: string): Promise<string> {
  if (input === 'boom') throw new TypeError('no boom allowed');
  return input.toUpperCase();
}

describe('the JSONL run store', () => {
  it('records header, every case and a footer, and reads them back as they were reported', async () => {
    const { store, run, report } = await recordedRun(richDataset(), richTask, { name: 'rich run' });
    const stored = await store.readRun(run.runId!);
    expect(stored.header).toMatchObject({
      format: 'typed-evals/run',
      runId: run.runId,
      experiment: 'rich run',
      dataset: { name: 'rich', size: 5 },
      task: { name: 'richTask', version: null },
      repeat: 1,
      resumeOf: null,
      rescoreOf: null,
    });
    expect(stored.header.evaluators.map((e) => e.name)).toEqual([
      'EqualsExpected',
      'IsInstance',
      'loud',
      'label',
    ]);
    expect(stored.footer).toMatchObject({ caseCount: 4, failureCount: 1, aborted: false, error: null });
    // The footer's averages are the report's (durations to the nanosecond the store keeps).
    const { taskDuration, totalDuration, ...averages } = report.averages()!;
    expect(stored.footer!.averages).toMatchObject(JSON.parse(JSON.stringify(averages)));
    expect(stored.footer!.averages!.taskDuration).toBeCloseTo(taskDuration, 8);
    expect(stored.footer!.averages!.totalDuration).toBeCloseTo(totalDuration, 8);
    expect(stored.info.status).toBe('complete');

    const cases = await storedCases(store, run.runId!);
    const byName = new Map(cases.map((c) => [c.name, c.result]));
    for (const c of report.cases) {
      const back = byName.get(c.name) as typeof c;
      expect(back.output).toEqual(c.output);
      expect(back.scores).toEqual(c.scores);
      expect(back.labels).toEqual(c.labels);
      expect(back.assertions).toEqual(c.assertions);
      expect(back.inputs).toEqual(c.inputs);
      expect(back.metadata).toEqual(c.metadata);
      expect(back.taskDuration).toBeCloseTo(c.taskDuration, 8);
    }
    const failure = cases.find((c) => c.failed)!;
    expect(failure.name).toBe('boom');
    expect(failure.result).toMatchObject({ errorMessage: 'TypeError: no boom allowed' });
    expect(cases.find((c) => c.name === 'own')!.caseEvaluators).toEqual([{ name: 'own', arguments: null }]);
    expect(byName.get('own')).toMatchObject({ scores: { own: { value: 0.5, reason: 'half' } } });
    expect(byName.has('Case 5')).toBe(true);
  });

  it('keeps the footer averages and every value when all cases share one result shape', async () => {
    // 5000 sync cases: more than one batch, each with one shape (two scores, two labels, two assertions).
    const n = 5000;
    const dataset = new Dataset<number, number>({
      name: 'one shape',
      cases: Array.from({ length: n }, (_, i) => ({
        name: `c${i}`,
        inputs: i,
        expectedOutput: i % 3 ? i * 2 : -1,
      })),
      evaluators: [
        new EqualsExpected(),
        evaluator('stats', (ctx) => ({
          half: ctx.output / 2,
          third: ctx.output / 3,
          even: ctx.inputs % 2 === 0,
          digits: String(ctx.inputs).length > 3 ? 'many' : 'few',
        })),
        evaluator('size', (ctx) => (ctx.output > n ? 'big' : 'small')),
      ],
    });
    const { store, run, report } = await recordedRun(dataset, (x: number) => x * 2);
    const stored = await store.readRun(run.runId!);
    const { taskDuration, totalDuration, ...averages } = report.averages()!;
    expect(averages.assertions).toBeCloseTo(((2 / 3) * 1 + 0.5) / 2, 3);
    expect(stored.footer!.averages).toMatchObject(JSON.parse(JSON.stringify(averages)));
    expect(stored.footer!.averages!.scores.half).toBeCloseTo((n - 1) / 2, 9);
    expect(stored.footer!.averages!.taskDuration).toBeCloseTo(taskDuration, 8);
    const cases = await storedCases(store, run.runId!);
    expect(cases.map((c) => c.name)).toEqual(report.cases.map((c) => c.name));
    for (const [k, c] of report.cases.entries()) {
      const back = cases[k]!.result as typeof c;
      expect([back.scores, back.labels, back.assertions]).toEqual([c.scores, c.labels, c.assertions]);
    }
  });

  it('keeps shared assertion records exactly, passed entries without a value per case', async () => {
    // Blocks of cases whose assertions are the run's shared records (pass/fail results shared by cases),
    // changing from block to block and now and then for a single case, over several batches.
    const n = 5000;
    // The last 2000 cases all pass: whole batches of one shape (totalled column by column).
    const fails = (i: number) => (i >= 1500 && i < 3000) || (i < 1500 && i % 97 === 0);
    const dataset = new Dataset<number, number>({
      name: 'shared assertions',
      cases: Array.from({ length: n }, (_, i) => ({
        name: `c${i}`,
        inputs: i,
        expectedOutput: fails(i) ? -1 : i * 2,
      })),
      evaluators: [
        new EqualsExpected(),
        new IsInstance({ typeName: 'number' }),
        evaluator('never', () => false),
        evaluator('ratio', (ctx) => ctx.output / n),
      ],
    });
    const { store, run, report, dir } = await recordedRun(dataset, (x: number) => x * 2);
    const cases = await storedCases(store, run.runId!);
    expect(cases).toHaveLength(n);
    for (const [k, c] of report.cases.entries()) {
      const back = cases[k]!.result as typeof c;
      expect([back.name, back.assertions, back.scores]).toEqual([c.name, c.assertions, c.scores]);
    }
    const stored = await store.readRun(run.runId!);
    expect(stored.footer!.averages!.assertions).toBe(report.averages()!.assertions);
    expect(stored.footer!.assertionPassRate).toBeCloseTo(
      (2 * n - report.cases.filter((c) => fails(c.inputs)).length) / (3 * n),
      12,
    );
    // Passed entries of replayed records are in the shapes (type p), not one value per case.
    const lines = readFileSync(join(dir, 'runs', `${run.runId}.jsonl`), 'utf8')
      .trim()
      .split('\n');
    const records = lines.map((line) => JSON.parse(line));
    expect(records[0]).toMatchObject({ t: 'header', version: 2 });
    expect(records.some((r) => r.t === 'shape' && /p/.test(r.types))).toBe(true);
    const booleans = records.filter((r) => r.t === 'cases').reduce((sum, r) => sum + r.rb.length, 0);
    expect(booleans).toBeLessThan(n * 1.5);
  });

  it('keeps each case at its plan index when cases end out of order within one batch', async () => {
    // Every case ends in the same turn, but case 0 (and every 7th) waits a few more microtasks.
    const task = async (x: number) => {
      if (x % 7 === 0) for (let k = 0; k < 5; k++) await null;
      return x * 2;
    };
    const dataset = new Dataset<number, number>({
      name: 'out of order',
      cases: Array.from({ length: 50 }, (_, i) => ({ name: `c${i}`, inputs: i, expectedOutput: i * 2 })),
      evaluators: [new EqualsExpected()],
    });
    const { store, run } = await recordedRun(dataset, task);
    const cases = await storedCases(store, run.runId!);
    expect(cases.map((c) => c.name)).not.toEqual(cases.map((_, i) => `c${i}`));
    for (const c of cases) expect(c.name).toBe(`c${c.index}`);
    expect(cases.map((c) => c.index).sort((a, b) => a - b)).toEqual(cases.map((_, i) => i));
  });

  it('keeps repeated runs, metrics, attributes, evaluator failures and teardown errors', async () => {
    class Teardown extends CaseLifecycle {
      override teardown(): void {
        throw new Error('teardown broke');
      }
    }
    const dataset = new Dataset<number, number>({
      name: 'repeat',
      cases: [{ name: 'a', inputs: 1 }],
      evaluators: [
        evaluator('bad', () => {
          throw new Error('evaluator broke');
        }),
      ],
    });
    const { setEvalAttribute, incrementEvalMetric } = await import('typed-evals');
    const task = async (x: number) => {
      setEvalAttribute('model', 'fake');
      incrementEvalMetric('tokens', 7);
      return x + 1;
    };
    const { store, run, report } = await recordedRun(dataset, task, { repeat: 3, lifecycle: Teardown });
    const cases = await storedCases(store, run.runId!);
    expect(cases.map((c) => c.name).sort()).toEqual(['a [1/3]', 'a [2/3]', 'a [3/3]']);
    const first = cases.find((c) => c.name === 'a [1/3]')!.result as (typeof report.cases)[number];
    expect(first).toMatchObject({
      sourceCaseName: 'a',
      metrics: { tokens: 7 },
      attributes: { model: 'fake' },
      teardownError: 'Error: teardown broke',
    });
    expect(first.evaluatorFailures[0]).toMatchObject({
      name: 'bad',
      errorMessage: 'Error: evaluator broke',
      source: { name: 'bad', arguments: null },
    });
  });

  it('ignores a truncated last line (a crash in the middle of a write) and corrupt lines', async () => {
    const { dir, store, run } = await recordedRun(richDataset(), richTask);
    const path = join(dir, 'runs', `${run.runId}.jsonl`);
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    const casesLine = lines.find((line) => line.startsWith('{"t":"cases"'))!;
    // The footer is lost and the cases line is cut in the middle: no footer, no cases from that line.
    const header = lines.filter(
      (line) => !line.startsWith('{"t":"cases"') && !line.startsWith('{"t":"footer"'),
    );
    writeFileSync(path, `${header.join('\n')}\nnot json at all\n${casesLine.slice(0, casesLine.length - 5)}`);
    const cut = await store.readRun(run.runId!);
    expect(cut.footer).toBeUndefined();
    expect(cut.info.status).toBe('crashed');
    const left = await storedCases(store, run.runId!);
    expect(left.map((c) => c.name)).toEqual(['boom']);
    // A complete line after it is read again.
    appendFileSync(path, `\n${casesLine}\n`);
    expect((await storedCases(store, run.runId!)).length).toBe(5);
  });

  it('gives concurrent runs different files', async () => {
    const dir = dataDir();
    const runs = Array.from({ length: 6 }, () =>
      richDataset().run(richTask, { store: { dataDir: dir }, name: 'same', progress: false }),
    );
    await Promise.all(runs.map((r) => r.report()));
    const ids = runs.map((r) => r.runId);
    expect(new Set(ids).size).toBe(6);
    expect(readdirSync(join(dir, 'runs'))).toHaveLength(6);
    for (const id of ids) expect((await storedCases(new JsonlStore(dir), id!)).length).toBe(5);
  });

  it('keeps secrets out of the header and the records', async () => {
    const dataset = new Dataset<{ apiKey: string; q: string }, string>({
      name: 'secrets',
      cases: [{ name: 's', inputs: { apiKey: 'sk-live-1234567890abcdefghij', q: 'hi' } }],
    });
    const { dir, run } = await recordedRun(dataset, () => 'Bearer abcdefghijklmnopqrstuvwxyz', {
      metadata: { authorization: 'Bearer 123456789012345', model: 'm' },
    });
    const text = readFileSync(join(dir, 'runs', `${run.runId}.jsonl`), 'utf8');
    expect(text).not.toContain('sk-live-1234567890abcdefghij');
    expect(text).not.toContain('Bearer 1234');
    expect(text).not.toContain('Bearer abcdefghijklmnopqrstuvwxyz');
    expect(text).toContain('"model":"m"');
  });

  it('lists runs newest first with counts, pass rate and status; the latest of an experiment', async () => {
    const dir = dataDir();
    const store = new JsonlStore(dir);
    const first = richDataset().run(richTask, { store, name: 'alpha', progress: false });
    await first.report();
    const controller = new AbortController();
    controller.abort();
    const aborted = richDataset().run(richTask, {
      store,
      name: 'alpha',
      signal: controller.signal,
      progress: false,
    });
    await aborted.report();
    const other = richDataset().run(richTask, { store, name: 'beta', progress: false });
    await other.report();
    // A run whose process died: a header and no footer.
    const crashedId = '20000101-000000-000-abcdef';
    writeFileSync(
      store.pathOf(crashedId),
      `${JSON.stringify({ t: 'header', format: 'typed-evals/run', version: 1, runId: crashedId, experiment: 'alpha', dataset: { name: 'rich', size: 5 }, task: { name: 't', version: null }, evaluators: [], reportEvaluators: [], options: {}, repeat: 1, metadata: null, gitCommit: null, startedAt: '2000-01-01T00:00:00.000Z', pid: 2 ** 22 + 1, host: 'elsewhere', resumeOf: null, rescoreOf: null })}\n`,
    );
    const runs = await store.listRuns();
    expect(runs.map((r) => r.runId)).toEqual([other.runId, aborted.runId, first.runId, crashedId]);
    expect(runs.map((r) => r.status)).toEqual(['complete', 'aborted', 'complete', 'crashed']);
    expect(runs[2]).toMatchObject({
      experiment: 'alpha',
      caseCount: 4,
      failureCount: 1,
      assertionPassRate: expect.any(Number),
    });
    expect((await store.listRuns({ experiment: 'beta' })).map((r) => r.runId)).toEqual([other.runId]);
    expect((await store.latestRun('alpha'))!.runId).toBe(aborted.runId);
    expect((await store.latestRun('alpha', { complete: true }))!.runId).toBe(first.runId);
    await expect(store.readRun('nope')).rejects.toThrow(/No stored run 'nope'/);
  });

  it('is off by default, and checks its options', async () => {
    const dataset = richDataset();
    const run = dataset.run(richTask, { progress: false });
    await run.report();
    expect(run.runId).toBeUndefined();
    expect(() => dataset.run(richTask, { store: 'yes' as never })).toThrow(
      /store must be true, false, a Store/,
    );
    expect(() => dataset.run(richTask, { retryErrors: true })).toThrow(
      /retryErrors only applies with resume/,
    );
    expect(() => dataset.run(richTask, { resume: 'latest', store: false })).toThrow(
      /resume needs the run store/,
    );
    expect(() => dataset.run(richTask, { cache: { task: 1 as never } })).toThrow(
      /cache.task must be a boolean/,
    );
  });
});
