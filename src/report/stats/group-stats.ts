/**
 * Statistics across the runs of each case (`repeat` > 1): per score and metric the mean, sample standard
 * deviation, min and max; per assertion the pass rate, pass@k, pass^k and a flakiness flag.
 */
import type { ReportCase, ReportCaseGroup } from '../model.js';
import type { EvaluationReport } from '../report.js';
import { getOrInsert } from './collections.js';
import { type NumericSummary, summarize } from './math.js';
import { passAtK, passHatK } from './pass-at-k.js';

export type { NumericSummary } from './math.js';

export interface CaseGroupStatsOptions {
  /** The k of pass@k and pass^k. Minimum: 1. @default the number of runs counted */
  k?: number;
  /**
   * Count runs whose task failed as not passing in `allAssertions` (they have no assertions of their own).
   * @default true
   */
  countFailedRuns?: boolean;
}

/** How often one assertion (or "every assertion of the run") passed across the runs of a case. */
export interface PassStats {
  /** Runs counted: those that recorded the assertion (for `allAssertions`, see `CaseGroupStats`). */
  n: number;
  /** Runs that passed. */
  passed: number;
  /** `passed / n`, which is also pass@1. */
  passRate: number;
  /** The k used below. */
  k: number;
  /** Probability that at least one of k runs drawn from the n passes; null when k > n. */
  passAtK: number | null;
  /** Probability that all k runs drawn from the n pass; null when k > n. */
  passHatK: number | null;
  /** Some counted runs passed and some did not. */
  flaky: boolean;
}

/** The statistics of one case group (JSON-safe: no undefined, and no NaN unless a metric was NaN). */
export interface CaseGroupStats {
  /** The case's name (the group's name). */
  name: string;
  /** Runs whose task succeeded. */
  runs: number;
  /** Runs whose task failed. */
  failures: number;
  /** Per score name, over the runs that recorded it. */
  scores: Record<string, NumericSummary>;
  /** Per metric name, over the runs that recorded it. */
  metrics: Record<string, NumericSummary>;
  /** Seconds, over the successful runs; null without any. */
  taskDuration: NumericSummary | null;
  totalDuration: NumericSummary | null;
  /** Per assertion name, over the runs that recorded it. */
  assertions: Record<string, PassStats>;
  /**
   * A run passes when its task succeeded, none of its evaluators failed and every assertion it recorded
   * is true; runs whose task failed count as not passing (unless `countFailedRuns: false`). Null when no
   * run recorded an assertion.
   */
  allAssertions: PassStats | null;
  /** Names of the assertions the runs disagree on (some true, some false). */
  flakyAssertions: string[];
  /** True when `flakyAssertions` is not empty. */
  flaky: boolean;
}

/**
 * Per case group, the statistics across its runs; undefined unless the report has repeated runs (as
 * `report.caseGroups()`). Groups come in `caseGroups()` order.
 */
export function caseGroupStats(
  report: EvaluationReport,
  options: CaseGroupStatsOptions = {},
): CaseGroupStats[] | undefined {
  if (options.k !== undefined && !(Number.isInteger(options.k) && options.k >= 1)) {
    throw new RangeError(`caseGroupStats: expected \`k\` to be an integer >= 1, got ${options.k}`);
  }
  return report.caseGroups()?.map((group) => groupStats(group, options));
}

function groupStats(group: ReportCaseGroup, options: CaseGroupStatsOptions): CaseGroupStats {
  const runs = group.runs;
  const assertions = assertionStats(runs, options.k);
  const flakyAssertions = Object.keys(assertions).filter((name) => assertions[name]!.flaky);
  return {
    name: group.name,
    runs: runs.length,
    failures: group.failures.length,
    scores: summaries(runs, (c) => numbersOf(c.scores, (r) => r.value)),
    metrics: summaries(runs, (c) => c.metrics),
    taskDuration: runs.length === 0 ? null : summarize(runs.map((c) => c.taskDuration)),
    totalDuration: runs.length === 0 ? null : summarize(runs.map((c) => c.totalDuration)),
    assertions,
    allAssertions: allAssertionStats(group, options),
    flakyAssertions,
    flaky: flakyAssertions.length > 0,
  };
}

function numbersOf<T>(record: Record<string, T>, value: (item: T) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key in record) out[key] = value(record[key]!);
  return out;
}

/** Per key, the summary of the values of the runs that have it (keys in first-seen order). */
function summaries(runs: readonly ReportCase[], valuesOf: (c: ReportCase) => Record<string, number>) {
  const values = new Map<string, number[]>();
  for (const run of runs) {
    const record = valuesOf(run);
    for (const key in record) getOrInsert(values, key, (): number[] => []).push(record[key]!);
  }
  const out: Record<string, NumericSummary> = {};
  for (const [key, list] of values) out[key] = summarize(list);
  return out;
}

function assertionStats(runs: readonly ReportCase[], k: number | undefined): Record<string, PassStats> {
  const counts = new Map<string, { n: number; passed: number }>();
  for (const run of runs) {
    for (const name in run.assertions) {
      const count = getOrInsert(counts, name, () => ({ n: 0, passed: 0 }));
      count.n++;
      if (run.assertions[name]!.value) count.passed++;
    }
  }
  const out: Record<string, PassStats> = {};
  for (const [name, { n, passed }] of counts) out[name] = passStats(n, passed, k);
  return out;
}

function allAssertionStats(group: ReportCaseGroup, options: CaseGroupStatsOptions): PassStats | null {
  if (!group.runs.some((run) => Object.keys(run.assertions).length > 0)) return null;
  let passed = 0;
  for (const run of group.runs) {
    const values = Object.values(run.assertions);
    if (run.evaluatorFailures.length === 0 && values.every((result) => result.value)) passed++;
  }
  const n = group.runs.length + (options.countFailedRuns === false ? 0 : group.failures.length);
  return passStats(n, passed, options.k);
}

/** Pass statistics of `passed` out of `n` runs (n >= 1). */
export function passStats(n: number, passed: number, k = n): PassStats {
  const defined = k <= n;
  return {
    n,
    passed,
    passRate: passed / n,
    k,
    passAtK: defined ? passAtK(n, passed, k) : null,
    passHatK: defined ? passHatK(n, passed, k) : null,
    flaky: passed > 0 && passed < n,
  };
}
