import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset, RunOptions, Task } from 'typed-evals';
import { JsonlStore } from '../../src/store/jsonl-store.js';
import type { Store, StoredCase } from '../../src/store/types.js';

export function dataDir(): string {
  return mkdtempSync(join(tmpdir(), 'typed-evals-store-'));
}

export async function storedCases(store: Store, runId: string): Promise<StoredCase[]> {
  const cases: StoredCase[] = [];
  for await (const c of (await store.readRun(runId)).cases()) cases.push(c);
  return cases;
}

/**
 * Runs `dataset` to the end with the store on, in a fresh data folder (no progress bar): the folder, its
 * store, the run and its report.
 */
export async function recordedRun<I, O, M>(
  dataset: Dataset<I, O, M>,
  task: Task<I, O>,
  options: RunOptions<I, O, M> = {},
) {
  const dir = dataDir();
  const run = dataset.run(task, { store: { dataDir: dir }, progress: false, ...options });
  const report = await run.report();
  return { dir, store: new JsonlStore(dir), run, report };
}

/** A task that counts its calls per case name. */
export function countingTask<I, O>(fn: (inputs: I) => O | Promise<O>) {
  const calls: string[] = [];
  const task = async (inputs: I, ctx: { caseName: string }) => {
    calls.push(ctx.caseName);
    return fn(inputs);
  };
  return { task, calls };
}
