import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunsResponse } from '../../src/viewer/api-types.js';
import { runCli, spawnCli } from '../cli/helpers.js';
import { recordBulkRun } from './fixtures.js';
import { removeDir, tempDir } from './helpers.js';

let dataDir: string;
let runId: string;

beforeAll(async () => {
  dataDir = tempDir('typed-evals-viewer-cli-');
  runId = await recordBulkRun(dataDir, 20);
}, 60_000);

afterAll(() => removeDir(dataDir));

describe('typed-evals view', { timeout: 60_000 }, () => {
  it('serves the data folder on a free loopback port until Ctrl-C, then exits 0', async () => {
    const { child, result } = spawnCli(['view', '--port', '0', '--data-dir', dataDir]);
    const url = await waitForUrl(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const { runs } = (await (await fetch(`${url}api/runs`)).json()) as RunsResponse;
    expect(runs.map((r) => r.runId)).toEqual([runId]);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    child.kill('SIGINT');
    const { code, stdout } = await result;
    expect(code).toBe(0);
    expect(stdout).toContain(`Runs in ${dataDir}`);
  });

  it('refuses a bad port with exit code 2', async () => {
    const { code, stderr } = await runCli(['view', '--port', '70000']);
    expect(code).toBe(2);
    expect(stderr).toContain('Expected a port from 0 to 65535');
  });

  it('lists view in the help', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/view \[options\]\s+serve a local, read-only web viewer/);
  });
});

/** The URL the command prints on its first line. */
function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/typed-evals viewer: (http:\S+)/);
      if (match) resolve(match[1]!);
    });
    child.on('close', (code) => reject(new Error(`view exited (${code}) before listening: ${err}`)));
  });
}
