/**
 * @module
 * `generateDataset`: asks a model for test cases as JSON in the dataset file layout, validates them
 * (file layout, evaluator specs, your schemas, the case count) and, when they fail, sends the problems
 * back to the model and asks again, up to `retries` times.
 */
import { basename, extname } from 'node:path';
import { Dataset } from '../dataset/dataset.js';
import { DatasetLoadError } from '../dataset/file/errors.js';
import type { DatasetSchema } from '../dataset/file/validate.js';
import type { EvaluatorClassLike } from '../dataset/registry.js';
import { OptionsError } from '../errors.js';
import { DatasetGenerationError, type GenerationIssue } from './errors.js';
import { parseJsonReply, replySnippet } from './json-reply.js';
import { checkJudgeModel, getDefaultJudgeModel, type JudgeModel } from './models.js';
import { type JudgeModelSettings, normalizeModelSettings } from './settings.js';
import {
  type ConversationMessage,
  callModel,
  type JudgeLimiter,
  type OutputSpec,
  type RawReply,
  type StructuredCall,
} from './structured-call.js';

export interface GenerateDatasetOptions<Inputs = any, Output = any, Metadata = any> {
  /** Default: the default judge model (`setDefaultJudgeModel`). */
  model?: JudgeModel;
  /** Standard Schemas (e.g. zod) for the cases' inputs, expected output and metadata. */
  schema?: DatasetSchema<Inputs, Output, Metadata>;
  /** Number of cases to ask for. @default 3 */
  nExamples?: number;
  /** What the cases should be about: sent as the user message. */
  extraInstructions?: string;
  /** Dataset name. Default: the stem of `path`, else 'generated'. */
  name?: string;
  /** Where to write the dataset (YAML, JSON or JSONL by extension), with its JSON Schema beside it. */
  path?: string;
  /** Custom evaluator classes the generated cases may name. */
  evaluators?: readonly EvaluatorClassLike<any>[];
  /** Extra attempts after a reply that fails validation; each gets the problems of the last one. @default 2 */
  retries?: number;
  modelSettings?: JudgeModelSettings;
  limiter?: JudgeLimiter;
  /** Per-call timeout in milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const GENERATION_OUTPUT: OutputSpec<unknown> = {
  name: 'dataset',
  description: 'An evaluation dataset in the typed-evals / pydantic-evals file layout.',
  parse: (value) => value,
};

/** Generates a dataset with a model; see the module comment. Throws DatasetGenerationError when retries run out. */
export async function generateDataset<Inputs = any, Output = any, Metadata = any>(
  options: GenerateDatasetOptions<Inputs, Output, Metadata> = {},
): Promise<Dataset<Inputs, Output, Metadata>> {
  const settings = checkOptions(options);
  const nExamples = options.nExamples ?? 3;
  const retries = options.retries ?? 2;
  const name = options.name ?? (options.path ? basename(options.path, extname(options.path)) : 'generated');
  const fileSchema = Dataset.jsonSchema({ evaluators: options.evaluators, schema: options.schema });
  const call: StructuredCall<unknown> = {
    who: 'generateDataset',
    model: options.model ?? getDefaultJudgeModel(),
    system: generationSystemPrompt(fileSchema, nExamples),
    content: [{ type: 'text', text: options.extraInstructions ?? 'Generate the dataset.' }],
    history: [],
    output: GENERATION_OUTPUT,
    settings,
    limiter: options.limiter,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  };
  let issues: GenerationIssue[] = [];
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    const reply = await callModel(call);
    const outcome = readDataset<Inputs, Output, Metadata>(reply, name, nExamples, options);
    if (outcome.dataset) {
      if (options.path) outcome.dataset.toFile(options.path);
      return outcome.dataset;
    }
    issues = outcome.issues;
    call.history = [...(call.history ?? []), userMessage(call), { role: 'assistant', content: reply.text }];
    call.content = [{ type: 'text', text: feedbackMessage(issues) }];
  }
  throw new DatasetGenerationError(issues, retries + 1);
}

function userMessage(call: StructuredCall<unknown>): ConversationMessage {
  const first = call.content[0];
  return { role: 'user', content: first?.type === 'text' ? first.text : '' };
}

/** The reply as a dataset, or the problems with it. */
function readDataset<I, O, M>(
  reply: RawReply,
  name: string,
  nExamples: number,
  options: GenerateDatasetOptions<I, O, M>,
): { dataset: Dataset<I, O, M>; issues?: undefined } | { dataset?: undefined; issues: GenerationIssue[] } {
  const value = reply.parsed ? reply.parsed.value : parseJsonReply(reply.text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got =
      value === undefined
        ? `text that is not JSON: ${JSON.stringify(replySnippet(reply.text, 200))}`
        : 'JSON that is not an object';
    return { issues: [{ path: '', message: `Expected one JSON object with a "cases" array, got ${got}` }] };
  }
  const data: Record<string, unknown> = { ...(value as Record<string, unknown>), name };
  const cases = data.cases;
  const countIssue: GenerationIssue[] =
    Array.isArray(cases) && cases.length !== nExamples
      ? [{ path: 'cases', message: `Expected exactly ${nExamples} cases, got ${cases.length}` }]
      : [];
  try {
    const dataset = Dataset.fromObject<I, O, M>(data, {
      schema: options.schema,
      evaluators: options.evaluators,
    });
    return countIssue.length > 0 ? { issues: countIssue } : { dataset };
  } catch (error) {
    if (!(error instanceof DatasetLoadError)) throw error;
    return { issues: [...countIssue, ...error.issues.map(({ path, message }) => ({ path, message }))] };
  }
}

function generationSystemPrompt(fileSchema: unknown, nExamples: number): string {
  return [
    'You write test cases for evaluating a software system.',
    '',
    'Reply with one JSON object: a dataset that follows this JSON Schema.',
    '```json',
    JSON.stringify(fileSchema, null, 2),
    '```',
    '',
    `- Write exactly ${nExamples} case(s) in "cases", each with a short, unique, descriptive "name".`,
    '- Fill "inputs", and "expected_output" and "metadata" where they apply, with realistic and varied',
    '  values; include at least one edge case when there is more than one case.',
    '- Add "evaluators" only when the instructions ask for them.',
    '- Reply with the JSON object only: no markdown fences, no commentary.',
  ].join('\n');
}

function feedbackMessage(issues: readonly GenerationIssue[]): string {
  const lines = issues
    .slice(0, 30)
    .map((issue) => `- ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
  if (issues.length > 30) lines.push(`- ... and ${issues.length - 30} more`);
  return [
    'That reply cannot be used as the dataset. Problems:',
    ...lines,
    '',
    'Reply again with the complete, corrected JSON object only.',
  ].join('\n');
}

function checkOptions(options: GenerateDatasetOptions): JudgeModelSettings | undefined {
  const where = 'generateDataset';
  if (typeof options !== 'object' || options === null) {
    throw new OptionsError(
      `${where} expects an options object, e.g. generateDataset({ model, nExamples: 5 })`,
    );
  }
  if (options.model !== undefined) checkJudgeModel(options.model, where);
  const count = (key: 'nExamples' | 'retries', min: number) => {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= min)) {
      throw new OptionsError(`${where}: ${key} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
    }
  };
  count('nExamples', 1);
  count('retries', 0);
  for (const key of ['extraInstructions', 'name', 'path'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) {
      throw new OptionsError(`${where}: ${key} must be a non-empty string, got ${JSON.stringify(value)}`);
    }
  }
  return normalizeModelSettings(options.modelSettings, where);
}
