import { AsyncLocalStorage } from 'node:async_hooks';
import { isThenable } from '../util/thenable.js';

/*
 * disableEvaluation scopes live in AsyncLocalStorage, but only while a scope is open: on Node 20 an
 * active AsyncLocalStorage slows every promise in the process (see src/runner/task-run.ts), so when no
 * scope is open the per-call check is one counter read, and storage is disabled again when the last
 * scope closes.
 */
const storage = new AsyncLocalStorage<true>();
let openScopes = 0;

/** True inside a `disableEvaluation` scope. */
export function isEvaluationDisabled(): boolean {
  return openScopes > 0 && storage.getStore() === true;
}

/**
 * Runs `fn` with online evaluation off for every call made in its sync and async call tree, and returns
 * what `fn` returns (a promise result settles as `fn`'s does). Work that `fn` starts but does not await
 * is covered only while the scope is open.
 *
 * @example
 * await disableEvaluation(() => answer('a warm-up call that should not be scored'));
 */
export function disableEvaluation<T>(fn: () => T): T {
  openScopes++;
  let result: T;
  try {
    result = storage.run(true, fn);
  } catch (error) {
    closeScope();
    throw error;
  }
  if (!isThenable(result)) {
    closeScope();
    return result;
  }
  // A derived promise, so a rejection that nobody handles is still reported as unhandled.
  return Promise.resolve(result).finally(closeScope) as T;
}

function closeScope(): void {
  if (--openScopes === 0) storage.disable();
}
