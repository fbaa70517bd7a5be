import { ReportEvaluator } from '../report-evaluator.js';
import { type BinaryClassificationOptions, binaryOptionsSchema, normalizeBinaryOptions } from './binary.js';
import type { JsonSchema } from './options.js';

/**
 * Base of the binary-classification curve evaluators (precision-recall, ROC, KS): the score options, with
 * `scoreKey` as the short file form (`- ROCAUCEvaluator: confidence`), checked when constructed. Each
 * subclass sets its statics from its default title with `binaryStatics`.
 */
export abstract class BinaryCurveEvaluator extends ReportEvaluator<
  any,
  any,
  any,
  BinaryClassificationOptions
> {
  static override primaryArg = 'scoreKey';

  constructor(options: BinaryClassificationOptions) {
    super(normalizeBinaryOptions(new.target.name, options));
  }
}

/** The `defaults` and `optionsSchema` statics of a curve evaluator whose default title is `title`. */
export function binaryStatics(title: string): {
  defaults: Record<string, unknown>;
  optionsSchema: JsonSchema;
} {
  return {
    defaults: { scoreFrom: 'scores', title, nThresholds: 100 },
    optionsSchema: binaryOptionsSchema(title),
  };
}
