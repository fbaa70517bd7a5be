/** Starting the viewer, Debian's Chromium through playwright-core, and raw HTTP requests for the viewer tests. */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startViewer, type ViewerServer } from '../../src/viewer/server.js';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The viewer on 127.0.0.1 and a free port, polling fast so that live tests do not wait. */
export function startTestViewer(dataDir: string): Promise<ViewerServer> {
  return startViewer({ dataDir, port: 0, pollMs: 100, logError: () => {} });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP request whose path is sent exactly as given (fetch would resolve `..` segments first). */
export function rawRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  /** Console errors and page errors seen so far (CSP violations show up here). */
  problems: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Debian's Chromium with a fresh profile; fails with a clear message when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the viewer's browser tests need it. ` +
        'Install it with `apt-get install -y --no-install-recommends chromium` (CI does this in .ci/run), ' +
        'or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  const { chromium } = await import('playwright-core');
  const profile = tempDir('typed-evals-chromium-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console on ${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) =>
      problems.push(`pageerror on ${page.url()}: ${error.stack ?? error.message}`),
    );
  };
  context.on('page', watch);
  for (const page of context.pages()) watch(page);
  return {
    context,
    problems,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      removeDir(profile);
    },
  };
}

/** Where screenshots go: VIEWER_SCREENSHOT_DIR, else a fresh temp folder. */
export function screenshotDir(): string {
  const dir = process.env.VIEWER_SCREENSHOT_DIR;
  if (!dir) return tempDir('typed-evals-viewer-shots-');
  mkdirSync(dir, { recursive: true });
  return dir;
}
