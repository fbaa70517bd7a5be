/**
 * @module
 * Errors of the LLM features (judges, model resolution, dataset generation). Each has a stable `code`.
 * A judge error thrown from `evaluate` becomes an EvaluatorFailure on the case (and is retried by
 * `retryEvaluators`, except aborts).
 */
import { TypedEvalsError } from '../errors.js';

/** An optional peer package (`ai`, `@ai-sdk/openai`, ...) that a feature needs is not installed. */
export class MissingPeerDependencyError extends TypedEvalsError {
  /** The npm package to install. */
  readonly packageName: string;
  constructor(packageName: string, neededFor: string, options?: ErrorOptions) {
    super(
      `${neededFor} needs the package '${packageName}', which is not installed. ` +
        `Install it next to typed-evals: npm install ${packageName}`,
      'MISSING_PEER_DEPENDENCY',
      options,
    );
    this.name = 'MissingPeerDependencyError';
    this.packageName = packageName;
  }
}

/** A model string that cannot be resolved (bad format, unknown provider, missing configuration). */
export class ModelResolutionError extends TypedEvalsError {
  constructor(message: string) {
    super(message, 'INVALID_MODEL');
    this.name = 'ModelResolutionError';
  }
}

/** The judge model replied, but not with a usable grade: not JSON, wrong shape, out of range, refused. */
export class JudgeOutputError extends TypedEvalsError {
  /** The model's reply text (shortened), when there was one. */
  readonly replyText: string | undefined;
  constructor(message: string, replyText?: string, options?: ErrorOptions & { code?: string }) {
    super(message, options?.code ?? 'JUDGE_OUTPUT_INVALID', options);
    this.name = 'JudgeOutputError';
    this.replyText = replyText;
  }
}

/** The judge model declined to grade (a refusal or a content filter). */
export class JudgeRefusalError extends JudgeOutputError {
  constructor(message: string, replyText?: string) {
    super(message, replyText, { code: 'JUDGE_REFUSED' });
    this.name = 'JudgeRefusalError';
  }
}

/** A judge call that ran longer than its `timeoutMs`. Retryable with `retryEvaluators`. */
export class JudgeTimeoutError extends TypedEvalsError {
  readonly timeoutMs: number;
  constructor(who: string, timeoutMs: number) {
    super(`${who}: the model call timed out after ${timeoutMs} ms`, 'JUDGE_TIMEOUT');
    this.name = 'JudgeTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** One problem with a generated dataset, as sent back to the model. */
export interface GenerationIssue {
  path: string;
  message: string;
}

/** `generateDataset` got no valid dataset from the model within its retries. */
export class DatasetGenerationError extends TypedEvalsError {
  /** The problems with the last reply. */
  readonly issues: readonly GenerationIssue[];
  /** Model calls made. */
  readonly attempts: number;
  constructor(issues: readonly GenerationIssue[], attempts: number) {
    const lines = issues.slice(0, 20).map((i) => `  - ${i.path ? `${i.path}: ` : ''}${i.message}`);
    if (issues.length > 20) lines.push(`  - ... and ${issues.length - 20} more`);
    super(
      `generateDataset: the model gave no valid dataset in ${attempts} attempt(s). ` +
        `Problems with the last reply:\n${lines.join('\n')}`,
      'DATASET_GENERATION_FAILED',
    );
    this.name = 'DatasetGenerationError';
    this.issues = issues;
    this.attempts = attempts;
  }
}
