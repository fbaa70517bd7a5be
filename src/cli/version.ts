/**
 * @module
 * The package version, read from package.json (two levels up from src/cli/ and from dist/cli/ alike).
 */
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  const { version } = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
  return typeof version === 'string' ? version : '0.0.0';
}
