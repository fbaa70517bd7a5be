/**
 * @module
 * The two regression checks against `--baseline`:
 *
 * - `regressions` (statistical): `regressions(baseline, current)` from the statistics module, the
 *   changes for the worse larger than run-to-run noise (paired test across >= 5 cases, per-case tests
 *   with repeated runs; see docs/statistics.md). Safe for noisy LLM tasks; blind on tiny datasets.
 * - `case-regressions` (strict): any case, matched by report name, whose assertion passed in the
 *   baseline and fails now, whose score is lower, or whose task succeeded and now fails. Suits
 *   deterministic tasks; flags every flip of a noisy one.
 *
 * New and removed cases are never regressions.
 */
import type { EvaluationReport } from '../report/report.js';
import { type Change, regressions } from '../report/stats/index.js';

/** One line per significant regression: `all cases: assertion pass rate 100.0% → 20.0% (p = 0.016)`. */
export function statisticalRegressions(baseline: EvaluationReport, current: EvaluationReport): string[] {
  return regressions(baseline, current).map(describeChange);
}

function describeChange(change: Change): string {
  const rate = change.kind === 'assertion' || change.kind === 'assertions';
  const value = (v: number | null) => (v === null ? '-' : rate ? `${(v * 100).toFixed(1)}%` : short(v));
  const what =
    change.kind === 'assertions'
      ? 'assertion pass rate'
      : change.kind === 'assertion'
        ? `assertion '${change.name}' pass rate`
        : change.kind === 'duration'
          ? change.name
          : `${change.kind} '${change.name}'`;
  const p =
    change.pValue === null ? '' : ` (p = ${change.pValue < 0.001 ? '< 0.001' : change.pValue.toFixed(3)})`;
  return `${change.caseName ?? 'all cases'}: ${what} ${value(change.baseline)} → ${value(change.current)}${p}`;
}

/** Scores may differ by this much (float noise) before a drop counts. */
const SCORE_TOLERANCE = 1e-9;

/** One line per case-level regression: `mul-1: assertion 'EqualsExpected' passed before and fails now`. */
export function caseRegressions(baseline: EvaluationReport, current: EvaluationReport): string[] {
  const before = new Map(baseline.cases.map((c) => [c.name, c]));
  const found: string[] = [];
  for (const c of current.cases) {
    const old = before.get(c.name);
    if (!old) continue;
    for (const [name, result] of Object.entries(c.assertions)) {
      if (old.assertions[name]?.value === true && result.value === false) {
        found.push(`${c.name}: assertion '${name}' passed before and fails now`);
      }
    }
    for (const [name, result] of Object.entries(c.scores)) {
      const previous = old.scores[name]?.value;
      if (typeof previous === 'number' && result.value < previous - SCORE_TOLERANCE) {
        found.push(`${c.name}: score '${name}' dropped from ${short(previous)} to ${short(result.value)}`);
      }
    }
  }
  for (const failure of current.failures) {
    if (before.has(failure.name))
      found.push(`${failure.name}: succeeded before and fails now (${failure.errorMessage})`);
  }
  return found;
}

function short(value: number): string {
  return String(Number(value.toPrecision(4)));
}
