import type { Evaluator } from '../../evaluators/evaluator.js';
import type { ReportEvaluator } from '../../evaluators/report-evaluator.js';
import type { CaseInit } from '../case.js';
import type { EvaluatorRegistry } from '../registry.js';
import { buildEvaluators } from './build-evaluator.js';
import { type DataPath, describeType, type IssueList, isMapping } from './errors.js';
import { closestName, toSnakeCase } from './naming.js';
import { type DatasetSchema, validateCaseValues } from './validate.js';

/** What reading needs: the registries, an optional schema, and where issues go. */
export interface ReadContext {
  evaluators: EvaluatorRegistry;
  reportEvaluators: EvaluatorRegistry;
  schema: DatasetSchema | undefined;
  issues: IssueList;
}

export interface DatasetParts {
  name: string | undefined;
  cases: CaseInit[];
  evaluators: Evaluator[];
  reportEvaluators: ReportEvaluator[];
}

const DATASET_KEYS = ['$schema', 'name', 'cases', 'evaluators', 'report_evaluators'];
const CASE_KEYS = ['name', 'inputs', 'metadata', 'expected_output', 'evaluators'];

/** Reads a whole dataset in the pydantic-evals layout, collecting every issue. */
export function readDataset(value: unknown, ctx: ReadContext): DatasetParts {
  const parts: DatasetParts = { name: undefined, cases: [], evaluators: [], reportEvaluators: [] };
  const { issues } = ctx;
  if (value === null || value === undefined) {
    issues.add([], "The dataset is empty: expected a mapping with 'name' and 'cases'");
    return parts;
  }
  if (!isMapping(value)) {
    const hint = Array.isArray(value) ? " (a list of cases goes under 'cases:')" : '';
    issues.add([], `Expected a mapping with 'cases' at the top level, got ${describeType(value)}${hint}`);
    return parts;
  }
  checkKeys(value, [], DATASET_KEYS, issues);
  if (value.name !== undefined && value.name !== null) {
    if (typeof value.name === 'string' && value.name.length > 0) parts.name = value.name;
    else
      issues.add(
        ['name'],
        `Expected the dataset name as a non-empty string, got ${describeType(value.name)}`,
      );
  }
  if (!Object.hasOwn(value, 'cases')) issues.add([], "Missing required key 'cases' (a list of cases)");
  else if (!Array.isArray(value.cases))
    issues.add(['cases'], `Expected a list of cases, got ${describeType(value.cases)}`);
  else parts.cases = readCases(value.cases, ctx);
  parts.evaluators = buildEvaluators<Evaluator>(value.evaluators, ['evaluators'], ctx.evaluators, issues);
  parts.reportEvaluators = buildEvaluators<ReportEvaluator>(
    value.report_evaluators,
    ['report_evaluators'],
    ctx.reportEvaluators,
    issues,
  );
  return parts;
}

function readCases(list: readonly unknown[], ctx: ReadContext): CaseInit[] {
  const cases: CaseInit[] = [];
  const firstIndex = new Map<string, number>();
  list.forEach((raw, index) => {
    const name = isMapping(raw) ? raw.name : undefined;
    if (typeof name === 'string' && name !== '') {
      const first = firstIndex.get(name);
      if (first !== undefined) {
        ctx.issues.add(
          ['cases', index, 'name'],
          `Duplicate case name: '${name}' (first used by cases[${first}])`,
        );
      } else {
        firstIndex.set(name, index);
      }
    }
    const c = readCase(raw, ['cases', index], ctx);
    if (c) cases.push(c);
  });
  return cases;
}

/**
 * Reads one case (`{ name?, inputs, metadata?, expected_output?, evaluators? }`); `null` metadata and
 * expected_output mean absent, as pydantic-evals writes them. Undefined after adding issues.
 */
export function readCase(raw: unknown, path: DataPath, ctx: ReadContext): CaseInit | undefined {
  const { issues } = ctx;
  if (!isMapping(raw)) {
    issues.add(path, `Expected a case (a mapping with 'inputs'), got ${describeType(raw)}`);
    return undefined;
  }
  const before = issues.size;
  checkKeys(raw, path, CASE_KEYS, issues);
  const name = raw.name;
  if (name !== undefined && name !== null && typeof name !== 'string') {
    issues.add([...path, 'name'], `Expected the case name as a string, got ${describeType(name)}`);
  }
  if (!Object.hasOwn(raw, 'inputs')) issues.add(path, "Missing required key 'inputs'");
  const evaluators = buildEvaluators<Evaluator>(
    raw.evaluators,
    [...path, 'evaluators'],
    ctx.evaluators,
    issues,
  );
  let values = {
    inputs: raw.inputs,
    expectedOutput: raw.expected_output ?? undefined,
    metadata: raw.metadata ?? undefined,
  };
  if (issues.size === before && ctx.schema) {
    const validated = validateCaseValues(values, ctx.schema, path, issues);
    if (!validated) return undefined;
    values = validated;
  }
  if (issues.size > before) return undefined;
  const c: CaseInit = { inputs: values.inputs, evaluators };
  if (typeof name === 'string') c.name = name;
  if (values.expectedOutput !== undefined) c.expectedOutput = values.expectedOutput;
  if (values.metadata !== undefined) c.metadata = values.metadata;
  return c;
}

/** Adds an issue for each key not in `allowed`, with a hint for camelCase spellings and typos. */
function checkKeys(
  value: Record<string, unknown>,
  path: DataPath,
  allowed: readonly string[],
  issues: IssueList,
) {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const snake = toSnakeCase(key);
    const suggestion = allowed.includes(snake) ? snake : closestName(key, allowed);
    const hint = suggestion ? `; did you mean '${suggestion}'?` : '';
    issues.add([...path, key], `Unknown key '${key}'${hint} (allowed: ${allowed.join(', ')})`, {
      atKey: true,
    });
  }
}
