import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonlStore } from '../../src/store/jsonl-store.js';
import { ROOT, runCli, spawnCli, tempDir } from './helpers.js';

const PROJECT = join(ROOT, 'test/fixtures/store/cli');

/** The CLI in the store fixture project, with its own data folder and call counter. */
function project() {
  const dir = tempDir();
  const counter = join(dir, 'calls.txt');
  const env = { TYPED_EVALS_DATA_DIR: join(dir, 'data'), TYPED_EVALS_COUNTER: counter };
  return {
    dir,
    store: new JsonlStore(join(dir, 'data')),
    calls: () => (existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').filter(Boolean) : []),
    run: (args: string[], extra: Record<string, string> = {}) =>
      runCli(args, { cwd: PROJECT, env: { ...env, ...extra } }),
    spawn: (args: string[], extra: Record<string, string> = {}) =>
      spawnCli(args, { cwd: PROJECT, env: { ...env, ...extra } }),
  };
}

describe.concurrent('typed-evals run with the run store', () => {
  it('stores every run by default, compares with the previous run, and lists the runs', async () => {
    const p = project();
    const first = await p.run(['run']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^Stored as run \d{8}-\d{6}-\d{3}-[0-9a-f]{6}$/m);
    expect(first.stdout).toContain('Evaluation Summary: words');
    expect(first.stderr).not.toContain('Comparing');

    const second = await p.run(['run'], { TYPED_EVALS_FIXTURE: 'broken' });
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/^Comparing words with its previous run \d{8}-\d{6}-\d{3}-[0-9a-f]{6} \(/m);
    expect(second.stdout).toContain('Evaluation Diff: words');
    expect(second.stdout).toMatch(/w1 .*✔ → ✗/);

    const third = await p.run(['run', '--no-compare']);
    expect(third.stdout).toContain('Evaluation Summary: words');
    expect(third.stderr).not.toContain('Comparing');

    const runs = await p.run(['runs']);
    expect(runs.code).toBe(0);
    const lines = runs.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^run\s+experiment\s+started \(UTC\)\s+cases\s+failures\s+pass rate\s+duration\s+commit\s+status$/,
    );
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^\S+\s+words\s+\S+ \S+\s+6\s+1\s+80\.0%\s+\S+\s+(\S+|-)\s+complete$/);
    const json = JSON.parse((await p.run(['runs', '--json', '--experiment', 'words'])).stdout);
    expect(json).toHaveLength(3);
    expect(json[1]).toMatchObject({ experiment: 'words', caseCount: 5, failureCount: 1, status: 'complete' });
    expect((await p.run(['runs', '--experiment', 'none'])).stderr).toContain("No stored runs of 'none'");
  });

  it('--no-store records nothing; an explicit --baseline wins over the previous run', async () => {
    const p = project();
    const off = await p.run(['run', '--no-store']);
    expect(off.code).toBe(0);
    expect(off.stderr).not.toContain('Stored as run');
    expect(existsSync(join(p.dir, 'data'))).toBe(false);
    const saved = join(p.dir, 'base.json');
    await p.run(['run', '--json', saved]);
    const explicit = await p.run(['run', '--baseline', saved]);
    expect(explicit.stderr).not.toContain('Comparing');
    expect(explicit.stdout).toContain('Evaluation Diff: words');
    const elsewhere = await p.run(['run', '--data-dir', join(p.dir, 'other')]);
    expect(elsewhere.stdout).toContain('Evaluation Summary: words');
    expect((await new JsonlStore(join(p.dir, 'other')).listRuns()).length).toBe(1);
  });

  it('kill -9, then --resume: every case once, none of the recorded ones again', async () => {
    const p = project();
    const slow = { TYPED_EVALS_SLOW_MS: '30', TYPED_EVALS_CASES: '300' };
    const { child, result } = p.spawn(['run', '-c', '6'], slow);
    let recorded = 0;
    for (let i = 0; i < 300 && recorded < 10; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [run] = await p.store.listRuns();
      recorded = run ? run.caseCount + run.failureCount : 0;
    }
    child.kill('SIGKILL');
    await result;
    const [crashed] = await p.store.listRuns();
    expect(crashed!.status).toBe('crashed');
    const done: string[] = [];
    for await (const c of (await p.store.readRun(crashed!.runId)).cases()) done.push(c.name);
    expect(done.length).toBeGreaterThanOrEqual(10);
    const callsBefore = p.calls().length;

    // `--resume` takes an optional id: a path after it is still a path.
    const resumed = await p.run(['run', '-c', '12', '--resume', '.', '--no-compare'], slow);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/^✔ words: 300 cases, 0 failures/m);
    const again = p.calls().slice(callsBefore);
    expect(again.filter((name) => done.includes(name))).toEqual([]);
    expect(again).toHaveLength(300 - done.length);
    const [latest] = await p.store.listRuns();
    expect(latest).toMatchObject({ resumeOf: crashed!.runId, caseCount: 300, status: 'complete' });
  });

  it('--resume <id> with --retry-errors and --force; a changed dataset is refused with what changed', async () => {
    const p = project();
    await p.run(['run'], { TYPED_EVALS_FIXTURE: 'broken' });
    const [broken] = await p.store.listRuns();
    const before = p.calls().length;
    const kept = await p.run(['run', `--resume=${broken!.runId}`]);
    expect(kept.code).toBe(0);
    expect(p.calls().length).toBe(before);
    expect(kept.stdout).toMatch(/^✘ words: 6 cases, 1 failure/m);
    const retried = await p.run(['run', '--resume', broken!.runId, '--retry-errors']);
    expect(p.calls().slice(before)).toEqual(['w2']);
    expect(retried.stdout).toMatch(/^✔ words: 6 cases, 0 failures, assertions 83\.3%/m);

    const changed = await p.run(['run', '--resume'], {
      TYPED_EVALS_CASES: '4',
      TYPED_EVALS_FIXTURE: 'contains',
    });
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(
      /Error: .*words\.eval\.ts \(words\): Cannot resume run \S+ of 'words': evaluators added: Contains; 2 cases removed: w4, w5; dataset size changed: 6 cases → 4\. Resume with force: true \(--force\)/,
    );
    const forced = await p.run(['run', '--resume', '--force'], {
      TYPED_EVALS_CASES: '4',
      TYPED_EVALS_FIXTURE: 'contains',
    });
    expect(forced.code).toBe(0);
    const flags = await p.run(['run', '--force']);
    expect(flags.code).toBe(2);
    expect(flags.stderr).toContain('--force only applies with --resume');
  });

  it('--cache answers a second run from the cache without calling the task', async () => {
    const p = project();
    await p.run(['run', '--cache']);
    expect(p.calls()).toHaveLength(6);
    const cached = await p.run(['run', '--cache', '--no-compare']);
    expect(cached.code).toBe(0);
    expect(p.calls()).toHaveLength(6);
    expect(cached.stdout).toMatch(/^✔ words: 6 cases, 0 failures, assertions 100\.0%/m);
  });

  it('rescore re-runs evaluators on stored outputs with zero task calls (and --eval-file evaluators)', async () => {
    const p = project();
    await p.run(['run'], { TYPED_EVALS_FIXTURE: 'broken' });
    const [run] = await p.store.listRuns();
    const calls = p.calls().length;
    const same = await p.run(['rescore', run!.runId]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('Evaluation Diff: words');
    expect(same.stderr).toMatch(new RegExp(`Re-scored run ${run!.runId}; stored as run \\S+`));
    const withFile = await p.run(
      ['rescore', 'latest', '--experiment', 'words', '--eval-file', 'words.eval.ts'],
      {
        TYPED_EVALS_FIXTURE: 'contains',
      },
    );
    expect(withFile.code).toBe(0);
    // The file's Contains('WORD1') is a new assertion on every case: passed by none of the stored outputs.
    expect(withFile.stdout).toMatch(/w0 .*✔ → ✔✗/);
    expect(withFile.stdout).toMatch(/Averages .*80\.0% ✔ → 40\.0% ✔/);
    expect(p.calls().length).toBe(calls);
    const runs = await p.store.listRuns();
    expect(runs).toHaveLength(3);
    expect(runs[1]!.rescoreOf).toBe(run!.runId);
    expect((await p.run(['runs'])).stdout).toContain(`rescores ${run!.runId}`);
    const missing = await p.run(['rescore', '20200101-000000-000-abcdef']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No stored run '20200101-000000-000-abcdef'");
  });
});
