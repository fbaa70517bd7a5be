/**
 * @module
 * LLMJudge's `score` / `assertion` options (pydantic-evals' OutputConfig) and how they name results.
 */
import { OptionsError } from '../../errors.js';
import { EvaluationReason, type EvaluatorOutputValue } from '../evaluator.js';

/** How one judge output is recorded. Files may spell the keys `evaluation_name` / `include_reason`. */
export interface OutputConfig {
  /** The result's name. Default: `LLMJudge`, or `LLMJudge_score` / `LLMJudge_pass` when both are on. */
  evaluationName?: string;
  /** Record the judge's reason with the value. @default false */
  includeReason?: boolean;
}

/** `false` turns the output off; `true` is `{}`. */
export type OutputConfigOption = OutputConfig | boolean;

const SPELLINGS: Readonly<Record<string, keyof OutputConfig>> = {
  evaluationName: 'evaluationName',
  evaluation_name: 'evaluationName',
  includeReason: 'includeReason',
  include_reason: 'includeReason',
};

/** The option as an OutputConfig, or false when off; throws OptionsError on bad keys or values. */
export function normalizeOutputConfig(
  value: unknown,
  fallback: OutputConfig | false,
  where: string,
): OutputConfig | false {
  if (value === undefined || value === null) return fallback;
  if (value === false) return false;
  if (value === true) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new OptionsError(
      `${where} must be false or { evaluationName?, includeReason? }, got ${JSON.stringify(value)}`,
    );
  }
  const config: OutputConfig = {};
  for (const [key, item] of Object.entries(value)) {
    const name = SPELLINGS[key];
    if (!name) {
      throw new OptionsError(`${where}: unknown key '${key}'; valid keys: evaluationName, includeReason`);
    }
    if (item === undefined || item === null) continue;
    if (name === 'evaluationName' && (typeof item !== 'string' || item.length === 0)) {
      throw new OptionsError(
        `${where}.evaluationName must be a non-empty string, got ${JSON.stringify(item)}`,
      );
    }
    if (name === 'includeReason' && typeof item !== 'boolean') {
      throw new OptionsError(`${where}.includeReason must be a boolean, got ${JSON.stringify(item)}`);
    }
    (config as Record<string, unknown>)[name] = item;
  }
  return config;
}

/** The config as files write it (pydantic-evals' snake_case keys), or false. */
export function outputConfigForSpec(config: OutputConfig | false): Record<string, unknown> | false {
  if (config === false) return false;
  const out: Record<string, unknown> = {};
  if (config.evaluationName !== undefined) out.evaluation_name = config.evaluationName;
  if (config.includeReason !== undefined) out.include_reason = config.includeReason;
  return out;
}

/** A grade from the judge. */
export interface Grading {
  reason: string;
  pass: boolean;
  score: number;
}

/**
 * The named results of one grading: with both outputs on, `<base>_score` and `<base>_pass`; with one,
 * `<base>`; an `evaluationName` replaces the default name; `{}` when both are off.
 */
export function gradingResults(
  grading: Grading,
  score: OutputConfig | false,
  assertion: OutputConfig | false,
  baseName: string,
): Record<string, EvaluatorOutputValue> {
  const both = score !== false && assertion !== false;
  const results: Record<string, EvaluatorOutputValue> = {};
  const add = (config: OutputConfig, value: number | boolean, suffix: string) => {
    const name = config.evaluationName || (both ? `${baseName}_${suffix}` : baseName);
    results[name] = config.includeReason ? new EvaluationReason(value, grading.reason) : value;
  };
  if (score !== false) add(score, grading.score, 'score');
  if (assertion !== false) add(assertion, grading.pass, 'pass');
  return results;
}
