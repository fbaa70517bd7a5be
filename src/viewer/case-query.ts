/**
 * @module
 * The case table's query string: sort, order, filters and page, parsed and checked. A bad value is a
 * `QueryError` (answered with 400), never a guess.
 */
import type { ReportCase } from '../report/model.js';
import type { CaseStatus } from './api-types.js';
import type { IndexedCase } from './run-index.js';

export type SortKey = 'id' | 'index' | 'name' | 'status' | 'duration' | 'assertions' | `score:${string}`;

export interface CaseQuery {
  sort: SortKey;
  order: 'asc' | 'desc';
  /** Lower-cased substring of the case name. */
  name: string;
  statuses: ReadonlySet<CaseStatus> | undefined;
  /** Score filter: cases whose score `score` is within [min, max]. */
  score: string | undefined;
  min: number | undefined;
  max: number | undefined;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
const STATUSES: readonly CaseStatus[] = ['pass', 'fail', 'error'];
const FIXED_SORTS = new Set(['id', 'index', 'name', 'status', 'duration', 'assertions']);

/** A query value the API refuses (answered with 400). */
export class QueryError extends Error {
  override name = 'QueryError';
}

type Params = (key: string) => string | undefined;

export function parseCaseQuery(param: Params): CaseQuery {
  const score = param('score') || undefined;
  return {
    sort: parseSort(param('sort')),
    order: parseOrder(param('order')),
    name: (param('q') ?? '').trim().toLowerCase(),
    statuses: parseStatuses(param('status')),
    score,
    min: optionalNumber(param('min'), 'min'),
    max: optionalNumber(param('max'), 'max'),
    ...parsePage(param),
  };
}

export function parsePage(param: Params): { page: number; pageSize: number } {
  return {
    page: integerParam(param('page'), 'page', 0, Number.MAX_SAFE_INTEGER, 0),
    pageSize: integerParam(param('pageSize'), 'pageSize', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
  };
}

/** One page of `items`: a page past the end is the last page (page numbers from 0). */
export function pageOf<T>(
  items: readonly T[],
  page: number,
  pageSize: number,
): { page: number; pageCount: number; items: T[] } {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const at = Math.min(page, pageCount - 1);
  return { page: at, pageCount, items: items.slice(at * pageSize, (at + 1) * pageSize) };
}

function parseSort(value: string | undefined): SortKey {
  if (value === undefined || value === '') return 'id';
  if (FIXED_SORTS.has(value)) return value as SortKey;
  if (value.startsWith('score:') && value.length > 'score:'.length) return value as SortKey;
  throw new QueryError(
    `sort must be id, index, name, status, duration, assertions or score:<name>, got '${value}'`,
  );
}

function parseOrder(value: string | undefined): 'asc' | 'desc' {
  if (value === undefined || value === '' || value === 'asc') return 'asc';
  if (value === 'desc') return 'desc';
  throw new QueryError(`order must be asc or desc, got '${value}'`);
}

function parseStatuses(value: string | undefined): ReadonlySet<CaseStatus> | undefined {
  if (value === undefined || value === '' || value === 'all') return undefined;
  const statuses = new Set<CaseStatus>();
  for (const part of value.split(',')) {
    if (!(STATUSES as readonly string[]).includes(part)) {
      throw new QueryError(`status must be pass, fail or error (comma-separated), got '${part}'`);
    }
    statuses.add(part as CaseStatus);
  }
  return statuses;
}

function optionalNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new QueryError(`${name} must be a number, got '${value}'`);
  return n;
}

export function integerParam(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new QueryError(`${name} must be an integer from ${min} to ${max}, got '${value}'`);
  }
  return n;
}

export function matchesQuery(c: IndexedCase, query: CaseQuery): boolean {
  if (query.statuses && !query.statuses.has(c.status)) return false;
  if (query.name !== '' && !c.nameKey.includes(query.name)) return false;
  if (query.score !== undefined && (query.min !== undefined || query.max !== undefined)) {
    const value = scoreOf(c, query.score);
    if (value === null) return false;
    if (query.min !== undefined && value < query.min) return false;
    if (query.max !== undefined && value > query.max) return false;
  }
  return true;
}

/** A case's value of a score, or null when it has none (task errors have none). */
export function scoreOf(c: IndexedCase, name: string): number | null {
  if (c.stored.failed) return null;
  const value = (c.stored.result as ReportCase).scores[name]?.value;
  return typeof value === 'number' ? value : null;
}
