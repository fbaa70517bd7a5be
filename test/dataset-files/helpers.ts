import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

// Until src/index.ts re-exports them (see docs/dataset-format.md), the file-format names come from src.
export { type DatasetIssue, DatasetLoadError } from '../../src/dataset/file/errors.js';

/** Absolute path of a fixture under test/fixtures/datasets. */
export function fixture(...parts: string[]): string {
  return fileURLToPath(new URL(`../fixtures/datasets/${parts.join('/')}`, import.meta.url));
}

const dirs: string[] = [];

/** A fresh temp folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'typed-evals-files-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs `load` and returns the DatasetLoadError it throws (fails the test otherwise). */
export function loadError(load: () => unknown): import('../../src/dataset/file/errors.js').DatasetLoadError {
  try {
    load();
  } catch (error) {
    if ((error as Error).name === 'DatasetLoadError') return error as never;
    throw error;
  }
  throw new Error('expected a DatasetLoadError, but the dataset loaded');
}
