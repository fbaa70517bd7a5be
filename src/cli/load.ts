/**
 * @module
 * Imports eval files and turns their exports into experiments ready to run: every dataset file is
 * loaded up front, so that all problems of all files are reported together before anything runs.
 *
 * TypeScript eval files are imported through the tsx loader that bin/typed-evals.js registers for the
 * whole process (`register()` from 'tsx/esm/api', not `tsImport`: tsImport gives every call its own
 * module namespace, so an eval file would get its own copy of typed-evals and setEvalAttribute would
 * not reach the engine that runs the task).
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Dataset } from '../dataset/dataset.js';
import { type DatasetIssue, formatIssue } from '../dataset/file/errors.js';
import type { Evaluator } from '../evaluators/evaluator.js';
import type { ReportEvaluator } from '../evaluators/report-evaluator.js';
import { type ExperimentDefinition, isExperimentDefinition } from '../experiment.js';
import { CliError } from './exit-codes.js';

/** An experiment found in an eval file, with its dataset loaded. */
export interface LoadedExperiment {
  /** Report name, unique among the loaded experiments. */
  name: string;
  /** The eval file, relative to the working directory. */
  file: string;
  /** `default`, `default[1]` (an array item) or the named export. */
  exportName: string;
  definition: ExperimentDefinition;
  dataset: Dataset;
  /** Evaluator and report evaluator instances to add to the dataset's own. */
  evaluators: Evaluator[];
  reportEvaluators: ReportEvaluator[];
}

/** Loads every file; throws one CliError listing every problem when any file or dataset fails. */
export async function loadExperiments(files: readonly string[], cwd: string): Promise<LoadedExperiment[]> {
  const problems: string[] = [];
  const experiments: LoadedExperiment[] = [];
  for (const file of files) {
    const shown = displayPath(file, cwd);
    let module: Record<string, unknown>;
    try {
      module = await import(pathToFileURL(file).href);
    } catch (error) {
      const lines = describeLoadError(shown, error);
      lines[0] += importHint(file, error);
      problems.push(...lines);
      continue;
    }
    const found = definitionsOf(module, shown, problems);
    for (const { exportName, definition } of found) {
      const experiment = prepare(definition, file, shown, exportName, cwd, problems);
      if (experiment) experiments.push(experiment);
    }
  }
  if (problems.length > 0) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    throw new CliError(`Could not load the eval files: ${count}`, { details: problems });
  }
  return uniqueNames(experiments);
}

/** The default export (one definition or an array) and every named export made by defineExperiment. */
function definitionsOf(
  module: Record<string, unknown>,
  file: string,
  problems: string[],
): { exportName: string; definition: ExperimentDefinition }[] {
  const found: { exportName: string; definition: ExperimentDefinition }[] = [];
  const seen = new Set<unknown>();
  const add = (exportName: string, value: unknown) => {
    if (seen.has(value)) return;
    seen.add(value);
    found.push({ exportName, definition: value as ExperimentDefinition });
  };
  const fallback = module.default;
  if (Array.isArray(fallback)) {
    fallback.forEach((item, i) => {
      if (isExperimentDefinition(item)) add(`default[${i}]`, item);
      else
        problems.push(
          `${file}: default export [${i}] is not an experiment; wrap it in defineExperiment({...})`,
        );
    });
  } else if (fallback !== undefined) {
    if (isExperimentDefinition(fallback)) add('default', fallback);
    else
      problems.push(`${file}: the default export is not an experiment; wrap it in defineExperiment({...})`);
  }
  for (const [key, value] of Object.entries(module)) {
    if (key !== 'default' && isExperimentDefinition(value)) add(key, value);
  }
  if (found.length === 0 && fallback === undefined) {
    problems.push(`${file}: exports no experiment (export default defineExperiment({ dataset, task }))`);
  }
  return found;
}

function prepare(
  definition: ExperimentDefinition,
  file: string,
  shown: string,
  exportName: string,
  cwd: string,
  problems: string[],
): LoadedExperiment | undefined {
  const evaluators = instances(definition.evaluators) as Evaluator[];
  const reportEvaluators = instances(definition.reportEvaluators) as ReportEvaluator[];
  let dataset: Dataset;
  if (definition.datasetFile !== undefined) {
    const path = displayPath(resolve(dirname(file), definition.datasetFile), cwd);
    try {
      dataset = Dataset.fromFile(path, {
        evaluators: classes(definition.evaluators),
        reportEvaluators: classes(definition.reportEvaluators),
        schema: definition.schema,
      });
    } catch (error) {
      problems.push(...describeLoadError(`${shown} (${exportName})`, error));
      return undefined;
    }
  } else {
    dataset = definition.dataset as Dataset;
    if (definition.evaluators?.some((e) => typeof e === 'function')) {
      problems.push(
        `${shown} (${exportName}): evaluator classes in \`evaluators\` only register names for a datasetFile; pass instances (new X(...))`,
      );
      return undefined;
    }
  }
  const named = exportName.startsWith('default') ? undefined : exportName;
  const name = definition.name ?? named ?? dataset.name;
  return { name, file: shown, exportName, definition, dataset, evaluators, reportEvaluators };
}

function instances<T>(list: readonly (T | (abstract new (...args: any[]) => T))[] | undefined): T[] {
  return (list ?? []).filter((entry) => typeof entry !== 'function') as T[];
}

function classes<T>(list: readonly T[] | undefined): any[] {
  return (list ?? []).filter((entry) => typeof entry === 'function');
}

/** Experiments sharing a name get ` (2)`, ` (3)`: report files and baselines are matched by name. */
function uniqueNames(experiments: LoadedExperiment[]): LoadedExperiment[] {
  const counts = new Map<string, number>();
  return experiments.map((experiment) => {
    const n = (counts.get(experiment.name) ?? 0) + 1;
    counts.set(experiment.name, n);
    return n === 1 ? experiment : { ...experiment, name: `${experiment.name} (${n})` };
  });
}

/**
 * Lines describing a load failure: one per issue for a DatasetLoadError (`file:line:col: message`),
 * else `where: Name: message` plus the first stack frame inside the user's code when useful.
 */
export function describeLoadError(where: string, error: unknown): string[] {
  const issues = datasetIssues(error);
  if (issues) return issues.map((issue) => formatIssue(issue));
  if (error instanceof Error) return [`${where}: ${error.name}: ${error.message}`];
  return [`${where}: ${String(error)}`];
}

/**
 * Node loads a `.ts` / `.js` file as CommonJS when the nearest package.json has no `"type": "module"`,
 * and tsx then fails with a confusing require(esm) cycle error: say what to do instead.
 */
function importHint(file: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_REQUIRE_CYCLE_MODULE' && code !== 'ERR_REQUIRE_ESM') return '';
  if (!/\.(ts|js)$/.test(file)) return '';
  return '\nhint: this file is loaded as CommonJS (no "type": "module" in the nearest package.json); name it *.eval.mts (or *.eval.mjs), or set "type": "module"';
}

/** The issues of a DatasetLoadError (from any copy of the package), else undefined. */
export function datasetIssues(error: unknown): readonly DatasetIssue[] | undefined {
  if (!(error instanceof Error) || error.name !== 'DatasetLoadError') return undefined;
  const issues = (error as { issues?: unknown }).issues;
  return Array.isArray(issues) && issues.length > 0 ? (issues as DatasetIssue[]) : undefined;
}

/** A path relative to the working directory when it is inside it, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
