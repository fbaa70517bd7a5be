import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

describe.concurrent('usage and load errors exit with code 2', () => {
  it('a bad number names the option and the value', async () => {
    const result = await runCli(['run', 'project', '--concurrency', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '-c, --concurrency <n>' argument '0' is invalid");
    expect(result.stderr).toContain("Expected an integer >= 1, got '0'.");
    expect(result.stdout).toBe('');
  });

  it('a pass rate above 1 without % is refused, as is an unknown --fail-on value', async () => {
    const rate = await runCli(['run', 'project', '--fail-under', '95']);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toContain("Expected a pass rate from 0 to 1 (0.9) or a percentage (90%), got '95'.");
    const failOn = await runCli(['run', 'project', '--fail-on', 'warnings']);
    expect(failOn.code).toBe(2);
    expect(failOn.stderr).toContain(
      "Expected one of failures, regressions, case-regressions, got 'warnings'.",
    );
  });

  it('an unknown option, and a regression gate without --baseline', async () => {
    const unknown = await runCli(['run', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown option '--bogus'");
    const gate = await runCli(['run', 'project', '--fail-on', 'regressions']);
    expect(gate.code).toBe(2);
    expect(gate.stderr).toContain('--fail-on regressions needs --baseline <report.json>');
  });

  it('a missing eval file, a missing report file', async () => {
    const run = await runCli(['run', 'missing.eval.ts']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Error: missing.eval.ts: no such file or directory');
    const report = await runCli(['report', 'missing.json']);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('Error: missing.json: no such file');
  });

  it('eval files that do not load: every dataset problem with file:line:col, and every bad file', async () => {
    const result = await runCli(['run', 'errors']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n').map((line) => line.trim());
    expect(lines).toContain('Error: Could not load the eval files: 6 problems');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^errors\/bad\.yaml:5:5: Unknown key 'expectedOutput'; did you mean 'expected_output'\?/,
        ),
        expect.stringMatching(/^errors\/bad\.yaml:6:11: Duplicate case name: 'one'/),
        expect.stringMatching(/^errors\/bad\.yaml:8:5: Missing required key 'inputs'/),
        expect.stringMatching(/^errors\/bad\.yaml:10:5: Evaluator 'NoSuchEvaluator' is not registered/),
        'errors/no-experiment.eval.ts: the default export is not an experiment; wrap it in defineExperiment({...})',
        'errors/throws.eval.ts: Error: cannot reach the model registry',
      ]),
    );
  });
});

describe.concurrent('typed-evals validate', () => {
  it('prints every problem with file:line:col and exits 2; valid files get a check mark', async () => {
    const result = await runCli(['validate', 'errors/bad.yaml', 'project/math.yaml', 'project/math.eval.ts']);
    expect(result.code).toBe(2);
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => line.startsWith('errors/bad.yaml:'))).toHaveLength(4);
    expect(lines).toContain("✔ project/math.yaml: dataset 'math', 6 cases");
    expect(lines).toContain('✔ project/math.eval.ts: experiments arithmetic, doubling');
    expect(lines).toContain('4 problems found.');
  });

  it('exits 0 when every file is valid', async () => {
    const result = await runCli(['validate', 'project/math.yaml']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe("✔ project/math.yaml: dataset 'math', 6 cases");
  });
});
