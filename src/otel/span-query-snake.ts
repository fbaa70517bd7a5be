import { SNAKE_KEYS, type SpanQuery, SpanQueryError, SUB_QUERY_KEYS } from './span-query.js';

/** pydantic-evals' spelling of SpanQuery keys (`name_equals`, `or_`...), both ways. */

/**
 * Converts a query written with pydantic-evals' keys (`name_equals`, `or_`, `some_child_has`...) to a
 * SpanQuery, recursively. camelCase keys pass through, so a mixed query converts too; ISO 8601
 * durations (`PT1.5S`, how pydantic writes a timedelta) become seconds. Unknown keys are kept, so that
 * evaluating the query reports them.
 */
export function spanQueryFromSnakeCase(query: Record<string, unknown>): SpanQuery {
  if (!isRecord(query)) throw new SpanQueryError(`SpanQuery must be an object, got ${typeof query}`);
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of Object.entries(query)) {
    const key = SNAKE_KEYS[rawKey] ?? rawKey;
    if (SUB_QUERY_KEYS.has(key) && isRecord(value)) out[key] = spanQueryFromSnakeCase(value);
    else if ((key === 'and' || key === 'or') && Array.isArray(value)) {
      out[key] = value.map((q) => (isRecord(q) ? spanQueryFromSnakeCase(q) : q));
    } else if ((key === 'minDuration' || key === 'maxDuration') && typeof value === 'string') {
      out[key] = isoDurationSeconds(value) ?? value;
    } else out[key] = value;
  }
  return out as SpanQuery;
}

/** The pydantic-evals spelling of a SpanQuery (for dataset files other tools read). */
export function spanQueryToSnakeCase(query: SpanQuery): Record<string, unknown> {
  const toSnake = new Map(Object.entries(SNAKE_KEYS).map(([snake, camel]) => [camel as string, snake]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const snake = toSnake.get(key) ?? key;
    if (SUB_QUERY_KEYS.has(key) && isRecord(value)) out[snake] = spanQueryToSnakeCase(value as SpanQuery);
    else if ((key === 'and' || key === 'or') && Array.isArray(value)) {
      out[snake] = value.map((q) => (isRecord(q) ? spanQueryToSnakeCase(q as SpanQuery) : q));
    } else out[snake] = value;
  }
  return out;
}

function isoDurationSeconds(text: string): number | undefined {
  const m =
    /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      text,
    );
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const [days, hours, minutes, seconds] = m.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  return days * 86_400 + hours * 3600 + minutes * 60 + seconds;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
