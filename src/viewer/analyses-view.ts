/**
 * @module
 * A run's analyses. Report evaluators run after the run file is finished, so their results are not in
 * it: the viewer rebuilds the run's report evaluators from the specs in its header (built-in classes
 * only: a custom class is code, not data) and runs them over the stored cases.
 */
import { EvaluatorRegistry } from '../dataset/registry.js';
import type { EvaluatorSpec } from '../evaluators/evaluator.js';
import type { ReportEvaluator } from '../evaluators/report-evaluator.js';
import { analysisToJSON, type ReportAnalysis } from '../report/analyses.js';
import { runReportEvaluators } from '../runner/run-report-evaluators.js';
import type { AnalysesView } from './api-types.js';
import { reportOf } from './compare-view.js';
import type { IndexedRun } from './run-cache.js';

export async function analysesOf(run: IndexedRun): Promise<AnalysesView> {
  const registry = EvaluatorRegistry.create('report evaluator');
  const evaluators: ReportEvaluator[] = [];
  const notRebuilt: string[] = [];
  const failures: AnalysesView['failures'] = [];
  for (const spec of run.header.reportEvaluators ?? []) {
    try {
      const evaluator = rebuild(registry, spec);
      if (evaluator) evaluators.push(evaluator);
      else notRebuilt.push(spec.name);
    } catch (error) {
      failures.push({
        evaluator: spec.name,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  const report = reportOf(run);
  if (evaluators.length > 0) await runReportEvaluators(evaluators, report);
  for (const f of report.reportEvaluatorFailures)
    failures.push({ evaluator: f.name, message: f.errorMessage });
  return {
    analyses: report.analyses.map((a) => analysisToJSON(a as ReportAnalysis)),
    failures,
    notRebuilt,
  };
}

/** `new Cls(options)` from a stored spec; undefined for a name the built-in registry does not know. */
function rebuild(registry: EvaluatorRegistry, spec: EvaluatorSpec): ReportEvaluator | undefined {
  const entry = registry.get(spec.name);
  if (!entry) return undefined;
  let options: Record<string, unknown>;
  if (spec.arguments === null) options = {};
  else if (Array.isArray(spec.arguments)) {
    const primary = entry.cls.primaryArg;
    if (typeof primary !== 'string') throw new TypeError(`${spec.name} takes no positional argument`);
    options = { [primary]: spec.arguments[0] };
  } else options = { ...spec.arguments };
  if (entry.coerce) options = entry.coerce(options);
  return new entry.cls(options) as ReportEvaluator;
}
