import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Dataset,
  EqualsExpected,
  type EvaluateOptions,
  incrementEvalMetric,
  setEvalAttribute,
  type Task,
} from 'typed-evals';
import { describe, expect, it } from 'vitest';
import { stableJson, taskCacheKey } from '../../src/store/task-cache.js';
import { dataDir } from './helpers.js';

function dataset() {
  return new Dataset<{ q: string; n: number }, string>({
    name: 'cache',
    cases: [
      { name: 'a', inputs: { q: 'a', n: 1 }, expectedOutput: 'A1' },
      { name: 'b', inputs: { n: 2, q: 'b' }, expectedOutput: 'B2' },
      { name: 'c', inputs: { q: 'c', n: 3 }, expectedOutput: 'C3' },
    ],
    evaluators: [new EqualsExpected()],
  });
}

function counted() {
  const calls: string[] = [];
  async function answer(inputs: { q: string; n: number }, ctx: { caseName: string }): Promise<string> {
    calls.push(ctx.caseName);
    setEvalAttribute('model', 'fake-1');
    incrementEvalMetric('tokens', inputs.n * 10);
    return `${inputs.q.toUpperCase()}${inputs.n}`;
  }
  return { answer, calls };
}

/** `dataset()` evaluated with the task cache on, its data folder `dir`. */
function cachedRun(dir: string, task: Task<{ q: string; n: number }, string>, options: EvaluateOptions = {}) {
  return dataset().evaluate(task, { cache: { task: true }, dataDir: dir, progress: false, ...options });
}

function cacheFiles(dir: string): string[] {
  const root = join(dir, 'cache', 'task');
  return readdirSync(root).flatMap((shard) =>
    readdirSync(join(root, shard)).map((file) => join(root, shard, file)),
  );
}

describe('the task-output cache', () => {
  it('answers a repeated run from the cache: zero task calls, same outputs, attributes and metrics', async () => {
    const dir = dataDir();
    const first = counted();
    const before = await cachedRun(dir, first.answer);
    expect(first.calls).toHaveLength(3);
    const second = counted();
    const after = await cachedRun(dir, second.answer);
    expect(second.calls).toEqual([]);
    expect(after.cases.map((c) => c.output)).toEqual(before.cases.map((c) => c.output));
    expect(after.averages()!.assertions).toBe(1);
    const a = after.cases[0]!;
    expect(a.attributes).toMatchObject({
      model: 'fake-1',
      taskCache: { hit: true, taskDuration: expect.any(Number) },
    });
    expect(a.metrics).toEqual({ tokens: 10 });
    expect(cacheFiles(dir)).toHaveLength(3);
  });

  it('misses when the task version (or name) changes, and keys inputs whatever their key order', async () => {
    const dir = dataDir();
    const first = counted();
    await cachedRun(dir, first.answer, { taskVersion: 'v1' });
    const second = counted();
    await cachedRun(dir, second.answer, { taskVersion: 'v2' });
    expect(second.calls).toHaveLength(3);
    const third = counted();
    await cachedRun(dir, third.answer, { taskVersion: 'v2' });
    expect(third.calls).toEqual([]);
    expect(stableJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe(stableJson({ a: [{ c: 2, d: 1 }], b: 1 }));
    expect(taskCacheKey('t', 'v1', { a: 1 })).not.toBe(taskCacheKey('t', 'v2', { a: 1 }));
    expect(taskCacheKey('t', undefined, { a: 1 })).not.toBe(taskCacheKey('u', undefined, { a: 1 }));
  });

  it('ignores a corrupt entry (and writes it again), never caches a failure or a non-JSON output', async () => {
    const dir = dataDir();
    const first = counted();
    await cachedRun(dir, first.answer);
    const [broken] = cacheFiles(dir);
    writeFileSync(broken!, '{"format":"typed-evals/task-cache","out');
    const second = counted();
    await cachedRun(dir, second.answer);
    expect(second.calls).toHaveLength(1);
    expect(JSON.parse(readFileSync(broken!, 'utf8')).output).toMatch(/^[ABC]\d$/);
    expect(statSync(broken!).size).toBeGreaterThan(40);

    const elsewhere = { cache: { task: true }, dataDir: dataDir(), progress: false };
    let calls = 0;
    const dates = new Dataset<number, Date>({ name: 'dates', cases: [{ name: 'd', inputs: 1 }] });
    const odd = () => {
      calls++;
      return new Date(0);
    };
    await dates.evaluate(odd, elsewhere);
    await dates.evaluate(odd, elsewhere);
    expect(calls).toBe(2);
    let failing = 0;
    const fails = () => {
      failing++;
      throw new Error('no');
    };
    await dates.evaluate(fails, elsewhere);
    await dates.evaluate(fails, elsewhere);
    expect(failing).toBe(2);
  });

  it('gives each run of a repeated case its own entry', async () => {
    const dir = dataDir();
    const first = counted();
    await cachedRun(dir, first.answer, { repeat: 2 });
    expect(first.calls).toHaveLength(6);
    expect(cacheFiles(dir)).toHaveLength(6);
    const second = counted();
    await cachedRun(dir, second.answer, { repeat: 2 });
    expect(second.calls).toEqual([]);
  });
});
