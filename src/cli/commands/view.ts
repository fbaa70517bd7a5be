/**
 * @module
 * `typed-evals view`: serves the local, read-only web viewer of the stored runs (docs/viewer.md) until
 * Ctrl-C (or SIGTERM).
 */
import { existsSync } from 'node:fs';
import { resolveDataDir } from '../../store/config.js';
import { isLoopbackHost } from '../../viewer/security.js';
import { DEFAULT_VIEWER_HOST, DEFAULT_VIEWER_PORT, startViewer } from '../../viewer/server.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { printErr, printOut } from '../terminal.js';

export interface ViewFlags {
  port?: number;
  host?: string;
  dataDir?: string;
}

export async function viewCommand(flags: ViewFlags): Promise<ExitCode> {
  const dataDir = resolveDataDir(flags.dataDir);
  const host = flags.host ?? DEFAULT_VIEWER_HOST;
  const port = flags.port ?? DEFAULT_VIEWER_PORT;
  if (!existsSync(dataDir)) printErr(`No data folder at ${dataDir} yet: runs will appear as they start.`);
  let server: Awaited<ReturnType<typeof startViewer>>;
  try {
    server = await startViewer({
      dataDir,
      host,
      port,
      onBuild: () => printErr('Building the viewer UI (first start from a checkout, a few seconds)…'),
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE')
      throw new CliError(`Port ${port} is in use: pick another with --port (0: any free port)`);
    if (code === 'EADDRNOTAVAIL')
      throw new CliError(`Cannot listen on ${host}: not an address of this machine`);
    throw error;
  }
  if (!isLoopbackHost(host)) {
    printErr(`Warning: listening on ${host}: anyone who can reach this address can read the stored runs.`);
  }
  printOut(`typed-evals viewer: ${server.url}`);
  printOut(`Runs in ${server.location}. Press Ctrl-C to stop.`);
  await untilStopped();
  await server.close();
  return EXIT.ok;
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
