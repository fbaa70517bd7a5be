/**
 * @module
 * GEval: an LLM scores the output on an integer scale by following evaluation steps (G-Eval).
 */
import { OptionsError } from '../../errors.js';
import { buildPromptContent } from '../../llm/content.js';
import { getDefaultJudgeModel } from '../../llm/models.js';
import { callStructured } from '../../llm/structured-call.js';
import type { EvaluatorContext } from '../context.js';
import { buildSpec, EvaluationReason, Evaluator, type EvaluatorSpec } from '../evaluator.js';
import {
  checkBoolean,
  checkLLMCallOptions,
  LLM_OPTION_SCHEMAS,
  type LLMCallOptions,
  requireText,
  signalOf,
  specOptions,
} from './options.js';
import { gEvalOutput, gEvalRubric, gEvalSystemPrompt, judgeSections } from './prompts.js';

export interface GEvalOptions extends LLMCallOptions {
  /** What the score measures, e.g. 'Coherence: the answer is well structured and logical'. */
  criteria: string;
  /** The steps the judge follows, in order. At least one. */
  evaluationSteps: readonly string[];
  /** Lowest and highest integer score, lowest first. @default [1, 5] */
  scoreRange?: readonly [number, number];
  /** Show the judge the case inputs (`<Input>`). @default false */
  includeInput?: boolean;
  /** Rename the result. @default 'GEval' */
  evaluationName?: string;
}

/**
 * Scores the output with an LLM that follows `evaluationSteps` for `criteria`. Returns the integer
 * score with the judge's reason; a score that is not an integer in `scoreRange` is an evaluator failure.
 */
export class GEval extends Evaluator<any, any, any, GEvalOptions> {
  static override evaluatorName = 'GEval';
  static override primaryArg = 'criteria';
  static override defaults = { scoreRange: [1, 5], includeInput: false };
  /** The file form of the options (for dataset files and their JSON Schema). */
  static optionsSchema = {
    type: 'object',
    properties: {
      criteria: { type: 'string', minLength: 1, description: 'What the score measures.' },
      evaluationSteps: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        minItems: 1,
        description: 'The steps the judge follows, in order.',
      },
      scoreRange: {
        type: 'array',
        items: { type: 'integer' },
        minItems: 2,
        maxItems: 2,
        default: [1, 5],
        description: 'Lowest and highest score, lowest first.',
      },
      includeInput: { type: 'boolean', default: false, description: 'Show the judge the case inputs.' },
      model: LLM_OPTION_SCHEMAS.model,
      modelSettings: LLM_OPTION_SCHEMAS.modelSettings,
      evaluationName: { type: 'string', description: 'Name the result is recorded under (default: GEval).' },
      timeoutMs: LLM_OPTION_SCHEMAS.timeoutMs,
    },
    required: ['criteria', 'evaluationSteps'],
    additionalProperties: false,
  };

  readonly #range: readonly [number, number];
  #spec: EvaluatorSpec | undefined;

  constructor(options: GEvalOptions) {
    const who = 'GEval';
    requireText(options?.criteria, who, 'criteria', "'Coherence'");
    checkSteps(options.evaluationSteps);
    const range = checkScoreRange(options.scoreRange);
    checkBoolean(options.includeInput, who, 'includeInput');
    if (options.evaluationName !== undefined)
      requireText(options.evaluationName, who, 'evaluationName', "'coherence'");
    const checked = checkLLMCallOptions(options, who);
    if (options.evaluationSteps) checked.evaluationSteps = [...options.evaluationSteps];
    if (options.scoreRange !== undefined) checked.scoreRange = [...range] as [number, number];
    super(checked);
    this.#range = range;
  }

  /** Spec with the model as a string and no limiter or cache. */
  override toSpec(): EvaluatorSpec {
    this.#spec ??= buildSpec(
      this.evaluatorName,
      this.constructor as typeof GEval,
      specOptions(this.options as GEvalOptions & Record<string, unknown>),
    );
    return this.#spec;
  }

  async evaluate(ctx: EvaluatorContext): Promise<EvaluationReason<number>> {
    const { criteria, evaluationSteps, includeInput = false } = this.options;
    const sections = judgeSections({
      inputs: ctx.inputs,
      includeInput,
      output: ctx.output,
      includeExpectedOutput: false,
      rubric: gEvalRubric(criteria, evaluationSteps, this.#range),
    });
    const reply = await callStructured({
      who: this.evaluatorName,
      model: this.options.model ?? getDefaultJudgeModel(),
      system: gEvalSystemPrompt(
        sections.map((section) => section.tag),
        this.#range,
      ),
      content: buildPromptContent(sections),
      output: gEvalOutput(this.#range),
      settings: this.options.modelSettings,
      limiter: this.options.limiter,
      timeoutMs: this.options.timeoutMs,
      signal: signalOf(ctx),
      cache: this.options.cache,
    });
    return new EvaluationReason(reply.score, reply.reason);
  }
}

function checkSteps(steps: unknown): void {
  if (!Array.isArray(steps) || steps.length === 0) {
    throw new OptionsError(
      `GEval needs at least one evaluation step: new GEval({ criteria, evaluationSteps: ['Read the output', ...] }), got ${JSON.stringify(steps)}`,
    );
  }
  steps.forEach((step, i) => {
    if (typeof step !== 'string' || step.trim().length === 0) {
      throw new OptionsError(
        `GEval: evaluationSteps[${i}] must be a non-empty string, got ${JSON.stringify(step)}`,
      );
    }
  });
}

function checkScoreRange(range: unknown): readonly [number, number] {
  if (range === undefined) return [1, 5];
  const ok = Array.isArray(range) && range.length === 2 && range.every((n) => Number.isInteger(n));
  if (!ok)
    throw new OptionsError(
      `GEval: scoreRange must be two integers [low, high], got ${JSON.stringify(range)}`,
    );
  const [low, high] = range as [number, number];
  if (!(low < high)) {
    throw new OptionsError(`GEval: scoreRange must have low < high, got [${low}, ${high}]`);
  }
  return [low, high];
}
