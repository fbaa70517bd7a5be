/**
 * @module
 * The comparison of two runs: each run's records as an EvaluationReport, `compareReports` for the
 * significance of every change (across cases and per case), and the colouring of the terminal diff.
 */
import type { ReportCase, ReportCaseFailure } from '../report/model.js';
import { DEFAULT_ATOL, DURATION_RTOL, defaultRtol, isSignificant } from '../report/render/diff.js';
import { EvaluationReport } from '../report/report.js';
import { type Change, compareReports, type ReportComparison } from '../report/stats/compare.js';
import type { CaseDiffRow, ChangeView, ComparisonView, DiffFilter, RunSummary, Tone } from './api-types.js';
import { pageOf } from './case-query.js';
import type { IndexedRun } from './run-cache.js';

/** A comparison with every case row, before filtering and paging. */
export interface FullComparison {
  comparison: ReportComparison;
  overall: ChangeView[];
  rows: CaseDiffRow[];
}

/** The run's records as a report, in plan order (as the run's own report had them). */
export function reportOf(run: IndexedRun): EvaluationReport {
  const cases: ReportCase[] = [];
  const failures: ReportCaseFailure[] = [];
  const ordered = [...run.index.cases()].sort((a, b) => a.stored.index - b.stored.index);
  for (const c of ordered) {
    if (c.stored.failed) failures.push(c.stored.result as ReportCaseFailure);
    else cases.push(c.stored.result as ReportCase);
  }
  return new EvaluationReport({
    name: run.header.experiment,
    cases,
    failures,
    experimentMetadata: run.header.metadata ?? undefined,
    aborted: run.footer?.aborted ?? false,
  });
}

export function compareRuns(baseline: IndexedRun, current: IndexedRun): FullComparison {
  const comparison = compareReports(reportOf(baseline), reportOf(current));
  const tolerance = toleranceOf([baseline, current]);
  const view = (change: Change) => changeView(change, tolerance);
  const baselineIds = firstIds(baseline);
  const currentIds = firstIds(current);
  const rows = comparison.cases.map((c): CaseDiffRow => {
    const changes = c.changes.map(view).filter(isShown);
    return {
      caseName: c.caseName,
      baselineId: baselineIds.get(c.caseName) ?? null,
      currentId: currentIds.get(c.caseName) ?? null,
      tone: worstTone(changes),
      significant: changes.some((change) => change.significant),
      changes,
    };
  });
  return { comparison, overall: comparison.overall.map(view), rows };
}

export function comparisonPage(
  full: FullComparison,
  summaries: { baseline: RunSummary; current: RunSummary },
  filter: DiffFilter,
  page: number,
  pageSize: number,
): ComparisonView {
  const matching = full.rows.filter((row) => matchesFilter(row, filter));
  const { page: at, pageCount, items: rows } = pageOf(matching, page, pageSize);
  const counts = {
    changed: full.rows.filter((row) => matchesFilter(row, 'changed')).length,
    regressed: full.rows.filter((row) => matchesFilter(row, 'regressed')).length,
    improved: full.rows.filter((row) => matchesFilter(row, 'improved')).length,
    significant: full.rows.filter((row) => matchesFilter(row, 'significant')).length,
  };
  const { comparison } = full;
  return {
    ...summaries,
    alpha: comparison.alpha,
    method: comparison.method,
    overall: full.overall,
    addedCases: comparison.addedCases,
    removedCases: comparison.removedCases,
    counts,
    cases: {
      total: matching.length,
      page: at,
      pageSize,
      pageCount,
      filter,
      rows,
    },
  };
}

function matchesFilter(row: CaseDiffRow, filter: DiffFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'changed':
      return row.changes.some((c) => c.kind !== 'duration');
    case 'regressed':
      return row.tone === 'bad';
    case 'improved':
      return row.changes.some((c) => c.tone === 'good');
    case 'significant':
      return row.significant;
  }
}

type Tolerance = (change: Change) => number;

/** The diff's relative tolerance per quantity: 0.001 for integer-valued ones, 0.05 otherwise, 0.1 for durations. */
function toleranceOf(runs: readonly IndexedRun[]): Tolerance {
  const values = new Map<string, number[]>();
  for (const run of runs) {
    for (const c of run.index.cases()) {
      if (c.stored.failed) continue;
      const result = c.stored.result as ReportCase;
      for (const [name, r] of Object.entries(result.scores)) push(values, `score\u0000${name}`, r.value);
      for (const [name, v] of Object.entries(result.metrics)) push(values, `metric\u0000${name}`, v);
    }
  }
  const rtol = new Map([...values].map(([key, list]) => [key, defaultRtol(list)]));
  return (change) =>
    change.kind === 'duration' ? DURATION_RTOL : (rtol.get(`${change.kind}\u0000${change.name}`) ?? 0.05);
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function changeView(change: Change, tolerance: Tolerance): ChangeView {
  return {
    kind: change.kind,
    name: change.name,
    baseline: finite(change.baseline),
    current: finite(change.current),
    meanDifference: finite(change.meanDifference),
    n: change.n,
    test: change.test,
    pValue: finite(change.pValue),
    ciLow: finite(change.ciLow),
    ciHigh: finite(change.ciHigh),
    significant: change.significant,
    verdict: change.verdict,
    reason: change.reason ?? null,
    tone: toneOf(change, tolerance(change)),
  };
}

function toneOf(change: Change, rtol: number): Tone {
  if (change.verdict === 'improved') return 'good';
  if (change.verdict === 'regressed') return 'bad';
  if (change.verdict !== 'untested' || change.baseline === null || change.current === null) return 'neutral';
  if (!isSignificant(change.baseline, change.current, DEFAULT_ATOL, rtol)) return 'neutral';
  const upIsGood = change.kind === 'score' || change.kind === 'assertion' || change.kind === 'assertions';
  return change.current > change.baseline === upIsGood ? 'good' : 'bad';
}

/** Per-case changes worth a line: significant ones, and values that differ (but durations always differ). */
function isShown(change: ChangeView): boolean {
  if (change.significant) return true;
  return change.kind !== 'duration' && change.meanDifference !== 0;
}

function worstTone(changes: readonly ChangeView[]): Tone {
  if (changes.some((c) => c.tone === 'bad')) return 'bad';
  return changes.some((c) => c.tone === 'good') ? 'good' : 'neutral';
}

/** The first record id of each case name (the source case's name for repeated runs). */
function firstIds(run: IndexedRun): Map<string, number> {
  const ids = new Map<string, number>();
  for (const c of run.index.cases()) {
    const name = c.stored.result.sourceCaseName ?? c.stored.name;
    if (!ids.has(name)) ids.set(name, c.id);
  }
  return ids;
}

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
