import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';

describe.concurrent('help and version', () => {
  it('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('--help lists the commands; run --help lists its options and the exit codes', async () => {
    const root = await runCli(['--help']);
    expect(root.code).toBe(0);
    for (const command of ['run', 'report', 'validate', 'init'])
      expect(root.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    const run = await runCli(['run', '--help']);
    expect(run.code).toBe(0);
    for (const option of [
      '--concurrency',
      '--filter',
      '--fail-under',
      '--fail-on',
      '--baseline',
      '--json',
      '--no-progress',
    ]) {
      expect(run.stdout).toContain(option);
    }
    expect(run.stdout).toContain('Exit codes: 0 ok, 1 a gate failed, 2 usage or load error, 130 interrupted');
  });

  it('report, validate and init have their own --help', async () => {
    const results = await Promise.all(['report', 'validate', 'init'].map((c) => runCli([c, '--help'])));
    for (const result of results) {
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: typed-evals (report|validate|init)/);
    }
  });
});

describe('typed-evals init', () => {
  it('writes a starter eval file and dataset, refuses to overwrite them, and overwrites with --force', async () => {
    const cwd = tempDir();
    const first = await runCli(['init'], { cwd });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Created evals/sentiment.yaml');
    expect(first.stdout).toContain('Created evals/sentiment.eval.ts');
    expect(readFileSync(join(cwd, 'evals/sentiment.eval.ts'), 'utf8')).toContain(
      "datasetFile: 'sentiment.yaml'",
    );

    writeFileSync(join(cwd, 'evals/sentiment.yaml'), 'name: mine\ncases: []\n');
    const second = await runCli(['init'], { cwd });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(
      'Not overwriting evals/sentiment.yaml, evals/sentiment.eval.ts: pass --force',
    );
    expect(readFileSync(join(cwd, 'evals/sentiment.yaml'), 'utf8')).toBe('name: mine\ncases: []\n');

    const forced = await runCli(['init', '--force'], { cwd });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(cwd, 'evals/sentiment.yaml'), 'utf8')).toContain('name: sentiment');

    const valid = await runCli(['validate', 'evals/sentiment.yaml'], { cwd });
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain("dataset 'sentiment', 4 cases");
  });
});
