/**
 * @module
 * Lazy loading of the optional peer packages. Nothing here imports them at module load, so
 * `typed-evals` works without the AI SDK installed; a missing package is reported by name.
 */
import { MissingPeerDependencyError } from './errors.js';

/** The `ai` package's exports that typed-evals uses. */
export type AiModule = typeof import('ai');

// A variable specifier keeps TypeScript and bundlers from resolving packages that may be absent.
const importModule = (specifier: string): Promise<unknown> => import(specifier);

/**
 * Imports `packageName`, or throws a MissingPeerDependencyError naming it when it is not installed.
 * Other import errors (a broken install) are rethrown as they are.
 */
export async function importPeer<T>(packageName: string, neededFor: string): Promise<T> {
  try {
    return (await importModule(packageName)) as T;
  } catch (error) {
    if (isModuleNotFound(error, packageName)) {
      throw new MissingPeerDependencyError(packageName, neededFor, { cause: error });
    }
    throw error;
  }
}

let aiModule: Promise<AiModule> | undefined;

/** The `ai` package (the Vercel AI SDK, v6), loaded once. */
export function loadAi(): Promise<AiModule> {
  aiModule ??= importPeer<AiModule>('ai', 'LLM judges and dataset generation').catch((error) => {
    aiModule = undefined;
    throw error;
  });
  return aiModule;
}

/** True when `error` says that `packageName` itself (not one of its files or dependencies) is missing. */
export function isModuleNotFound(error: unknown, packageName: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  const notFound =
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /Cannot find (package|module)|Could not resolve|Failed to (load|resolve)( url| import)?/i.test(text);
  return notFound && mentionsPackage(text, packageName);
}

function mentionsPackage(text: string, packageName: string): boolean {
  return (
    text.includes(`'${packageName}'`) ||
    text.includes(`"${packageName}"`) ||
    text.includes(` ${packageName} `) ||
    text.endsWith(` ${packageName}`)
  );
}
