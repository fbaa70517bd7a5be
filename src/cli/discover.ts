/**
 * @module
 * Finds eval files from the `run` arguments: files, directories (searched for `*.eval.{ts,mts,js,mjs}`)
 * and globs (matched against paths relative to the working directory). `node_modules`, `dist` and
 * hidden directories are never searched.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CliError } from './exit-codes.js';
import { globBase, globToRegExp, hasGlobSyntax } from './glob.js';

export const EVAL_FILE_PATTERN = '**/*.eval.{ts,mts,js,mjs}';
const EVAL_FILE = /\.eval\.(ts|mts|js|mjs)$/;
const LOADABLE = /\.(ts|mts|js|mjs)$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist']);

/** Absolute paths of the eval files, sorted, without duplicates. Throws a CliError when none is found. */
export function findEvalFiles(args: readonly string[], cwd: string): string[] {
  const patterns = args.length > 0 ? args : [EVAL_FILE_PATTERN];
  const found = new Set<string>();
  for (const arg of patterns) {
    const matches = filesFor(arg, cwd);
    if (matches.length === 0 && args.length > 0) {
      throw new CliError(`No eval files match '${arg}' (looked for ${EVAL_FILE_PATTERN})`);
    }
    for (const file of matches) found.add(file);
  }
  if (found.size === 0) {
    throw new CliError(
      `No eval files found under ${cwd} (looked for ${EVAL_FILE_PATTERN}). Run \`typed-evals init\` to create one.`,
    );
  }
  return [...found].sort();
}

function filesFor(arg: string, cwd: string): string[] {
  const path = resolve(cwd, arg);
  const stats = statOrUndefined(path);
  if (stats?.isDirectory()) return walk(path).filter((file) => EVAL_FILE.test(file));
  if (stats?.isFile()) {
    if (!LOADABLE.test(path) || path.endsWith('.d.ts')) {
      throw new CliError(`${arg}: not an eval file (expected .ts, .mts, .js or .mjs)`);
    }
    return [path];
  }
  if (!hasGlobSyntax(arg)) throw new CliError(`${arg}: no such file or directory`);
  return globFiles(arg, cwd);
}

function globFiles(pattern: string, cwd: string): string[] {
  const normalized = pattern.split(sep).join('/');
  const base = resolve(cwd, globBase(normalized));
  if (!statOrUndefined(base)?.isDirectory()) return [];
  const absolute = isAbsolute(normalized);
  const regex = globToRegExp(normalized.replace(/^\.\//, ''), { paths: true });
  return walk(base).filter((file) => {
    const candidate = absolute ? file : relative(cwd, file);
    return LOADABLE.test(file) && regex.test(candidate.split(sep).join('/'));
  });
}

/** Every file under `dir`, depth first, skipping node_modules, dist and hidden directories. */
function walk(dir: string): string[] {
  const files: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) pending.push(path);
      } else if (entry.isFile()) {
        files.push(path);
      }
    }
  }
  return files;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
