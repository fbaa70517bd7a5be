import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JsonlStore } from '../../src/store/jsonl-store.js';
import { storedCases } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = join(ROOT, 'test/fixtures/store/counting-run.ts');
const CASES = 400;

function start(dataDir: string, counter: string, resume?: string): ChildProcess {
  const args = [
    '--conditions=typed-evals-source',
    '--import',
    'tsx',
    SCRIPT,
    dataDir,
    counter,
    String(CASES),
  ];
  return spawn(process.execPath, resume ? [...args, resume] : args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  let stdout = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout }));
  });
}

/** The names recorded in the only (or newest) run of the store. */
async function recorded(store: JsonlStore): Promise<string[]> {
  const [latest] = await store.listRuns();
  return latest ? (await storedCases(store, latest.runId)).map((c) => c.name) : [];
}

function calls(counter: string): string[] {
  try {
    return readFileSync(counter, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

describe('kill -9 mid-run, then resume', () => {
  it('gives every case exactly once, and runs none of the recorded cases again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'typed-evals-kill-'));
    const counter = join(dataDir, 'calls.txt');
    const store = new JsonlStore(dataDir);
    const child = start(dataDir, counter);
    const done = exited(child);
    // Poll the run file until some cases are recorded, then kill the process without warning.
    let before: string[] = [];
    for (let i = 0; i < 400 && before.length < 40; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      before = await recorded(store);
    }
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    before = await recorded(store);
    expect(before.length).toBeGreaterThanOrEqual(40);
    expect(before.length).toBeLessThan(CASES);
    const [crashed] = await store.listRuns();
    expect(crashed!.status).toBe('crashed');
    const callsBefore = calls(counter).length;

    const resumed = await exited(start(dataDir, counter, 'latest'));
    expect(resumed.code).toBe(0);
    const report = JSON.parse(resumed.stdout) as { cases: string[]; failures: number };
    expect(report.failures).toBe(0);
    expect(report.cases).toHaveLength(CASES);
    expect(new Set(report.cases).size).toBe(CASES);
    const ranAgain = calls(counter).slice(callsBefore);
    expect(ranAgain.filter((name) => before.includes(name))).toEqual([]);
    expect(ranAgain.length).toBe(CASES - before.length);

    const [final] = await store.listRuns();
    expect(final!.status).toBe('complete');
    expect(final!.resumeOf).toBe(crashed!.runId);
    const names = await recorded(store);
    expect(names).toHaveLength(CASES);
    expect(new Set(names).size).toBe(CASES);
  }, 30_000);
});
