import { describe, expect, it } from 'vitest';
import { spawnCli, waitForStderr } from './helpers.js';

describe.concurrent('Ctrl-C', () => {
  it('the first SIGINT stops new cases, prints the partial report and exits 130', async () => {
    const { child, result } = spawnCli(['run', 'slow']);
    await waitForStderr(child, 'case stuck started');
    child.kill('SIGINT');
    const { code, stdout, stderr } = await result;
    expect(code).toBe(130);
    expect(stderr).toContain('Interrupted: no new case starts');
    expect(stdout).toContain('Evaluation Summary: slow (aborted)');
    expect(stdout).toContain('quick');
    expect(stdout).toMatch(/stuck\s+│ AbortError: The evaluation was aborted: interrupted \(Ctrl-C\)/);
    expect(stdout).not.toContain('never');
    expect(stdout).toMatch(/^⚠ slow: 2 cases, 1 failure, no assertions, .* \(interrupted\)$/m);
  });

  it('a second SIGINT exits at once with 130 while the run still waits (here on a report evaluator)', async () => {
    const { child, result } = spawnCli(['run', 'slow'], { env: { TYPED_EVALS_FIXTURE: 'stubborn' } });
    await waitForStderr(child, 'case stuck started');
    child.kill('SIGINT');
    await waitForStderr(child, 'report evaluator started');
    child.kill('SIGINT');
    const { code, stderr } = await result;
    expect(code).toBe(130);
    expect(stderr).toContain('Interrupted again: exiting now.');
  });
});
