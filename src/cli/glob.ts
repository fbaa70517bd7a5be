/**
 * @module
 * A small glob matcher, so that the CLI needs no dependency for it (Node 20 has no fs.glob).
 * Supported: `*`, `?`, `**` (paths only), `{a,b}` alternatives, `\` escapes. Character classes are not.
 */

/** True when `pattern` has glob syntax (otherwise it is a plain path or name). */
export function hasGlobSyntax(pattern: string): boolean {
  return /[*?{]/.test(pattern);
}

/**
 * The glob as an anchored RegExp. With `paths`, `*` and `?` stop at `/` and `**` spans directories
 * (`a/**\/b` matches `a/b` too); without, `*` matches any text (case names).
 */
export function globToRegExp(pattern: string, options: { paths: boolean }): RegExp {
  return new RegExp(`^${translate(pattern, options.paths)}$`);
}

function translate(pattern: string, paths: boolean): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[++i]!);
    } else if (ch === '*' && pattern[i + 1] === '*' && paths) {
      const slashAfter = pattern[i + 2] === '/';
      out += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (ch === '*') {
      out += paths ? '[^/]*' : '.*';
    } else if (ch === '?') {
      out += paths ? '[^/]' : '.';
    } else if (ch === '{') {
      depth++;
      out += '(?:';
    } else if (ch === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (ch === ',' && depth > 0) {
      out += '|';
    } else {
      out += escapeRegExp(ch);
    }
  }
  return out + ')'.repeat(depth);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The directory part of a glob before its first segment with glob syntax (`src/**\/*.ts` → `src`). */
export function globBase(pattern: string): string {
  const segments = pattern.split('/');
  const fixed: string[] = [];
  for (const segment of segments) {
    if (hasGlobSyntax(segment)) break;
    fixed.push(segment);
  }
  if (fixed.length === segments.length) fixed.pop();
  const base = fixed.join('/');
  return base === '' && pattern.startsWith('/') ? '/' : base || '.';
}
