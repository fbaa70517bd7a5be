import { formatErrorMessage } from '../util/serialize-error.js';

const reported = new Set<string>();

/**
 * Writes one line to stderr the first time an error of this kind happens; later ones are swallowed.
 * Background evaluation must never throw into the application, but a silent failure helps nobody.
 */
export function reportOnce(kind: string, what: string, error: unknown): void {
  if (reported.has(kind)) return;
  reported.add(kind);
  try {
    process.stderr.write(
      `typed-evals/online: ${what}: ${formatErrorMessage(error)} (further errors of this kind are not reported)\n`,
    );
  } catch {
    // stderr is gone: nothing left to tell.
  }
}
