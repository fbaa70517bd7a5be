import { OptionsError } from '../../errors.js';
import type { ConfusionMatrix } from '../../report/analyses.js';
import type { ReportCase } from '../../report/model.js';
import { ReportEvaluator, type ReportEvaluatorContext } from '../report-evaluator.js';
import { checkEnum, checkOptionalString, type JsonSchema, normalizeSource } from './options.js';
import { compareCodePoints, pyStr } from './python.js';

/** Where a class comes from (pydantic-evals' names; `expectedOutput` is accepted too). */
export type ClassSource = 'expected_output' | 'output' | 'metadata' | 'labels';

export interface ConfusionMatrixOptions {
  /** @default 'output' */
  predictedFrom?: ClassSource | 'expectedOutput';
  /** A metadata key, or the label name (required with `'labels'`). */
  predictedKey?: string;
  /** @default 'expected_output' */
  expectedFrom?: ClassSource | 'expectedOutput';
  /** A metadata key, or the label name (required with `'labels'`). */
  expectedKey?: string;
  /** @default 'Confusion Matrix' */
  title?: string;
}

const SOURCES: readonly ClassSource[] = ['expected_output', 'output', 'metadata', 'labels'];
const DEFAULT_TITLE = 'Confusion Matrix';

/**
 * Counts expected vs predicted classes over the report's cases, as pydantic-evals does. Each side is read
 * from the output, the expected output, the metadata (the whole of it, or the value at a key of an object
 * metadata) or a label, and turned into a string with Python's `str` (`True`, `1`, `{'a': 1}`). A case
 * where either side is missing (null or undefined, metadata that is not an object when a key is given, no
 * such label) is skipped. Class labels are the sorted union of both sides; `matrix[expected][predicted]`.
 */
export class ConfusionMatrixEvaluator extends ReportEvaluator<any, any, any, ConfusionMatrixOptions> {
  static override primaryArg = 'predictedFrom';
  static override defaults = {
    predictedFrom: 'output',
    expectedFrom: 'expected_output',
    title: DEFAULT_TITLE,
  };
  static optionsSchema: JsonSchema = {
    type: 'object',
    properties: {
      predictedFrom: {
        enum: SOURCES,
        default: 'output',
        description: 'Where the predicted class comes from.',
      },
      predictedKey: {
        type: ['string', 'null'],
        description: "Metadata key or label name (required for 'labels').",
      },
      expectedFrom: {
        enum: SOURCES,
        default: 'expected_output',
        description: 'Where the true class comes from.',
      },
      expectedKey: {
        type: ['string', 'null'],
        description: "Metadata key or label name (required for 'labels').",
      },
      title: { type: 'string', default: DEFAULT_TITLE },
    },
    additionalProperties: false,
  };

  constructor(options: ConfusionMatrixOptions = {}) {
    super(normalizeOptions(options));
  }

  evaluate(ctx: ReportEvaluatorContext): ConfusionMatrix {
    const predictedFrom = this.options.predictedFrom ?? 'output';
    const expectedFrom = this.options.expectedFrom ?? 'expected_output';
    requireLabelKey(predictedFrom, this.options.predictedKey, 'predictedKey');
    requireLabelKey(expectedFrom, this.options.expectedKey, 'expectedKey');
    const pairs: [expected: string, predicted: string][] = [];
    for (const c of ctx.report.cases) {
      const predicted = classOf(c, predictedFrom as ClassSource, this.options.predictedKey);
      const expected = classOf(c, expectedFrom as ClassSource, this.options.expectedKey);
      if (predicted !== undefined && expected !== undefined) pairs.push([expected, predicted]);
    }
    const classLabels = [...new Set(pairs.flat())].sort(compareCodePoints);
    const index = new Map(classLabels.map((label, i) => [label, i]));
    const matrix = classLabels.map(() => classLabels.map(() => 0));
    for (const [expected, predicted] of pairs) matrix[index.get(expected)!]![index.get(predicted)!]!++;
    return { type: 'confusion_matrix', title: this.options.title ?? DEFAULT_TITLE, classLabels, matrix };
  }
}

function normalizeOptions(options: ConfusionMatrixOptions): ConfusionMatrixOptions {
  const name = 'ConfusionMatrixEvaluator';
  if (typeof options !== 'object' || options === null) {
    throw new OptionsError(
      `${name} expects an options object, e.g. new ${name}({ predictedFrom: 'labels', predictedKey: 'sentiment' })`,
    );
  }
  const out: Record<string, unknown> = { ...options };
  for (const key of ['predictedFrom', 'expectedFrom'] as const) {
    if (out[key] == null) continue;
    out[key] = normalizeSource(out[key]);
    checkEnum(name, key, out[key], SOURCES);
  }
  for (const key of ['predictedKey', 'expectedKey', 'title']) checkOptionalString(name, key, out[key]);
  for (const key of Object.keys(out)) if (out[key] == null) delete out[key];
  return out as ConfusionMatrixOptions;
}

function requireLabelKey(from: string, key: string | undefined, option: string): void {
  if (from === 'labels' && key === undefined) {
    throw new OptionsError(`'${option}' is required when reading classes from 'labels'`);
  }
}

/** The class of one side of a case as a string, or undefined to skip the case. */
function classOf(c: ReportCase, from: ClassSource, key: string | undefined): string | undefined {
  switch (from) {
    case 'expected_output':
      return present(c.expectedOutput);
    case 'output':
      return present(c.output);
    case 'metadata':
      if (key === undefined) return present(c.metadata);
      return isObject(c.metadata) ? present(c.metadata[key]) : undefined;
    case 'labels':
      return c.labels[key!]?.value;
  }
}

function present(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : pyStr(value);
}

/** Python's `isinstance(metadata, dict)`: a plain object (not an array). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
