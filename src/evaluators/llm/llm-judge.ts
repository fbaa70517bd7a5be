/**
 * @module
 * LLMJudge: an LLM grades the output against a rubric and returns `{ reason, pass, score }`, recorded
 * as an assertion and/or a score (pydantic-evals' naming).
 */
import { buildPromptContent } from '../../llm/content.js';
import { getDefaultJudgeModel } from '../../llm/models.js';
import { callStructured } from '../../llm/structured-call.js';
import type { EvaluatorContext } from '../context.js';
import { buildSpec, Evaluator, type EvaluatorOutput, type EvaluatorSpec } from '../evaluator.js';
import {
  checkBoolean,
  checkLLMCallOptions,
  LLM_OPTION_SCHEMAS,
  type LLMCallOptions,
  requireText,
  signalOf,
  specOptions,
} from './options.js';
import {
  gradingResults,
  normalizeOutputConfig,
  type OutputConfig,
  type OutputConfigOption,
  outputConfigForSpec,
} from './output-config.js';
import { GRADING_OUTPUT, judgeSections, judgeSystemPrompt } from './prompts.js';

export interface LLMJudgeOptions extends LLMCallOptions {
  /** What a good output is, in plain words. */
  rubric: string;
  /** Show the judge the case inputs (`<Input>`). @default false */
  includeInput?: boolean;
  /** Show the judge the expected output (`<ExpectedOutput>`), when the case has one. @default false */
  includeExpectedOutput?: boolean;
  /** Record the judge's 0-1 score. @default false */
  score?: OutputConfigOption;
  /** Record the judge's pass/fail. @default { includeReason: true } */
  assertion?: OutputConfigOption;
}

const DEFAULT_ASSERTION: OutputConfig = { includeReason: true };

const outputConfigSchema = {
  anyOf: [
    { type: 'boolean' },
    {
      type: 'object',
      properties: {
        evaluation_name: { type: 'string', minLength: 1, description: 'Name of the result.' },
        include_reason: { type: 'boolean', description: "Record the judge's reason with the value." },
      },
      additionalProperties: false,
    },
  ],
};

/**
 * Grades the output with an LLM against `rubric`. By default records one assertion named `LLMJudge`
 * with the judge's reason; with `score` and `assertion` both on, `LLMJudge_score` and `LLMJudge_pass`.
 * A reply that is not a valid grade (bad JSON, refusal, score outside 0-1) is an evaluator failure.
 */
export class LLMJudge extends Evaluator<any, any, any, LLMJudgeOptions> {
  static override evaluatorName = 'LLMJudge';
  static override primaryArg = 'rubric';
  static override defaults = {
    includeInput: false,
    includeExpectedOutput: false,
    score: false,
    assertion: { include_reason: true },
  };
  /** The file form of the options (for dataset files and their JSON Schema). */
  static optionsSchema = {
    type: 'object',
    properties: {
      rubric: { type: 'string', minLength: 1, description: 'What a good output is, in plain words.' },
      model: LLM_OPTION_SCHEMAS.model,
      includeInput: { type: 'boolean', default: false, description: 'Show the judge the case inputs.' },
      includeExpectedOutput: {
        type: 'boolean',
        default: false,
        description: 'Show the judge the expected output.',
      },
      modelSettings: LLM_OPTION_SCHEMAS.modelSettings,
      score: { ...outputConfigSchema, description: 'Record the 0-1 score (default: false).' },
      assertion: {
        ...outputConfigSchema,
        description: 'Record pass/fail (default: { include_reason: true }).',
      },
      timeoutMs: LLM_OPTION_SCHEMAS.timeoutMs,
    },
    required: ['rubric'],
    additionalProperties: false,
  };

  readonly #score: OutputConfig | false;
  readonly #assertion: OutputConfig | false;
  #spec: EvaluatorSpec | undefined;

  constructor(options: LLMJudgeOptions) {
    const who = 'LLMJudge';
    requireText(options?.rubric, who, 'rubric', "'The answer is polite'");
    checkBoolean(options.includeInput, who, 'includeInput');
    checkBoolean(options.includeExpectedOutput, who, 'includeExpectedOutput');
    const score = normalizeOutputConfig(options.score, false, `${who}: score`);
    const assertion = normalizeOutputConfig(options.assertion, DEFAULT_ASSERTION, `${who}: assertion`);
    const checked = checkLLMCallOptions(options, who);
    if (options.score !== undefined) checked.score = score;
    if (options.assertion !== undefined) checked.assertion = assertion;
    super(checked);
    this.#score = score;
    this.#assertion = assertion;
  }

  /** Spec with the model as a string, score/assertion in file spelling, and no limiter or cache. */
  override toSpec(): EvaluatorSpec {
    if (this.#spec) return this.#spec;
    const options = specOptions(this.options as LLMJudgeOptions & Record<string, unknown>);
    if (this.options.score !== undefined) options.score = outputConfigForSpec(this.#score);
    if (this.options.assertion !== undefined) options.assertion = outputConfigForSpec(this.#assertion);
    this.#spec = buildSpec(this.evaluatorName, this.constructor as typeof LLMJudge, options);
    return this.#spec;
  }

  async evaluate(ctx: EvaluatorContext): Promise<EvaluatorOutput> {
    if (this.#score === false && this.#assertion === false) return {};
    const { rubric, includeInput = false, includeExpectedOutput = false } = this.options;
    const sections = judgeSections({
      inputs: ctx.inputs,
      includeInput,
      output: ctx.output,
      expectedOutput: ctx.expectedOutput,
      includeExpectedOutput,
      rubric,
    });
    const grading = await callStructured({
      who: this.evaluatorName,
      model: this.options.model ?? getDefaultJudgeModel(),
      system: judgeSystemPrompt(sections.map((section) => section.tag)),
      content: buildPromptContent(sections),
      output: GRADING_OUTPUT,
      settings: this.options.modelSettings,
      limiter: this.options.limiter,
      timeoutMs: this.options.timeoutMs,
      signal: signalOf(ctx),
      cache: this.options.cache,
    });
    return gradingResults(grading, this.#score, this.#assertion, this.evaluatorName);
  }
}
