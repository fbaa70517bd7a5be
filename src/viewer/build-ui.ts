/**
 * @module
 * The viewer's front end (src/viewer/ui, Preact) is built by vite into static files that the server
 * holds in memory. Where they come from:
 *
 * 1. a published package: `dist/viewer/ui/`, built by `npm run build:viewer` before packing;
 * 2. a checkout (running from src/): `dist/viewer/ui/` when its `.source-hash` matches the sources,
 *    else a build into `node_modules/.cache/typed-evals-viewer/<hash>/` made on first start with vite's
 *    JS API (about a second) and reused until a UI source file changes.
 *
 * Run as a script (`tsx src/viewer/build-ui.ts [outDir]`) it builds into `dist/viewer/ui/`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const UI_SOURCE_DIR = join(PACKAGE_ROOT, 'src', 'viewer', 'ui');
export const UI_DIST_DIR = join(PACKAGE_ROOT, 'dist', 'viewer', 'ui');
const HASH_FILE = '.source-hash';
const RUNNING_FROM_DIST = import.meta.url.includes('/dist/viewer/');

export interface LocateOptions {
  /** A folder holding a built UI (index.html and assets/): used as is. */
  uiDir?: string;
  /** Told when a build starts (it takes a second or two). */
  onBuild?: (outDir: string) => void;
}

/** The folder of the built UI, building it first when needed (see the module comment). */
export async function locateUi(options: LocateOptions = {}): Promise<string> {
  if (options.uiDir !== undefined) {
    if (!existsSync(join(options.uiDir, 'index.html'))) {
      throw new Error(`No index.html in the viewer UI folder ${options.uiDir}`);
    }
    return options.uiDir;
  }
  const hash = existsSync(UI_SOURCE_DIR) ? uiSourceHash() : undefined;
  const distBuilt = existsSync(join(UI_DIST_DIR, 'index.html'));
  if (distBuilt && (RUNNING_FROM_DIST || hash === undefined || readHash(UI_DIST_DIR) === hash))
    return UI_DIST_DIR;
  if (hash === undefined) {
    throw new Error(
      `The viewer UI is not built (no ${UI_DIST_DIR}) and its sources are missing: run npm run build:viewer`,
    );
  }
  return cachedBuild(hash, options.onBuild);
}

/** A hash of every UI source file (names and contents). */
export function uiSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of listFiles(UI_SOURCE_DIR)) {
    hash.update(relative(UI_SOURCE_DIR, file).replaceAll('\\', '/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Builds the UI into `outDir` (emptied first) and writes the source hash next to it. */
export async function buildUi(outDir: string): Promise<void> {
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch (error) {
    throw new Error(
      'Building the viewer UI needs vite (a dev dependency): run npm install, or npm run build:viewer in a checkout',
      { cause: error },
    );
  }
  await vite.build({
    configFile: false,
    envFile: false,
    root: UI_SOURCE_DIR,
    base: './',
    mode: 'production',
    logLevel: 'warn',
    clearScreen: false,
    publicDir: false,
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    build: {
      outDir,
      emptyOutDir: true,
      assetsDir: 'assets',
      target: 'es2022',
      sourcemap: false,
      reportCompressedSize: false,
      modulePreload: { polyfill: false },
    },
  });
  writeFileSync(join(outDir, HASH_FILE), uiSourceHash());
}

/** A build keyed by the source hash, made once (atomically: other processes may build at the same time). */
async function cachedBuild(hash: string, onBuild: LocateOptions['onBuild']): Promise<string> {
  const root = cacheRoot();
  const dir = join(root, hash);
  if (existsSync(join(dir, 'index.html'))) return dir;
  const scratch = join(root, `.${hash}-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(root, { recursive: true });
  onBuild?.(dir);
  try {
    await buildUi(scratch);
    try {
      renameSync(scratch, dir);
    } catch (error) {
      if (!existsSync(join(dir, 'index.html'))) throw error;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  pruneOthers(root, hash);
  return dir;
}

function cacheRoot(): string {
  const modules = join(PACKAGE_ROOT, 'node_modules');
  if (existsSync(modules)) return join(modules, '.cache', 'typed-evals-viewer');
  return join(tmpdir(), `typed-evals-viewer-${process.getuid?.() ?? 'user'}`);
}

/** Removes the builds of older sources (never a build in progress: those start with a dot). */
function pruneOthers(root: string, keep: string): void {
  for (const name of readdirSync(root)) {
    if (name === keep || name.startsWith('.')) continue;
    rmSync(join(root, name), { recursive: true, force: true });
  }
}

function readHash(dir: string): string | undefined {
  try {
    return readFileSync(join(dir, HASH_FILE), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const outDir = resolve(process.argv[2] ?? UI_DIST_DIR);
  await buildUi(outDir);
  process.stdout.write(`viewer UI built into ${outDir}\n`);
}
