import type { Evaluator } from '../evaluators/evaluator.js';

export interface CaseInit<Inputs = any, Output = any, Metadata = any> {
  /** Unique within the dataset when given; unnamed cases are called `Case N` in reports. */
  name?: string;
  inputs: Inputs;
  expectedOutput?: Output;
  metadata?: Metadata;
  /** Case-specific evaluators; they run before the dataset's evaluators. */
  evaluators?: readonly Evaluator<Inputs, Output, Metadata>[];
}

/** One example to run the task on. */
export class Case<Inputs = any, Output = any, Metadata = any> {
  readonly name: string | undefined;
  readonly inputs: Inputs;
  readonly expectedOutput: Output | undefined;
  readonly metadata: Metadata | undefined;
  readonly evaluators: Evaluator<Inputs, Output, Metadata>[];

  constructor(init: CaseInit<Inputs, Output, Metadata>) {
    if (typeof init !== 'object' || init === null || !('inputs' in init)) {
      throw new TypeError(
        "A case needs 'inputs', e.g. new Case({ name: 'q1', inputs: { question: '...' } })",
      );
    }
    if (init.name !== undefined && typeof init.name !== 'string') {
      throw new TypeError(`Case name must be a string, got ${typeof init.name}`);
    }
    this.name = init.name;
    this.inputs = init.inputs;
    this.expectedOutput = init.expectedOutput;
    this.metadata = init.metadata;
    this.evaluators = init.evaluators ? [...init.evaluators] : [];
  }
}
