/**
 * Baseline comparison with statistics: which score, metric, assertion-rate and duration changes between
 * two reports are larger than run-to-run noise. See docs/statistics.md for the rules and formulas.
 */
import type { ReportCase } from '../model.js';
import type { EvaluationReport } from '../report.js';
import { getOrInsert } from './collections.js';
import { hashSeed, mean } from './math.js';
import {
  type BootstrapSettings,
  pairedBootstrap,
  pairedTTest,
  type TestName,
  type TestResult,
  twoSampleBootstrap,
  welchTTest,
} from './significance.js';

/** What is compared: a score, a metric, one assertion's pass rate, the pass rate of all assertions, a duration. */
export type ChangeKind = 'score' | 'metric' | 'assertion' | 'assertions' | 'duration';

export type Direction = 'higher-is-better' | 'lower-is-better' | 'neutral';

/**
 * - `improved` / `regressed`: significant, in a direction that has a better side;
 * - `changed`: significant, for a neutral quantity (metrics and durations unless configured);
 * - `unchanged`: tested, not significant;
 * - `untested`: too little data, or present in one report only (`reason` says which).
 */
export type Verdict = 'improved' | 'regressed' | 'changed' | 'unchanged' | 'untested';

export interface CompareOptions {
  /** Significance level; intervals are (1 - alpha). Between 0 and 1. @default 0.05 */
  alpha?: number;
  /** Paired / Welch t-tests, or a seeded percentile bootstrap of the mean difference. @default 't-test' */
  method?: 't-test' | 'bootstrap';
  /**
   * Paired cases needed to test a change across cases, unless both reports have repeated runs (then 2
   * suffice, as each case's value is already a mean). Minimum: 2. @default 5
   */
  minCases?: number;
  /** Bootstrap resamples. Minimum: 100. @default 10000 */
  resamples?: number;
  /** Bootstrap seed: the same inputs and seed give the same intervals. @default 0 */
  seed?: number;
  /** Which way each metric is better, by name; `'*'` sets the default for the others. @default all neutral */
  metricDirections?: Readonly<Record<string, Direction>>;
  /** Set `'lower-is-better'` to count slower task/total durations as regressions. @default 'neutral' */
  durationDirection?: Direction;
}

/** One compared quantity, across cases (`caseName: null`) or for one case (its runs). */
export interface Change {
  kind: ChangeKind;
  /** Score, metric or assertion name; `'assertions'` for kind 'assertions'; `'taskDuration'` / `'totalDuration'`. */
  name: string;
  /** null for the comparison across cases (the Averages row), else the case's name. */
  caseName: string | null;
  direction: Direction;
  /** Across cases: the mean of the paired cases' means; for a case: the mean of its runs. Null when absent. */
  baseline: number | null;
  current: number | null;
  /** `current - baseline`; null when absent on a side. */
  meanDifference: number | null;
  /** Across cases: paired cases; for a case: min(runs in baseline, runs in current). */
  n: number;
  nBaseline: number;
  nCurrent: number;
  test: TestName | null;
  statistic: number | null;
  df: number | null;
  pValue: number | null;
  /** (1 - alpha) confidence interval of the mean difference. */
  ciLow: number | null;
  ciHigh: number | null;
  significant: boolean;
  verdict: Verdict;
  /** Why the change is untested. */
  reason?: string;
}

export interface CaseChanges {
  caseName: string;
  changes: Change[];
}

/** The result of `compareReports`; JSON-safe except for ±Infinity statistics of zero-variance changes. */
export interface ReportComparison {
  baselineName: string;
  currentName: string;
  alpha: number;
  method: 't-test' | 'bootstrap';
  /** One entry per kind and name found in either report, across the paired cases. */
  overall: Change[];
  /** Per case present in both reports (in the current report's order); tested only with >= 2 runs on each side. */
  cases: CaseChanges[];
  /** Case names only in the current report, and only in the baseline. */
  addedCases: string[];
  removedCases: string[];
}

interface Settings extends BootstrapSettings {
  alpha: number;
  method: 't-test' | 'bootstrap';
  minCases: number;
  metricDirections: Readonly<Record<string, Direction>>;
  durationDirection: Direction;
}

/** Values of one quantity per run: key `kind\u0000name`. */
type Series = Map<string, number[]>;

/**
 * Compares `current` with `baseline`, pairing cases by name (the source case's name for repeated runs).
 * Across cases: a paired test on the per-case means (each case's mean over its successful runs). Per
 * case with >= 2 runs on both sides: a two-sample test on the runs. Task failures contribute nothing.
 */
