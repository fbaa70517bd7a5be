import type { EvaluateOptions, RunOptions, Task } from '../engine/options.js';
import { TypedEvalsError } from '../errors.js';
import { type ExperimentRun, evaluateDataset, runDataset } from '../evaluate.js';
import type { Evaluator } from '../evaluators/evaluator.js';
import type { ReportEvaluator } from '../evaluators/report-evaluator.js';
import type { EvaluationReport } from '../report/report.js';
import { Case, type CaseInit } from './case.js';
import { buildDatasetJsonSchema } from './file/json-schema.js';
import {
  type FromFileOptions,
  type FromObjectOptions,
  type FromTextOptions,
  loadFile,
  loadObject,
  loadText,
  VALIDATED_CASES,
} from './file/load.js';
import { openStream, type StreamingDataset, type StreamOptions } from './file/stream.js';
import { checkDatasetSchema, type DatasetSchema, validateCasesOrThrow } from './file/validate.js';
import { datasetToObject, type ToFileOptions, writeDatasetFile } from './file/write.js';
import {
  type EvaluatorClassLike,
  EvaluatorRegistry,
  type JsonSchema,
  type ReportEvaluatorClassLike,
} from './registry.js';

export interface DatasetInit<Inputs = any, Output = any, Metadata = any> {
  /** Required: names the experiment's data in reports and files. */
  name: string;
  cases?: readonly (Case<Inputs, Output, Metadata> | CaseInit<Inputs, Output, Metadata>)[];
  /** Run on every case, after the case's own evaluators. */
  evaluators?: readonly Evaluator<Inputs, Output, Metadata>[];
  /** Run once over the whole report after all cases. */
  reportEvaluators?: readonly ReportEvaluator<Inputs, Output, Metadata>[];
  /** Standard Schemas (zod...) that each case's inputs / expectedOutput / metadata must pass, here and in addCase. */
  schema?: DatasetSchema<Inputs, Output, Metadata>;
}

/** Where the engine pulls cases from: the in-memory list, or a lazy source (JSONL streaming). */
export interface CaseSource<Inputs = any, Output = any, Metadata = any> {
  cases:
    | Iterable<Case<Inputs, Output, Metadata>>
    | AsyncIterable<Case<Inputs, Output, Metadata>>
    | BatchedCases<Inputs, Output, Metadata>;
  /** Number of cases when known up front (progress shows a total). */
  size: number | undefined;
}

/**
 * Cases that can also be pulled a batch at a time, as a streamed file reads them (one batch per chunk).
 * The engine takes batches when they are offered, so that a streamed case costs no promise of its own;
 * other readers iterate case by case.
 */
export interface BatchedCases<Inputs = any, Output = any, Metadata = any>
  extends AsyncIterable<Case<Inputs, Output, Metadata>> {
  batches(): AsyncIterator<readonly Case<Inputs, Output, Metadata>[]>;
}

/** A named list of cases plus the evaluators that judge every case. */
export class Dataset<Inputs = any, Output = any, Metadata = any> {
  readonly name: string;
  readonly #cases: Case<Inputs, Output, Metadata>[] = [];
  readonly #names = new Set<string>();
  readonly #evaluators: Evaluator<Inputs, Output, Metadata>[];
  readonly #reportEvaluators: ReportEvaluator<Inputs, Output, Metadata>[];
  /** The schema cases are validated against, if any. */
  readonly schema: DatasetSchema<Inputs, Output, Metadata> | undefined;

  constructor(init: DatasetInit<Inputs, Output, Metadata>) {
    if (
      typeof init !== 'object' ||
      init === null ||
      typeof init.name !== 'string' ||
      init.name.length === 0
    ) {
      throw new TypedEvalsError(
        "Dataset name is required, e.g. new Dataset({ name: 'sentiment', cases: [...] })",
        'DATASET_NAME_REQUIRED',
      );
    }
    this.name = init.name;
    this.#evaluators = checkEvaluators(init.evaluators ?? [], 'evaluators');
    this.#reportEvaluators = checkEvaluators(init.reportEvaluators ?? [], 'reportEvaluators');
    if (init.cases !== undefined && !Array.isArray(init.cases)) {
      throw new TypeError(`Dataset '${init.name}': cases must be an array`);
    }
    checkDatasetSchema(init.schema);
    this.schema = init.schema;
    const trusted = (init as { [VALIDATED_CASES]?: boolean })[VALIDATED_CASES] === true;
    const cases =
      init.schema && init.cases && !trusted ? validatedCases(init.cases, init.schema, 'cases') : init.cases;
    for (const c of cases ?? []) this.#addCase(c);
  }

  get cases(): readonly Case<Inputs, Output, Metadata>[] {
    return this.#cases;
  }

  get evaluators(): readonly Evaluator<Inputs, Output, Metadata>[] {
    return this.#evaluators;
  }

  get reportEvaluators(): readonly ReportEvaluator<Inputs, Output, Metadata>[] {
    return this.#reportEvaluators;
  }

  /** Adds a case (a Case or a plain object); a duplicate non-empty name throws. */
  addCase(
    init: Case<Inputs, Output, Metadata> | CaseInit<Inputs, Output, Metadata>,
  ): Case<Inputs, Output, Metadata> {
    return this.#addCase(this.schema ? validatedCases([init], this.schema, undefined)[0]! : init);
  }

