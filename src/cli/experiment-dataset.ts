/**
 * @module
 * The dataset an experiment runs: the eval file's dataset, plus the experiment's extra evaluators and
 * report evaluators, minus the cases `--filter` leaves out. It wraps rather than copies, so a streamed
 * dataset (`Dataset.stream`) stays streamed, and the eval file's own Dataset is never changed (two
 * experiments may share it).
 */
import { Case } from '../dataset/case.js';
import { type CaseSource, Dataset } from '../dataset/dataset.js';
import type { Evaluator } from '../evaluators/evaluator.js';
import type { ReportEvaluator } from '../evaluators/report-evaluator.js';
import { caseLabel } from '../util/case-names.js';
import type { CaseMatcher } from './case-filter.js';

export interface ExperimentDatasetInit {
  base: Dataset;
  evaluators: readonly Evaluator[];
  reportEvaluators: readonly ReportEvaluator[];
  /** Only the cases whose report name matches run. */
  match: CaseMatcher | undefined;
}

export class ExperimentDataset extends Dataset {
  readonly #base: Dataset;
  readonly #match: CaseMatcher | undefined;

  constructor(init: ExperimentDatasetInit) {
    super({
      name: init.base.name,
      evaluators: [...init.base.evaluators, ...init.evaluators],
      reportEvaluators: [...init.base.reportEvaluators, ...init.reportEvaluators],
    });
    this.#base = init.base;
    this.#match = init.match;
  }

  /** Cases that will run, when the dataset is in memory; undefined for a streamed dataset. */
  knownSize(): number | undefined {
    return this.caseSource().size;
  }

  override caseSource(): CaseSource {
    const source = this.#base.caseSource();
    const match = this.#match;
    if (!match) return source;
    if (Array.isArray(source.cases)) {
      const cases = (source.cases as Case[]).flatMap((c, i) => keep(c, i, match));
      return { cases, size: cases.length };
    }
    return { cases: filterLazily(source.cases, match), size: undefined };
  }
}

/**
 * The case if its report name matches. An unnamed case gets its report name (`Case 7`) as its name,
 * so that filtering does not renumber it.
 */
function keep(c: Case, index: number, match: CaseMatcher): Case[] {
  const name = caseLabel(c.name, index);
  if (!match(name)) return [];
  return [name === c.name ? c : new Case({ ...c, name, evaluators: c.evaluators })];
}

async function* filterLazily(
  cases: Iterable<Case> | AsyncIterable<Case>,
  match: CaseMatcher,
): AsyncIterable<Case> {
  let index = 0;
  for await (const c of cases) yield* keep(c, index++, match);
}
