/**
 * @module
 * One case's page (everything the record holds) and a run's failure list: task errors, evaluator
 * failures and failed assertions.
 */
import type { EvaluationResult, EvaluatorFailure } from '../evaluators/results.js';
import type { ReportCase, ReportCaseFailure } from '../report/model.js';
import type {
  CaseDetail,
  EvaluatorFailureView,
  FailureEntry,
  FailureKind,
  FailurePage,
  ResultKind,
  ResultView,
  SpanView,
} from './api-types.js';
import { pageOf } from './case-query.js';
import type { IndexedCase, RunIndex } from './run-index.js';

export function caseDetail(c: IndexedCase, runTotal: number): CaseDetail {
  const { stored } = c;
  const result = stored.result;
  const ok = stored.failed ? undefined : (result as ReportCase);
  const failure = stored.failed ? (result as ReportCaseFailure) : undefined;
  return {
    id: c.id,
    index: stored.index,
    name: stored.name,
    sourceCaseName: result.sourceCaseName ?? null,
    status: c.status,
    inputs: result.inputs ?? null,
    hasOutput: ok !== undefined,
    output: ok?.output ?? null,
    expectedOutput: result.expectedOutput ?? null,
    metadata: result.metadata ?? null,
    results: ok ? resultViews(ok) : [],
    evaluatorFailures: (ok?.evaluatorFailures ?? []).map(failureView),
    error: failure ? { message: failure.errorMessage, stack: failure.errorStack } : null,
    teardownError: result.teardownError ?? null,
    metrics: ok?.metrics ?? {},
    attributes: ok?.attributes ?? {},
    taskDurationSeconds: ok?.taskDuration ?? null,
    totalDurationSeconds: ok?.totalDuration ?? null,
    traceId: result.traceId ?? null,
    spanId: result.spanId ?? null,
    caseEvaluators: stored.caseEvaluators,
    spans: spanTree((stored as { spans?: unknown }).spans),
    runTotal,
  };
}

function resultViews(c: ReportCase): ResultView[] {
  const views: ResultView[] = [];
  const add = (kind: ResultKind, record: Record<string, EvaluationResult>) => {
    for (const [key, r] of Object.entries(record)) {
      views.push({ kind, key, name: r.name, value: r.value, reason: r.reason ?? null, evaluator: r.source });
    }
  };
  add('assertion', c.assertions);
  add('score', c.scores);
  add('label', c.labels);
  return views;
}

function failureView(f: EvaluatorFailure): EvaluatorFailureView {
  return {
    name: f.name,
    errorType: f.errorType ?? '',
    errorMessage: f.errorMessage,
    errorStack: f.errorStack ?? '',
    evaluator: f.source,
  };
}

interface FlatSpan {
  name: string;
  spanId: string;
  parentSpanId?: string;
  startTime: number;
  endTime: number;
  status?: string;
  attributes?: Record<string, unknown>;
}

/**
 * The tree of a case's spans, when the run stored them as a flat `spans` list of SpanNode JSON objects
 * (`{ name, spanId, parentSpanId, startTime, endTime, attributes, status }`); null otherwise.
 */
export function spanTree(raw: unknown): SpanView[] | null {
  if (!Array.isArray(raw)) return null;
  const spans = raw.filter(isFlatSpan);
  const views = new Map<string, SpanView>();
  for (const s of spans) {
    views.set(s.spanId, {
      name: s.name,
      spanId: s.spanId,
      startTime: s.startTime,
      durationMs: s.endTime - s.startTime,
      status: s.status ?? 'unset',
      attributes: s.attributes ?? {},
      children: [],
    });
  }
  const roots: SpanView[] = [];
  for (const s of spans) {
    const view = views.get(s.spanId)!;
    const parent = s.parentSpanId === undefined ? undefined : views.get(s.parentSpanId);
    (parent ? parent.children : roots).push(view);
  }
  const byStart = (a: SpanView, b: SpanView) => a.startTime - b.startTime;
  for (const view of views.values()) view.children.sort(byStart);
  return roots.sort(byStart);
}

function isFlatSpan(value: unknown): value is FlatSpan {
  const s = value as FlatSpan;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.name === 'string' &&
    typeof s.spanId === 'string' &&
    typeof s.startTime === 'number' &&
    typeof s.endTime === 'number'
  );
}

/** The failures of a run, optionally of one kind, one page of them. */
export function failurePage(
  index: RunIndex,
  kind: FailureKind | undefined,
  page: number,
  pageSize: number,
): FailurePage {
  const all = failuresOf(index);
  const counts: Record<FailureKind, number> = { 'task-error': 0, 'evaluator-error': 0, assertion: 0 };
  for (const f of all) counts[f.kind]++;
  const matching = kind ? all.filter((f) => f.kind === kind) : all;
  const { page: at, pageCount, items: failures } = pageOf(matching, page, pageSize);
  return { total: matching.length, counts, page: at, pageSize, pageCount, failures };
}

function failuresOf(index: RunIndex): FailureEntry[] {
  const entries: FailureEntry[] = [];
  for (const c of index.cases()) {
    if (c.status === 'pass' && c.evaluatorFailures === 0) continue;
    const { stored } = c;
    const base = { caseId: c.id, caseName: stored.name };
    if (stored.failed) {
      const message = (stored.result as ReportCaseFailure).errorMessage;
      const colon = message.indexOf(':');
      entries.push({
        ...base,
        kind: 'task-error',
        title: colon > 0 ? message.slice(0, colon) : 'Error',
        message,
      });
      continue;
    }
    const result = stored.result as ReportCase;
    for (const f of result.evaluatorFailures) {
      entries.push({ ...base, kind: 'evaluator-error', title: f.name, message: f.errorMessage });
    }
    for (const [key, r] of Object.entries(result.assertions)) {
      if (r.value !== true)
        entries.push({ ...base, kind: 'assertion', title: key, message: r.reason ?? 'failed' });
    }
  }
  return entries;
}