  #addCase(
    init: Case<Inputs, Output, Metadata> | CaseInit<Inputs, Output, Metadata>,
  ): Case<Inputs, Output, Metadata> {
    const c = init instanceof Case ? init : new Case(init);
    if (c.name !== undefined && c.name !== '') {
      if (this.#names.has(c.name)) {
        throw new TypedEvalsError(`Duplicate case name: '${c.name}'`, 'DUPLICATE_CASE_NAME');
      }
      this.#names.add(c.name);
    }
    checkEvaluators(c.evaluators, `case '${c.name ?? this.#cases.length + 1}' evaluators`);
    this.#cases.push(c);
    return c;
  }

  /** Adds an evaluator for every case, or only for the case named `caseName`. */
  addEvaluator(evaluator: Evaluator<Inputs, Output, Metadata>, options: { caseName?: string } = {}): void {
    checkEvaluators([evaluator], 'addEvaluator');
    if (options.caseName === undefined) {
      this.#evaluators.push(evaluator);
      return;
    }
    const target = this.#cases.find((c) => c.name === options.caseName);
    if (!target)
      throw new TypedEvalsError(`Case '${options.caseName}' not found in the dataset`, 'CASE_NOT_FOUND');
    target.evaluators.push(evaluator);
  }

  /** Runs `task` on every case and resolves with the report (cases in dataset order). */
  evaluate<TaskOutput extends Output>(
    task: Task<Inputs, TaskOutput>,
    options: EvaluateOptions<Inputs, Output, Metadata> = {},
  ): Promise<EvaluationReport<Inputs, TaskOutput, Metadata>> {
    return evaluateDataset(this, task, options);
  }

  /** The streaming form: per-case results in completion order, then `.report()`. */
  run<TaskOutput extends Output>(
    task: Task<Inputs, TaskOutput>,
    options: RunOptions<Inputs, Output, Metadata> = {},
  ): ExperimentRun<Inputs, TaskOutput, Metadata> {
    return runDataset(this, task, options);
  }

  /** Loads a YAML, JSON or JSONL dataset file (format from the extension). Throws a DatasetLoadError listing every problem. */
  static fromFile<I = any, O = any, M = any>(
    path: string | URL,
    options?: FromFileOptions<I, O, M>,
  ): Dataset<I, O, M> {
    return loadFile(path, options);
  }

  /** Loads a dataset from YAML (default), JSON or JSONL text. */
  static fromText<I = any, O = any, M = any>(
    text: string,
    options?: FromTextOptions<I, O, M>,
  ): Dataset<I, O, M> {
    return loadText(text, options);
  }

  /** Loads a dataset from a plain object in the file layout (snake_case keys, evaluator specs). */
  static fromObject<I = any, O = any, M = any>(
    data: unknown,
    options?: FromObjectOptions<I, O, M>,
  ): Dataset<I, O, M> {
    return loadObject(data, options);
  }

  /** Opens a JSONL file lazily: cases are read as a run pulls them, in bounded memory. */
  static stream<I = any, O = any, M = any>(
    path: string | URL,
    options?: StreamOptions<I, O, M>,
  ): StreamingDataset<I, O, M> {
    return openStream(Dataset, path, options);
  }

  /** The JSON Schema of dataset files whose evaluators are the built-ins plus the given classes. */
  static jsonSchema(
    options: {
      evaluators?: readonly EvaluatorClassLike<any>[];
      reportEvaluators?: readonly ReportEvaluatorClassLike[];
      schema?: DatasetSchema;
    } = {},
  ): JsonSchema {
    checkDatasetSchema(options.schema);
    return buildDatasetJsonSchema(
      EvaluatorRegistry.create('evaluator', options.evaluators),
      EvaluatorRegistry.create('report evaluator', options.reportEvaluators),
      options.schema,
    );
  }

  /** Writes the dataset (format from the extension) and, beside it, its JSON Schema file. */
  toFile(path: string | URL, options?: ToFileOptions): void {
    writeDatasetFile(this, path, options);
  }

  /** The dataset in the file layout: what `Dataset.fromObject` reads. */
  toObject(): Record<string, unknown> {
    return datasetToObject(this);
  }

  /** The engine's view of the cases. Subclasses that stream cases override this. */
  caseSource(): CaseSource<Inputs, Output, Metadata> {
    return { cases: this.#cases, size: this.#cases.length };
  }
}

/** Cases with their values replaced by the schema's output; throws a DatasetLoadError listing every failure. */
function validatedCases<I, O, M>(
  list: readonly (Case<I, O, M> | CaseInit<I, O, M>)[],
  schema: DatasetSchema<I, O, M>,
  where: string | undefined,
): readonly (Case<I, O, M> | CaseInit<I, O, M>)[] {
  if (!Array.isArray(list)) return list;
  const values = validateCasesOrThrow(list, schema, (i) => (where ? [where, i] : []));
  return list.map((c, i) => {
    const v = values[i]!;
    if (v.inputs === c.inputs && v.expectedOutput === c.expectedOutput && v.metadata === c.metadata) return c;
    return new Case({
      ...c,
      evaluators: c.evaluators,
      inputs: v.inputs,
      expectedOutput: v.expectedOutput,
      metadata: v.metadata,
    });
  });
}

function checkEvaluators<T>(list: readonly T[], where: string): T[] {
  if (!Array.isArray(list)) throw new TypeError(`${where} must be an array`);
  list.forEach((e, i) => {
    const candidate = e as { evaluate?: unknown; toSpec?: unknown } | undefined;
    if (typeof candidate?.evaluate !== 'function' || typeof candidate.toSpec !== 'function') {
      const hint =
        typeof e === 'function'
          ? ' (a class was passed; pass an instance: new X(...))'
          : ': extend Evaluator (or ReportEvaluator), or use evaluator(name, fn)';
      throw new TypeError(`${where}[${i}] is not an evaluator${hint}`);
    }
  });
  return [...list];
}
