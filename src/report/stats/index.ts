/**
 * @module
 * Statistics across repeated runs (`caseGroupStats`) and between reports (`compareReports`,
 * `regressions`). See docs/statistics.md.
 */

export {
  type CaseChanges,
  type Change,
  type ChangeKind,
  type CompareOptions,
  compareReports,
  type Direction,
  findChange,
  type ReportComparison,
  regressions,
  type Verdict,
} from './compare.js';
export {
  type CaseGroupStats,
  type CaseGroupStatsOptions,
  caseGroupStats,
  type NumericSummary,
  type PassStats,
  passStats,
} from './group-stats.js';
export { passAtK, passHatK } from './pass-at-k.js';
export type { TestName } from './significance.js';
