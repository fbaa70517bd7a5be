import type { Case } from '../dataset/case.js';
import type { EvaluatorContext } from '../evaluators/context.js';
import type { ReportCase, ReportCaseFailure } from '../report/model.js';

/**
 * Per-case hooks, one fresh instance per case run: `setup()` before the task, `prepareContext(ctx)` after
 * it (may change `duration`, `metrics`, `attributes`; the report follows), `teardown(result)` always last.
 * A setup/prepareContext error makes the case a failure; a teardown error is recorded on the case as
 * `teardownError` and the experiment goes on.
 */
export class CaseLifecycle<Inputs = any, Output = any, Metadata = any> {
  readonly case: Case<Inputs, Output, Metadata>;

  constructor(testCase: Case<Inputs, Output, Metadata>) {
    this.case = testCase;
  }

  setup(): void | Promise<void> {}

  prepareContext(
    ctx: EvaluatorContext<Inputs, Output, Metadata>,
  ): EvaluatorContext<Inputs, Output, Metadata> | Promise<EvaluatorContext<Inputs, Output, Metadata>> {
    return ctx;
  }

  /** Called with the case's result, its failure, or undefined when the case produced neither. */
  teardown(
    _result: ReportCase<Inputs, Output, Metadata> | ReportCaseFailure<Inputs, Output, Metadata> | undefined,
  ): void | Promise<void> {}
}

export type LifecycleClass<Inputs = any, Output = any, Metadata = any> = new (
  testCase: Case<Inputs, Output, Metadata>,
) => CaseLifecycle<Inputs, Output, Metadata>;

export type LifecycleFactory<Inputs = any, Output = any, Metadata = any> = (
  testCase: Case<Inputs, Output, Metadata>,
) => CaseLifecycle<Inputs, Output, Metadata>;

/** Builds the instance for one case run from either a class or a factory function. */
export function createLifecycle(option: LifecycleClass | LifecycleFactory, testCase: Case): CaseLifecycle {
  return isClass(option) ? new (option as LifecycleClass)(testCase) : (option as LifecycleFactory)(testCase);
}

function isClass(fn: Function): boolean {
  return (
    fn === CaseLifecycle ||
    fn.prototype instanceof CaseLifecycle ||
    Function.prototype.toString.call(fn).startsWith('class')
  );
}
