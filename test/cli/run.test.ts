import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli, tempDir } from './helpers.js';

/**
 * One passing run writes every output and a baseline; the other tests (regressed build, report,
 * filter) reuse that baseline and run concurrently.
 */
describe('typed-evals run', () => {
  const dir = tempDir();
  const baseline = join(dir, 'base.json');
  const summaryFile = join(dir, 'step-summary.md');
  let passing: CliResult;

  beforeAll(async () => {
    writeFileSync(summaryFile, '# Earlier step\n');
    passing = await runCli(
      [
        'run',
        'project',
        '--json',
        baseline,
        '--csv',
        join(dir, 'out.csv'),
        '--markdown',
        join(dir, 'out.md'),
        '--metadata',
        'build=42',
        '--fail-under',
        '90%',
        '--fail-on',
        'failures',
      ],
      { env: { GITHUB_STEP_SUMMARY: summaryFile } },
    );
  });

  it('runs every experiment of the eval files found, prints the reports and one summary line each', () => {
    expect(passing.stderr).not.toContain('Error');
    expect(passing.code).toBe(0);
    expect(passing.stdout).toContain('Evaluation Summary: arithmetic');
    expect(passing.stdout).toContain('Evaluation Summary: doubling');
    expect(passing.stdout).toMatch(/^✔ arithmetic: 6 cases, 0 failures, assertions 100\.0%, \d/m);
    expect(passing.stdout).toMatch(/^✔ doubling: 2 cases, 0 failures, assertions 100\.0%, \d/m);
    expect(passing.stdout).toContain('build: 42');
    expect(passing.stderr).toContain('Running arithmetic (project/math.eval.ts, 6 cases)');
  });

  it('--json writes every report in one file, readable as reports', () => {
    const json = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(json.format).toBe('typed-evals/reports');
    expect(json.reports.map((r: { name: string }) => r.name)).toEqual(['arithmetic', 'doubling']);
    expect(json.reports[0].cases).toHaveLength(6);
    expect(json.reports[0].experimentMetadata).toEqual({ build: '42' });
  });

  it('--csv writes one file per experiment and --markdown one file with every report', () => {
    const csv = readFileSync(join(dir, 'out.arithmetic.csv'), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^case,/);
    expect(csv).toContain('mul-3');
    expect(existsSync(join(dir, 'out.doubling.csv'))).toBe(true);
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
    const markdown = readFileSync(join(dir, 'out.md'), 'utf8');
    expect(markdown).toContain('arithmetic');
    expect(markdown).toContain('doubling');
    expect(markdown).toMatch(/^\| .*add-1.* \| .*magnitude/m);
  });

  it('appends the summary lines and the Markdown reports to GITHUB_STEP_SUMMARY', () => {
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary.startsWith('# Earlier step\n')).toBe(true);
    expect(summary).toContain('## typed-evals');
    expect(summary).toMatch(/^- ✔ arithmetic: 6 cases, 0 failures/m);
    expect(summary).toMatch(/^\| .*add-1.* \|/m);
  });

  describe.concurrent('against the baseline', () => {
    it('exits 1 and names every failed gate: --fail-under, --fail-on failures, regressions, case-regressions', async () => {
      const regressedJson = join(dir, 'regressed.json');
      const result = await runCli(
        [
          'run',
          'project/math.eval.ts',
          '--baseline',
          baseline,
          '--fail-under',
          '0.9',
          '--fail-on',
          'failures',
          '--fail-on',
          'regressions,case-regressions',
          '--json',
          regressedJson,
        ],
        { env: { TYPED_EVALS_FIXTURE: 'regressed' } },
      );
      expect(result.code).toBe(1);
      const out = result.stdout;
      expect(out).toContain('Evaluation Diff: arithmetic');
      expect(out).toMatch(/^✘ arithmetic: 6 cases, 1 failure, assertions 60\.0%/m);
      expect(out).toMatch(/^✔ doubling: /m);
      expect(out).toContain(
        'Gate failed: arithmetic: assertion pass rate 60.0% is below 90.0% (--fail-under)',
      );
      expect(out).toContain('Gate failed: arithmetic: 1 failure (--fail-on failures)');
      expect(out).toContain('add-2: RangeError: overflow in the regressed build');
      expect(out).toContain('significant regressions (--fail-on regressions)');
      expect(out).toMatch(/all cases: assertion pass rate 100\.0% → 60\.0% \(p = 0\.\d+\)/);
      expect(out).toContain('Gate failed: arithmetic: 5 case regressions (--fail-on case-regressions)');
      expect(out).toContain("mul-1: assertion 'EqualsExpected' passed before and fails now");
      expect(out).toContain(
        'add-2: succeeded before and fails now (RangeError: overflow in the regressed build)',
      );
      expect(out).not.toContain('Gate failed: doubling');

      const rendered = await runCli(['report', regressedJson, '--baseline', baseline]);
      expect(rendered.code).toBe(0);
      expect(rendered.stdout).toContain('Evaluation Diff: arithmetic');
      expect(rendered.stdout).toContain('RangeError: overflow in the regressed build');
      expect(rendered.stdout).toContain('Evaluation Diff: doubling');
    });

    it('--filter runs only the matching cases (glob, substring or /regex/) and skips experiments left empty', async () => {
      const json = join(dir, 'filtered.json');
      const result = await runCli([
        'run',
        'project',
        '--filter',
        'add-*',
        '--filter',
        '/^mul-3$/',
        '--json',
        json,
      ]);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('Skipping doubling (project/math.eval.ts): no case matches --filter.');
      const report = JSON.parse(readFileSync(json, 'utf8'));
      expect(report.name).toBe('arithmetic');
      expect(report.cases.map((c: { name: string }) => c.name)).toEqual(['add-1', 'add-2', 'add-3', 'mul-3']);
    });

    it('--repeat, --concurrency and --timeout reach the run; report renders a saved single report', async () => {
      const json = join(dir, 'repeated.json');
      const result = await runCli([
        'run',
        'project/math.eval.ts',
        '--filter',
        'two',
        '--repeat',
        '2',
        '--concurrency',
        '1',
        '--timeout',
        '5000',
        '--json',
        json,
      ]);
      expect(result.code).toBe(0);
      expect(JSON.parse(readFileSync(json, 'utf8')).cases.map((c: { name: string }) => c.name)).toEqual([
        'two [1/2]',
        'two [2/2]',
      ]);
      const rendered = await runCli(['report', json, '--width', '80']);
      expect(rendered.code).toBe(0);
      expect(rendered.stdout).toContain('two [1/2]');
      expect(Math.max(...rendered.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80);
    });
  });
});
