/**
 * @module
 * `defineExperiment`: what an eval file (`*.eval.ts`) exports for `typed-evals run`. It only checks and
 * brands the definition; the CLI (src/cli/) loads the dataset and runs it.
 */
import type { Dataset } from './dataset/dataset.js';
import type { DatasetSchema } from './dataset/file/validate.js';
import type { EvaluatorClassLike, ReportEvaluatorClassLike } from './dataset/registry.js';
import type { RunOptions, Task } from './engine/options.js';
import { OptionsError } from './errors.js';
import type { Evaluator } from './evaluators/evaluator.js';
import type { ReportEvaluator } from './evaluators/report-evaluator.js';
import { describeValue } from './util/describe.js';

/** `evaluate` options an eval file may fix; the CLI owns `signal`, `progress` and `keepResults`. */
export type ExperimentOptions<Inputs = any, Output = any, Metadata = any> = Omit<
  RunOptions<Inputs, Output, Metadata>,
  'name' | 'signal' | 'progress' | 'keepResults'
>;

interface ExperimentCommon<Inputs, Output, Metadata> {
  /**
   * Report name. Default: the export's name for a named export (`export const rulesV2 = ...`), else the
   * dataset's name.
   */
  name?: string;
  /** Called once per case run: `(inputs, { signal, caseName, attempt })`, sync or async. */
  task: Task<Inputs, Output>;
  /**
   * Evaluator instances run on every case, after the dataset's own. With `datasetFile`, evaluator
   * classes may also be listed: they register the names the file's specs may use (`- StartsWith: abc`).
   */
  evaluators?: readonly (Evaluator<Inputs, Output, Metadata> | EvaluatorClassLike<any>)[];
  /** Report evaluator instances run after the dataset's own; classes register names for `datasetFile`. */
  reportEvaluators?: readonly (ReportEvaluator<Inputs, Output, Metadata> | ReportEvaluatorClassLike)[];
  /** Defaults for this experiment; CLI flags (`--concurrency`, `--repeat`...) override them. */
  options?: ExperimentOptions<Inputs, Output, Metadata>;
}

/** The cases come from a Dataset built in code (or `Dataset.fromFile`, `Dataset.stream`). */
export interface ExperimentWithDataset<Inputs = any, Output = any, Metadata = any>
  extends ExperimentCommon<Inputs, Output, Metadata> {
  dataset: Dataset<Inputs, any, Metadata>;
  datasetFile?: never;
  schema?: never;
}

/** The cases come from a YAML / JSON / JSONL file, loaded by the CLI before anything runs. */
export interface ExperimentWithDatasetFile<Inputs = any, Output = any, Metadata = any>
  extends ExperimentCommon<Inputs, Output, Metadata> {
  /** Path of the dataset file, relative to the eval file. */
  datasetFile: string;
  /** Standard Schemas (zod...) that every case of the file must pass. */
  schema?: DatasetSchema<Inputs, Output, Metadata>;
  dataset?: never;
}

export type ExperimentDefinition<Inputs = any, Output = any, Metadata = any> =
  | ExperimentWithDataset<Inputs, Output, Metadata>
  | ExperimentWithDatasetFile<Inputs, Output, Metadata>;

/** Marks definitions made by `defineExperiment`; `Symbol.for` so that two copies of the package agree. */
export const EXPERIMENT_BRAND: unique symbol = Symbol.for('typed-evals.experiment');

/**
 * Declares an experiment for `typed-evals run`: a dataset (or a dataset file), a task, and optional
 * extra evaluators and options. Export it from a `*.eval.ts` file, as the default export (one
 * definition or an array) or as named exports. Throws an OptionsError at once when a field is wrong.
 *
 * @example
 * export default defineExperiment({ datasetFile: 'tickets.yaml', task: triage, options: { maxConcurrency: 4 } });
 */
export function defineExperiment<Inputs = any, Output = any, Metadata = any>(
  definition: ExperimentDefinition<Inputs, Output, Metadata>,
): ExperimentDefinition<Inputs, Output, Metadata> {
  checkDefinition(definition);
  Object.defineProperty(definition, EXPERIMENT_BRAND, { value: true, enumerable: false });
  return definition;
}

/** True for a value returned by `defineExperiment` (from any copy of the package). */
export function isExperimentDefinition(value: unknown): value is ExperimentDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[EXPERIMENT_BRAND] === true
  );
}

function checkDefinition(definition: ExperimentDefinition): void {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw new OptionsError('defineExperiment expects an object like { dataset, task }');
  }
  const { name, dataset, datasetFile, task, options } = definition;
  if (name !== undefined && (typeof name !== 'string' || name.length === 0)) {
    throw new OptionsError(`defineExperiment: name must be a non-empty string, got ${describeValue(name)}`);
  }
  if (typeof task !== 'function') {
    throw new OptionsError(`defineExperiment: task must be a function, got ${describeValue(task)}`);
  }
  if ((dataset === undefined) === (datasetFile === undefined)) {
    throw new OptionsError(
      'defineExperiment: give exactly one of dataset (a Dataset) or datasetFile (a path)',
    );
  }
  if (datasetFile !== undefined && (typeof datasetFile !== 'string' || datasetFile.length === 0)) {
    throw new OptionsError(`defineExperiment: datasetFile must be a path, got ${describeValue(datasetFile)}`);
  }
  if (dataset !== undefined && typeof (dataset as { caseSource?: unknown }).caseSource !== 'function') {
    throw new OptionsError(`defineExperiment: dataset must be a Dataset, got ${describeValue(dataset)}`);
  }
  for (const key of ['evaluators', 'reportEvaluators'] as const) {
    const list = definition[key];
    if (list !== undefined && !Array.isArray(list)) {
      throw new OptionsError(`defineExperiment: ${key} must be an array, got ${describeValue(list)}`);
    }
  }
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new OptionsError(`defineExperiment: options must be an object, got ${describeValue(options)}`);
  }
}
