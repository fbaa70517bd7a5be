/**
 * @module
 * The analyses report evaluators produce, discriminated by `type` with pydantic-evals' values
 * (`confusion_matrix`, `precision_recall`, `scalar`, `table`, `line_plot`) and camelCase fields.
 *
 * JSON has no NaN: a non-finite number (NaN means "no data", e.g. the AUC of an empty curve) is written
 * as `null` (as pydantic does) and read back as NaN by `analysisFromJSON` in every numeric field of the
 * built-in types. Table cells are left alone: there a `null` is a real value (Python's `None`).
 *
 * The shapes are type aliases, not interfaces, so that they stay assignable to the loose
 * `{ type, title, [key]: unknown }` shape that `ReportEvaluator.evaluate` may return.
 */

/** `matrix[expected][predicted]` = number of cases; `classLabels` orders both axes. */
export type ConfusionMatrix = {
  type: 'confusion_matrix';
  title: string;
  description?: string;
  classLabels: string[];
  matrix: number[][];
};

export type PrecisionRecallPoint = { threshold: number; precision: number; recall: number };

export type PrecisionRecallCurve = {
  /** The experiment's name. */
  name: string;
  /** Ordered from the highest threshold (the anchor at recall 0, precision 1) down. */
  points: PrecisionRecallPoint[];
  /** Area under the curve; NaN (null in JSON) when unknown. */
  auc: number;
};

export type PrecisionRecall = {
  type: 'precision_recall';
  title: string;
  description?: string;
  curves: PrecisionRecallCurve[];
};

/** One number, e.g. an AUC or a KS statistic; NaN (null in JSON) when there was no data. */
export type ScalarResult = {
  type: 'scalar';
  title: string;
  description?: string;
  value: number;
  /** e.g. `'%'` or `'ms'`. */
  unit?: string;
};

/** A generic table (the fallback for custom analyses). */
export type TableResult = {
  type: 'table';
  title: string;
  description?: string;
  columns: string[];
  /** One array per row, JSON scalars (string, number, boolean, null). */
  rows: unknown[][];
};

export type LinePlotPoint = { x: number; y: number };

export type LinePlotCurve = {
  name: string;
  points: LinePlotPoint[];
  style: 'solid' | 'dashed';
  /** Draw as a step function: where the step happens relative to each point. Absent for a straight line. */
  step?: 'start' | 'middle' | 'end';
};

export type LinePlot = {
  type: 'line_plot';
  title: string;
  description?: string;
  xLabel: string;
  yLabel: string;
  /** `[min, max]` of the x axis, when fixed. */
  xRange?: [number, number];
  yRange?: [number, number];
  curves: LinePlotCurve[];
};

/** Every analysis a report evaluator can return. */
export type ReportAnalysis = ConfusionMatrix | PrecisionRecall | ScalarResult | TableResult | LinePlot;

export type ReportAnalysisType = ReportAnalysis['type'];

const ANALYSIS_TYPES: ReadonlySet<string> = new Set<ReportAnalysisType>([
  'confusion_matrix',
  'precision_recall',
  'scalar',
  'table',
  'line_plot',
]);

/** True when `value` is an analysis of one of the built-in types (of `type`, when given). */
export function isReportAnalysis<T extends ReportAnalysisType = ReportAnalysisType>(
  value: unknown,
  type?: T,
): value is Extract<ReportAnalysis, { type: T }> {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { type?: unknown }).type;
  return typeof kind === 'string' && ANALYSIS_TYPES.has(kind) && (type === undefined || kind === type);
}

/** A JSON-safe copy: non-finite numbers become null, undefined fields are dropped. */
export function analysisToJSON(analysis: ReportAnalysis): Record<string, unknown> {
  return jsonCopy(analysis) as Record<string, unknown>;
}

function jsonCopy(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map((item) => jsonCopy(item) ?? null);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) out[key] = jsonCopy(item);
  }
  return out;
}

/**
 * Rebuilds an analysis from its JSON form: null → NaN in the numeric fields of the built-in types, and
 * pydantic-evals' snake_case fields (`class_labels`, `x_label`, `x_range`...) renamed to camelCase.
 * Idempotent; an object of an unknown `type` (a custom analysis) comes back as a shallow copy.
 */
export function analysisFromJSON(json: unknown): ReportAnalysis {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TypeError(
      `An analysis must be an object with a 'type', got ${json === null ? 'null' : typeof json}`,
    );
  }
  const raw = camelCaseKeys(json as Record<string, unknown>);
  switch (raw.type) {
    case 'confusion_matrix':
      return { ...raw, matrix: numberRows(raw.matrix) } as ConfusionMatrix;
    case 'precision_recall':
      return { ...raw, curves: list(raw.curves).map(precisionRecallCurve) } as PrecisionRecall;
    case 'scalar':
      return { ...raw, value: toNumber(raw.value) } as ScalarResult;
    case 'line_plot':
      return lineplot(raw);
    default:
      return raw as ReportAnalysis;
  }
}

/** `analysisFromJSON` over a list (a saved report's `analyses`). */
export function analysesFromJSON(json: unknown): ReportAnalysis[] {
  if (!Array.isArray(json)) throw new TypeError('Saved analyses must be an array');
  return json.map(analysisFromJSON);
}

const SNAKE_FIELDS: Readonly<Record<string, string>> = {
  class_labels: 'classLabels',
  x_label: 'xLabel',
  y_label: 'yLabel',
  x_range: 'xRange',
  y_range: 'yRange',
};

/** Renames pydantic's snake_case fields and drops null optional fields (`description: None`). */
function camelCaseKeys(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = SNAKE_FIELDS[key] ?? key;
    if (value === null && OPTIONAL_FIELDS.has(name)) continue;
    out[name] = value;
  }
  return out;
}

const OPTIONAL_FIELDS: ReadonlySet<string> = new Set(['description', 'unit', 'xRange', 'yRange', 'step']);

function lineplot(raw: Record<string, unknown>): LinePlot {
  const plot = { ...raw, curves: list(raw.curves).map(lineCurve) } as Record<string, unknown>;
  for (const key of ['xRange', 'yRange']) {
    if (Array.isArray(raw[key])) plot[key] = (raw[key] as unknown[]).map(toNumber);
  }
  return plot as LinePlot;
}

function precisionRecallCurve(curve: unknown): PrecisionRecallCurve {
  const c = object(curve);
  return {
    ...c,
    auc: toNumber(c.auc),
    points: list(c.points).map((p) => {
      const point = object(p);
      return {
        threshold: toNumber(point.threshold),
        precision: toNumber(point.precision),
        recall: toNumber(point.recall),
      };
    }),
  } as PrecisionRecallCurve;
}

function lineCurve(curve: unknown): LinePlotCurve {
  const c = object(curve);
  const out: Record<string, unknown> = {
    ...c,
    style: c.style ?? 'solid',
    points: list(c.points).map((p) => {
      const point = object(p);
      return { x: toNumber(point.x), y: toNumber(point.y) };
    }),
  };
  if (out.step === null || out.step === undefined) delete out.step;
  return out as LinePlotCurve;
}

function numberRows(value: unknown): number[][] {
  return list(value).map((row) => list(row).map(toNumber));
}

/** null (how JSON stores NaN) → NaN; numbers unchanged. */
function toNumber(value: unknown): number {
  return typeof value === 'number'
    ? value
    : value === null || value === undefined
      ? Number.NaN
      : Number(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function object(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
