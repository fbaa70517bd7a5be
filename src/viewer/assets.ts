/**
 * @module
 * The built UI, read into memory at start. A request for a static file is a lookup of its exact URL
 * path in this map: no request path ever reaches the file system, so `..`, `%2e%2e` or an absolute path
 * can only miss (404).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

export interface Asset {
  body: Uint8Array;
  contentType: string;
  /** Hashed file names never change content: cache them for good. */
  immutable: boolean;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Every file of `dir` by URL path (`/index.html`, `/assets/index-3f2a.js`); dot files are left out. */
export function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const url = `/${relative(dir, path).split(/[\\/]/).join('/')}`;
        assets.set(url, {
          body: readFileSync(path),
          contentType: CONTENT_TYPES[extname(entry.name).toLowerCase()] ?? 'application/octet-stream',
          immutable: url.startsWith('/assets/'),
        });
      }
    }
  };
  walk(dir);
  if (!assets.has('/index.html')) throw new Error(`The viewer UI in ${dir} has no index.html`);
  return assets;
}