export function compareReports(
  baseline: EvaluationReport,
  current: EvaluationReport,
  options: CompareOptions = {},
): ReportComparison {
  const settings = resolveOptions(options);
  const before = caseSeries(baseline.cases);
  const after = caseSeries(current.cases);
  const paired = [...after.keys()].filter((name) => before.has(name));
  const repeated = baseline.caseGroups() !== undefined && current.caseGroups() !== undefined;
  return {
    baselineName: baseline.name,
    currentName: current.name,
    alpha: settings.alpha,
    method: settings.method,
    overall: overallChanges(before, after, paired, repeated, settings),
    cases: paired.map((caseName) => ({
      caseName,
      changes: seriesKeys([before.get(caseName)!, after.get(caseName)!]).map((key) =>
        caseChange(caseName, key, before.get(caseName)!.get(key), after.get(caseName)!.get(key), settings),
      ),
    })),
    addedCases: [...after.keys()].filter((name) => !before.has(name)),
    removedCases: [...before.keys()].filter((name) => !after.has(name)),
  };
}

/** The significant changes for the worse: across cases first, then per case. */
export function regressions(
  baseline: EvaluationReport,
  current: EvaluationReport,
  options: CompareOptions = {},
): Change[] {
  const comparison = compareReports(baseline, current, options);
  return [...comparison.overall, ...comparison.cases.flatMap((c) => c.changes)].filter(
    (change) => change.verdict === 'regressed',
  );
}

/** The change of one quantity across cases (`caseName` omitted) or for one case; undefined if not compared. */
export function findChange(
  comparison: ReportComparison,
  kind: ChangeKind,
  name: string,
  caseName?: string,
): Change | undefined {
  const list =
    caseName === undefined
      ? comparison.overall
      : comparison.cases.find((c) => c.caseName === caseName)?.changes;
  return list?.find((change) => change.kind === kind && change.name === name);
}

function resolveOptions(options: CompareOptions): Settings {
  const settings: Settings = {
    alpha: options.alpha ?? 0.05,
    method: options.method ?? 't-test',
    minCases: options.minCases ?? 5,
    resamples: options.resamples ?? 10_000,
    seed: options.seed ?? 0,
    metricDirections: options.metricDirections ?? {},
    durationDirection: options.durationDirection ?? 'neutral',
  };
  const bad = (what: string, value: unknown) => {
    throw new RangeError(`compareReports: expected ${what}, got ${String(value)}`);
  };
  if (!(settings.alpha > 0 && settings.alpha < 1)) bad('`alpha` between 0 and 1', settings.alpha);
  if (settings.method !== 't-test' && settings.method !== 'bootstrap')
    bad("`method` 't-test' or 'bootstrap'", settings.method);
  if (!Number.isInteger(settings.minCases) || settings.minCases < 2)
    bad('`minCases` to be an integer >= 2', settings.minCases);
  if (!Number.isInteger(settings.resamples) || settings.resamples < 100)
    bad('`resamples` to be an integer >= 100', settings.resamples);
  if (!Number.isInteger(settings.seed)) bad('`seed` to be an integer', settings.seed);
  return settings;
}

/** Per case name (first-seen order), the per-run values of every quantity. */
function caseSeries(cases: readonly ReportCase[]): Map<string, Series> {
  const out = new Map<string, Series>();
  for (const c of cases) {
    const caseName = c.sourceCaseName ?? c.name;
    const series = getOrInsert(out, caseName, (): Series => new Map());
    for (const [key, value] of runValues(c)) getOrInsert(series, key, (): number[] => []).push(value);
  }
  return out;
}

/** The quantities one run recorded; an assertion counts 1 when it passed, 0 when not. */
function runValues(c: ReportCase): [string, number][] {
  const out: [string, number][] = [];
  for (const name in c.scores) out.push([seriesKey('score', name), c.scores[name]!.value]);
  for (const name in c.metrics) out.push([seriesKey('metric', name), c.metrics[name]!]);
  let passed = 0;
  let total = 0;
  for (const name in c.assertions) {
    const value = c.assertions[name]!.value ? 1 : 0;
    out.push([seriesKey('assertion', name), value]);
    passed += value;
    total++;
  }
  if (total > 0) out.push([seriesKey('assertions', 'assertions'), passed / total]);
  out.push(
    [seriesKey('duration', 'taskDuration'), c.taskDuration],
    [seriesKey('duration', 'totalDuration'), c.totalDuration],
  );
  return out;
}

function seriesKey(kind: ChangeKind, name: string): string {
  return `${kind}\u0000${name}`;
}

function splitKey(key: string): [ChangeKind, string] {
  const at = key.indexOf('\u0000');
  return [key.slice(0, at) as ChangeKind, key.slice(at + 1)];
}

const KIND_ORDER: readonly ChangeKind[] = ['score', 'metric', 'assertion', 'assertions', 'duration'];

