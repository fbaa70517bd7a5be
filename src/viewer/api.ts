/**
 * @module
 * The JSON API under `/api` (docs/viewer.md). Every handler reads runs through the run cache (which
 * reads them through the `Store`); ids from the URL are checked before any use.
 */
import type { Hono } from 'hono';
import { analysesOf } from './analyses-view.js';
import type {
  AnalysesView,
  ComparisonView,
  DiffFilter,
  ExperimentsResponse,
  FailureKind,
  RunsResponse,
} from './api-types.js';
import { caseDetail, failurePage } from './case-detail.js';
import { parseCaseQuery, parsePage, QueryError } from './case-query.js';
import { compareRuns, comparisonPage, type FullComparison } from './compare-view.js';
import { Memo } from './memo.js';
import type { IndexedRun, RunCache } from './run-cache.js';
import { isSafeRunId, parseCaseId } from './security.js';
import { experimentsOf, type RunList, runDetail, runSummary } from './summaries.js';

export interface ApiDeps {
  cache: RunCache;
  list: RunList;
}

/** An answer other than 200 with a message (`{ error }`). */
export class HttpError extends Error {
  readonly status: 400 | 404;
  constructor(status: 400 | 404, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}

const FAILURE_KINDS: readonly FailureKind[] = ['task-error', 'evaluator-error', 'assertion'];
const DIFF_FILTERS: readonly DiffFilter[] = ['all', 'changed', 'regressed', 'improved', 'significant'];

export function addApiRoutes(app: Hono, deps: ApiDeps): void {
  app.use('/api/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
  });
  addListRoutes(app, deps);
  addRunRoutes(app, deps);
  addCompareRoute(app, deps);
}

function addListRoutes(app: Hono, { list }: ApiDeps): void {
  app.get('/api/experiments', async (c) => {
    const body: ExperimentsResponse = { experiments: experimentsOf(await list.runs()) };
    return c.json(body);
  });

  app.get('/api/runs', async (c) => {
    const experiment = c.req.query('experiment');
    const body: RunsResponse = { runs: await list.runs(experiment || undefined) };
    return c.json(body);
  });
}

function addRunRoutes(app: Hono, { cache }: ApiDeps): void {
  const analyses = new Memo<AnalysesView>(8);

  app.get('/api/runs/:runId', async (c) => c.json(runDetail(await runOf(cache, c.req.param('runId')))));

  app.get('/api/runs/:runId/cases', async (c) => {
    const run = await runOf(cache, c.req.param('runId'));
    return c.json(run.index.query(parseCaseQuery((key) => c.req.query(key))));
  });

  app.get('/api/runs/:runId/cases/:caseId', async (c) => {
    const run = await runOf(cache, c.req.param('runId'));
    const id = parseCaseId(c.req.param('caseId'));
    const indexed = id === undefined ? undefined : run.index.get(id);
    if (!indexed) throw new HttpError(404, `No case ${c.req.param('caseId')} in run ${run.runId}`);
    return c.json(caseDetail(indexed, run.index.size));
  });

  app.get('/api/runs/:runId/failures', async (c) => {
    const run = await runOf(cache, c.req.param('runId'));
    const kind = oneOf(c.req.query('kind'), FAILURE_KINDS, 'kind');
    const { page, pageSize } = parsePage((key) => c.req.query(key));
    return c.json(failurePage(run.index, kind, page, pageSize));
  });

  app.get('/api/runs/:runId/analyses', async (c) => {
    const run = await runOf(cache, c.req.param('runId'));
    return c.json(await analyses.get(`${run.runId}@${run.version}`, () => analysesOf(run)));
  });
}

function addCompareRoute(app: Hono, { cache }: ApiDeps): void {
  const comparisons = new Memo<FullComparison>(4);

  app.get('/api/compare', async (c) => {
    const [baseline, current] = await Promise.all([
      runOf(cache, required(c.req.query('baseline'), 'baseline')),
      runOf(cache, required(c.req.query('current'), 'current')),
    ]);
    const filter = oneOf(c.req.query('filter'), DIFF_FILTERS, 'filter') ?? 'all';
    const { page, pageSize } = parsePage((key) => c.req.query(key));
    const key = `${baseline.runId}@${baseline.version}|${current.runId}@${current.version}`;
    const full = await comparisons.get(key, () => compareRuns(baseline, current));
    const summaries = {
      baseline: runSummary(baseline.info, baseline.footer, baseline.index),
      current: runSummary(current.info, current.footer, current.index),
    };
    const body: ComparisonView = comparisonPage(full, summaries, filter, page, pageSize);
    return c.json(body);
  });
}

/** The run named by a URL value: 400 for a value that is not a run id, 404 for an unknown run. */
export async function runOf(cache: RunCache, value: string | undefined): Promise<IndexedRun> {
  if (!isSafeRunId(value)) throw new HttpError(400, 'Invalid run id');
  try {
    return await cache.get(value);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'RUN_NOT_FOUND') throw new HttpError(404, `No run ${value}`);
    throw error;
  }
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new QueryError(`${name} is required`);
  return value;
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  name: string,
): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new QueryError(`${name} must be one of ${allowed.join(', ')}, got '${value}'`);
  }
  return value as T;
}
