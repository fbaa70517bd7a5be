import type { EvaluationReport } from '../report/report.js';
import { buildSpec, classEvaluatorName, type EvaluatorClass, type EvaluatorSpec } from './evaluator.js';

/** A result computed over the whole experiment (confusion matrix, curve, scalar...). */
export interface ReportAnalysis {
  type: string;
  title: string;
  description?: string;
  [key: string]: unknown;
}

export interface ReportEvaluatorContext<Inputs = any, Output = any, Metadata = any> {
  name: string;
  report: EvaluationReport<Inputs, Output, Metadata>;
  experimentMetadata: Record<string, unknown> | undefined;
}

/**
 * Base class of report evaluators: they run once, after every case, in the order given; one that throws
 * is recorded in `report.reportEvaluatorFailures` and the next still runs.
 */
export abstract class ReportEvaluator<
  Inputs = any,
  Output = any,
  Metadata = any,
  Options extends object = object,
> {
  static evaluatorName?: string;
  static primaryArg?: string;
  static defaults?: Record<string, unknown>;
  readonly options: Readonly<Options>;

  constructor(options?: Options) {
    this.options = (options ?? {}) as Options;
  }

  abstract evaluate(
    ctx: ReportEvaluatorContext<Inputs, Output, Metadata>,
  ): ReportAnalysis | ReportAnalysis[] | Promise<ReportAnalysis | ReportAnalysis[]>;

  get evaluatorName(): string {
    return classEvaluatorName(this.constructor as EvaluatorClass & { name: string });
  }

  toSpec(): EvaluatorSpec {
    return buildSpec(this.evaluatorName, this.constructor as EvaluatorClass, this.options);
  }
}
