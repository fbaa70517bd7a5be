/**
 * @module
 * `--filter <pattern>`: which cases run, by their report name (`refund`, `Case 3`).
 *
 * - `/regex/flags`: a regular expression, searched anywhere in the name (`/^billing-/i`);
 * - with `*` or `?`: a glob over the whole name (`refund-*`, `case-?`), `*` matching any text;
 * - anything else: a substring (`refund` matches `refund` and `refund-2`).
 *
 * Several `--filter` flags: a case runs when any of them matches.
 */
import { CliError } from './exit-codes.js';
import { globToRegExp, hasGlobSyntax } from './glob.js';

export type CaseMatcher = (caseName: string) => boolean;

/** The matcher of the given patterns, or undefined when there are none (every case runs). */
export function caseMatcher(patterns: readonly string[]): CaseMatcher | undefined {
  if (patterns.length === 0) return undefined;
  const tests = patterns.map(patternTest);
  return (name) => tests.some((test) => test(name));
}

function patternTest(pattern: string): CaseMatcher {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (regex) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(regex[1]!, regex[2]!.replace(/[gy]/g, ''));
    } catch (error) {
      throw new CliError(`--filter ${pattern}: not a valid regular expression (${(error as Error).message})`);
    }
    return (name) => compiled.test(name);
  }
  if (hasGlobSyntax(pattern)) {
    const glob = globToRegExp(pattern, { paths: false });
    return (name) => glob.test(name);
  }
  return (name) => name.includes(pattern);
}
