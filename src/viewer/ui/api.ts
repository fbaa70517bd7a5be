/**
 * @module
 * Fetching the viewer's JSON API and following its event stream.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { pathWithQuery, type QueryValues } from './router.js';

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  const body = (await response.json().catch(() => ({}))) as { error?: unknown };
  if (!response.ok) {
    const message = typeof body.error === 'string' ? body.error : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return body as T;
}

/** `/api/<segments>?<query>`: segments encoded, empty query values left out. */
export function apiUrl(path: readonly (string | number)[], query: QueryValues = {}): string {
  return `/api/${pathWithQuery(path, query)}`;
}

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
}

/**
 * The JSON at `url` (null: nothing to fetch), fetched again when `version` changes (live updates: see
 * `useLiveVersion`). Keeps the previous data while the next one loads.
 */
export function useJson<T>(url: string | null, version = 0): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({
    loading: url !== null,
  });
  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    getJson<T>(url, controller.signal).then(
      (data) => {
        // A response that arrives after the URL changed (or the page left) is stale.
        if (!controller.signal.aborted) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({
          data: s.data,
          error: error instanceof Error ? error.message : String(error),
          loading: false,
        }));
      },
    );
    return () => controller.abort();
  }, [url, version]);
  return { data: state.data, error: state.error, loading: state.loading };
}

/**
 * Follows `/api/events` (server-sent events): calls `onEvent(type, data)` for each event. The browser
 * reconnects by itself after a dropped connection.
 */
export function useEvents(url: string | null, onEvent: (type: string, data: unknown) => void): boolean {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (url === null) return;
    const source = new EventSource(url);
    const listen = (type: string) =>
      source.addEventListener(type, (event) => {
        let data: unknown;
        try {
          data = JSON.parse((event as MessageEvent<string>).data);
        } catch {
          return;
        }
        handler.current(type, data);
      });
    for (const type of ['hello', 'runs', 'run']) listen(type);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    // No state update here: setting state while the component unmounts upsets Preact's re-render queue.
    return () => source.close();
  }, [url]);
  return connected;
}

/** Calls `fn` at most once per `ms` (the last call wins), for bursts of live events. */
export function useThrottled(fn: () => void, ms: number): () => void {
  const latest = useRef(fn);
  latest.current = fn;
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      latest.current();
    }, ms);
  }, [ms]);
}

/**
 * A version of live data: grows (at most every `ms`) when the event stream at `url` sends an event that
 * `onEvent` accepts (returns true for). Pass it to `useJson` to fetch again.
 */
export function useLiveVersion(
  url: string,
  ms: number,
  onEvent: (type: string, data: unknown) => boolean,
): { version: number; connected: boolean } {
  const [version, setVersion] = useState(0);
  const bump = useThrottled(() => setVersion((v) => v + 1), ms);
  const connected = useEvents(url, (type, data) => {
    if (onEvent(type, data)) bump();
  });
  return { version, connected };
}

/** The version of the runs list: grows (at most every 300 ms) when a run starts, grows or ends. */
export function useRunsVersion(): number {
  return useLiveVersion(apiUrl(['events']), 300, (type) => type === 'runs').version;
}
