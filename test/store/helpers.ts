import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store, StoredCase } from '../../src/store/types.js';

export function dataDir(): string {
  return mkdtempSync(join(tmpdir(), 'typed-evals-store-'));
}

export async function storedCases(store: Store, runId: string): Promise<StoredCase[]> {
  const cases: StoredCase[] = [];
  for await (const c of (await store.readRun(runId)).cases()) cases.push(c);
  return cases;
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
