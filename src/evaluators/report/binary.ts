/**
 * What the binary-classification report evaluators (precision-recall, ROC, KS) share: their options,
 * how a case's score and true class are read, and the curve arithmetic.
 */
import { OptionsError } from '../../errors.js';
import type { ReportCase } from '../../report/model.js';
import type { JsonSchema } from './options.js';
import { checkEnum, checkInteger, checkOptionalString, checkString, normalizeSource } from './options.js';
import { pyTruthy } from './python.js';

/** Where the ranking score comes from. */
export type ScoreSource = 'scores' | 'metrics';

/** Where a case's true class comes from (pydantic-evals' names; `expectedOutput` is accepted too). */
export type PositiveSource = 'expected_output' | 'assertions' | 'labels';

export interface BinaryClassificationOptions {
  /** Name of the score (or metric, with `scoreFrom: 'metrics'`) that ranks the cases. */
  scoreKey: string;
  /**
   * Where a case's true class comes from: the truthiness of `expected_output`, the value of the assertion
   * named `positiveKey`, or the truthiness of the label named `positiveKey` (any non-empty string).
   */
  positiveFrom: PositiveSource | 'expectedOutput';
  /** The assertion or label name; required with `positiveFrom: 'assertions' | 'labels'`. */
  positiveKey?: string;
  /** @default 'scores' */
  scoreFrom?: ScoreSource;
  title?: string;
  /** At most this many points are kept for display (the AUC always uses every point). Minimum: 2. @default 100 */
  nThresholds?: number;
}

/** The options in the form a spec records: pydantic's source names, no null or undefined keys. */
export function normalizeBinaryOptions<T extends BinaryClassificationOptions>(name: string, options: T): T {
  if (typeof options !== 'object' || options === null) {
    throw new OptionsError(
      `${name} expects an options object, e.g. new ${name}({ scoreKey: 'confidence', positiveFrom: 'expected_output' })`,
    );
  }
  checkString(name, 'scoreKey', options.scoreKey);
  const positiveFrom = normalizeSource(options.positiveFrom);
  checkEnum(name, 'positiveFrom', positiveFrom, POSITIVE_SOURCES);
  checkOptionalString(name, 'positiveKey', options.positiveKey);
  if (options.scoreFrom != null) checkEnum(name, 'scoreFrom', options.scoreFrom, SCORE_SOURCES);
  checkOptionalString(name, 'title', options.title);
  if (options.nThresholds != null) checkInteger(name, 'nThresholds', options.nThresholds, 2);
  const out: Record<string, unknown> = { ...(options as object), positiveFrom };
  for (const key of Object.keys(out)) if (out[key] == null) delete out[key];
  return out as T;
}

const POSITIVE_SOURCES: readonly PositiveSource[] = ['expected_output', 'assertions', 'labels'];
const SCORE_SOURCES: readonly ScoreSource[] = ['scores', 'metrics'];

/** JSON Schema of the shared options (camelCase keys; files write them in snake_case). */
export function binaryOptionsSchema(defaultTitle: string): JsonSchema {
  return {
    type: 'object',
    properties: {
      scoreKey: { type: 'string', description: 'Name of the score (or metric) that ranks the cases.' },
      positiveFrom: { enum: POSITIVE_SOURCES, description: "Where a case's true class comes from." },
      positiveKey: {
        type: ['string', 'null'],
        description: "Assertion or label name (with 'assertions' / 'labels').",
      },
      scoreFrom: { enum: SCORE_SOURCES, default: 'scores' },
      title: { type: 'string', default: defaultTitle },
      nThresholds: { type: 'integer', minimum: 2, default: 100, description: 'Points kept for display.' },
    },
    required: ['scoreKey', 'positiveFrom'],
    additionalProperties: false,
  };
}

/** A case the curves use: its score and whether it is truly positive. */
export interface ScoredCase {
  score: number;
  positive: boolean;
}

/**
 * `(score, positive)` for every case that has both; a case missing either (no such score or metric, no
 * expected output, no such assertion or label) is skipped, and so is a NaN metric.
 * Throws when `positiveKey` is required but missing.
 */
export function scoredCases(
  cases: readonly ReportCase[],
  options: BinaryClassificationOptions,
): ScoredCase[] {
  const positiveFrom = normalizeSource(options.positiveFrom) as PositiveSource;
  if (positiveFrom !== 'expected_output' && options.positiveKey == null) {
    throw new OptionsError(`'positiveKey' is required when positiveFrom='${positiveFrom}'`);
  }
  const out: ScoredCase[] = [];
  for (const c of cases) {
    const score = caseScore(c, options.scoreKey, options.scoreFrom ?? 'scores');
    const positive = casePositive(c, positiveFrom, options.positiveKey);
    if (score === undefined || positive === undefined) continue;
    out.push({ score, positive });
  }
  return out;
}

function caseScore(c: ReportCase, key: string, from: ScoreSource): number | undefined {
  const value = from === 'scores' ? c.scores[key]?.value : c.metrics[key];
  return typeof value === 'number' && !Number.isNaN(value) ? value : undefined;
}

function casePositive(c: ReportCase, from: PositiveSource, key: string | undefined): boolean | undefined {
  if (from === 'expected_output') {
    return c.expectedOutput === undefined || c.expectedOutput === null
      ? undefined
      : pyTruthy(c.expectedOutput);
  }
  if (from === 'assertions') return c.assertions[key!]?.value;
  const label = c.labels[key!];
  return label === undefined ? undefined : pyTruthy(label.value);
}

/** Counts when every case scoring `>= threshold` is predicted positive. */
export interface ThresholdCounts {
  threshold: number;
  /** Positives scoring `>= threshold`. */
  tp: number;
  /** Negatives scoring `>= threshold`. */
  fp: number;
}

/** One entry per distinct score, highest first, with cumulative counts (one sort, one pass). */
export function sweepThresholds(cases: readonly ScoredCase[]): ThresholdCounts[] {
  const sorted = [...cases].sort((a, b) => b.score - a.score);
  const out: ThresholdCounts[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i]!;
    if (c.positive) tp++;
    else fp++;
    const next = sorted[i + 1];
    if (next === undefined || next.score !== c.score) out.push({ threshold: c.score, tp, fp });
  }
  return out;
}

/** Area under a polyline by the trapezoidal rule, with `|Δx|` so that the point order does not flip the sign. */
export function trapezoidalArea(points: readonly (readonly [number, number])[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    area += (Math.abs(x1 - x0) * (y1 + y0)) / 2;
  }
  return area;
}

/**
 * At most `n` evenly spaced entries (the first and the last always kept): the indices
 * `trunc(i * (len - 1) / (n - 1))` for `i` in `0..n-1`, without repeats.
 */
export function downsample<T>(points: readonly T[], n: number): T[] {
  if (points.length <= n) return [...points];
  const indices = new Set<number>();
  for (let i = 0; i < n; i++) indices.add(Math.trunc((i * (points.length - 1)) / (n - 1)));
  return [...indices].sort((a, b) => a - b).map((i) => points[i]!);
}
