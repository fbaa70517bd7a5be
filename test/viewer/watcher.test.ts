import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunInfo } from '../../src/store/types.js';
import { RunWatcher } from '../../src/viewer/watcher.js';
import { removeDir, tempDir } from './helpers.js';

const watchers: RunWatcher[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const w of watchers.splice(0)) w.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

function collect(watcher: RunWatcher): string[][] {
  const seen: string[][] = [];
  watcher.subscribe((ids) => seen.push(ids));
  return seen;
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('RunWatcher', () => {
  it('notices runs folder changes by polling when fs.watch cannot start (no folder yet)', async () => {
    const root = tempDir('typed-evals-watch-');
    dirs.push(root);
    const runs = join(root, 'runs');
    const watcher = new RunWatcher({ dir: runs, listRuns: async () => [], pollMs: 50 });
    watchers.push(watcher);
    await watcher.start();
    const seen = collect(watcher);
    mkdirSync(runs);
    writeFileSync(join(runs, 'run-a.jsonl'), '{"type":"header"}\n');
    writeFileSync(join(runs, 'notes.txt'), 'ignored');
    await until(() => seen.flat().includes('run-a'));
    const before = seen.length;
    appendFileSync(join(runs, 'run-a.jsonl'), '{"type":"case"}\n');
    await until(() => seen.length > before);
    expect(seen.at(-1)).toEqual(['run-a']);
    rmSync(join(runs, 'run-a.jsonl'));
    await until(() => seen.length > before + 1);
    expect(seen.flat()).not.toContain('notes');
  });

  it('polls listRuns for a store without files', async () => {
    let infos: Partial<RunInfo>[] = [
      { runId: 'r1', status: 'running', caseCount: 1, failureCount: 0, endedAt: null },
    ];
    const watcher = new RunWatcher({ listRuns: async () => infos as RunInfo[], pollMs: 30 });
    watchers.push(watcher);
    await watcher.start();
    const seen = collect(watcher);
    infos = [
      { ...infos[0], caseCount: 2 },
      { runId: 'r2', status: 'running', caseCount: 0, failureCount: 0, endedAt: null },
    ];
    await until(() => seen.length > 0);
    expect(seen[0]!.sort()).toEqual(['r1', 'r2']);
  });
});
