/**
 * @module
 * Hash routing: `#/runs/<id>?sort=name`. Pages live in the fragment, so the server serves one HTML file
 * and page state (filters, sort, page) survives a reload and the back button.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** Decoded path segments: `#/runs/abc/cases/3` → ['runs', 'abc', 'cases', '3']. */
  path: string[];
  query: URLSearchParams;
}

export type QueryValues = Record<string, string | number | undefined | null>;

export function parseHash(hash: string): Route {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const at = text.indexOf('?');
  const pathText = at < 0 ? text : text.slice(0, at);
  const path = pathText
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  return { path, query: new URLSearchParams(at < 0 ? '' : text.slice(at + 1)) };
}

/** The current route; re-renders on every hash change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** `a/b?x=1` from segments (each encoded) and query values (empty ones left out). */
export function pathWithQuery(path: readonly (string | number)[], query: QueryValues = {}): string {
  const segments = path.map((segment) => encodeURIComponent(String(segment))).join('/');
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${segments}${search ? `?${search}` : ''}`;
}

/** `#/a/b?x=1`: the link to a page. */
export function href(path: readonly (string | number)[], query: QueryValues = {}): string {
  return `#/${pathWithQuery(path, query)}`;
}

export function navigate(target: string): void {
  if (location.hash !== target) location.hash = target;
}

/**
 * The query of the page as it is now (read from the location, not from a render: a debounced input may
 * fire after another control changed the query), with `changes` applied.
 */
export function withQuery(changes: QueryValues): QueryValues {
  const values: QueryValues = Object.fromEntries(parseHash(location.hash).query.entries());
  return { ...values, ...changes };
}
