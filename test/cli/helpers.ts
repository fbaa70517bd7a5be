/**
 * Spawns the real CLI (`node bin/typed-evals.js`) on fixture projects, with a stable environment: no
 * colours, a UTF-8 locale, 120 columns, and no GITHUB_STEP_SUMMARY unless a test sets one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = join(ROOT, 'test/fixtures/cli');
const BIN = join(ROOT, 'bin/typed-evals.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
}

/** The CLI as a child process; `result` resolves when it exits. */
export function spawnCli(
  args: readonly string[],
  options: CliOptions = {},
): { child: ChildProcess; result: Promise<CliResult> } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    LC_ALL: 'C.UTF-8',
    COLUMNS: '120',
    // Each spawn stores its runs apart, so no run compares itself with an earlier test's run.
    TYPED_EVALS_DATA_DIR: mkdtempSync(join(tmpdir(), 'typed-evals-data-')),
  };
  for (const key of ['GITHUB_STEP_SUMMARY', 'FORCE_COLOR', 'CI', 'TYPED_EVALS_FIXTURE']) delete env[key];
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? FIXTURES,
    env: { ...env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, result };
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return spawnCli(args, options).result;
}

/** Resolves once the child's stderr contains `text`. */
export function waitForStderr(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const listener = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        child.stderr!.off('data', listener);
        resolve();
      }
    };
    child.stderr!.on('data', listener);
  });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'typed-evals-cli-'));
}