/** Every key found in any of `series`, grouped by kind in a fixed order, names in first-seen order. */
function seriesKeys(series: readonly Series[]): string[] {
  const keys = new Set<string>();
  for (const s of series) for (const key of s.keys()) keys.add(key);
  const rank = (key: string) => KIND_ORDER.indexOf(splitKey(key)[0]);
  return [...keys].sort((a, b) => rank(a) - rank(b));
}

function overallChanges(
  before: Map<string, Series>,
  after: Map<string, Series>,
  paired: readonly string[],
  repeated: boolean,
  settings: Settings,
): Change[] {
  const needed = repeated ? 2 : settings.minCases;
  return seriesKeys([...before.values(), ...after.values()]).map((key) => {
    const means: [number, number][] = [];
    for (const caseName of paired) {
      const b = before.get(caseName)!.get(key);
      const a = after.get(caseName)!.get(key);
      if (b && a) means.push([mean(b), mean(a)]);
    }
    const n = means.length;
    const change = emptyChange(key, null, settings, { n, nBaseline: n, nCurrent: n });
    if (n === 0) return untested(change, presence(key, before, after));
    change.baseline = mean(means.map(([b]) => b));
    change.current = mean(means.map(([, a]) => a));
    change.meanDifference = change.current - change.baseline;
    if (n < needed) return untested(change, `${n} paired case(s), ${needed} needed`);
    const differences = means.map(([b, a]) => a - b);
    const bootstrap = { resamples: settings.resamples, seed: hashSeed(settings.seed, key) };
    const result =
      settings.method === 'bootstrap'
        ? pairedBootstrap(differences, settings.alpha, bootstrap)
        : pairedTTest(differences, settings.alpha);
    return withResult(change, result);
  });
}

function presence(key: string, before: Map<string, Series>, after: Map<string, Series>): string {
  const inBefore = [...before.values()].some((s) => s.has(key));
  const inAfter = [...after.values()].some((s) => s.has(key));
  if (inBefore && inAfter) return 'no case has it in both reports';
  return inAfter ? 'only in the current report' : 'only in the baseline';
}

function caseChange(
  caseName: string,
  key: string,
  b: number[] | undefined,
  a: number[] | undefined,
  settings: Settings,
): Change {
  const nBaseline = b?.length ?? 0;
  const nCurrent = a?.length ?? 0;
  const counts = { n: Math.min(nBaseline, nCurrent), nBaseline, nCurrent };
  const change = emptyChange(key, caseName, settings, counts);
  change.baseline = b ? mean(b) : null;
  change.current = a ? mean(a) : null;
  if (!a || !b) return untested(change, a ? 'only in the current report' : 'only in the baseline');
  change.meanDifference = change.current! - change.baseline!;
  if (a.length < 2 || b.length < 2) return untested(change, 'fewer than 2 runs on a side');
  const bootstrap = {
    resamples: settings.resamples,
    seed: hashSeed(settings.seed, `${caseName}\u0000${key}`),
  };
  const result =
    settings.method === 'bootstrap'
      ? twoSampleBootstrap(b, a, settings.alpha, bootstrap)
      : welchTTest(b, a, settings.alpha);
  return withResult(change, result);
}

type Counts = Pick<Change, 'n' | 'nBaseline' | 'nCurrent'>;

function emptyChange(key: string, caseName: string | null, settings: Settings, counts: Counts): Change {
  const [kind, name] = splitKey(key);
  return {
    kind,
    name,
    caseName,
    direction: directionOf(kind, name, settings),
    baseline: null,
    current: null,
    meanDifference: null,
    ...counts,
    test: null,
    statistic: null,
    df: null,
    pValue: null,
    ciLow: null,
    ciHigh: null,
    significant: false,
    verdict: 'untested',
  };
}

function directionOf(kind: ChangeKind, name: string, settings: Settings): Direction {
  if (kind === 'metric') {
    const directions = settings.metricDirections;
    if (Object.hasOwn(directions, name)) return directions[name]!;
    return Object.hasOwn(directions, '*') ? directions['*']! : 'neutral';
  }
  if (kind === 'duration') return settings.durationDirection;
  return 'higher-is-better';
}

function untested(change: Change, reason: string): Change {
  change.reason = reason;
  return change;
}

function withResult(change: Change, result: TestResult): Change {
  const { test, meanDifference, ciLow, ciHigh, statistic, df, pValue, significant } = result;
  Object.assign(change, { test, meanDifference, ciLow, ciHigh, statistic, df, pValue, significant });
  change.verdict = verdictOf(significant, meanDifference, change.direction);
  return change;
}

function verdictOf(significant: boolean, difference: number, direction: Direction): Verdict {
  if (!significant) return 'unchanged';
  if (direction === 'neutral') return 'changed';
  const up = difference > 0;
  return up === (direction === 'higher-is-better') ? 'improved' : 'regressed';
}
