import { SpanTreeRecordingError } from '../errors.js';
import { CaseEvaluatorContext } from '../evaluators/context.js';

const NO_SPANS_MESSAGE =
  'Spans are not captured for online evaluation: ctx.spanTree is only available in dataset ' +
  'experiments. Evaluate the function with dataset.evaluate to use span-based evaluators.';

/**
 * The EvaluatorContext of one evaluated call: `name` and `expectedOutput` are undefined, `metadata` is a
 * copy of the config's, `output` is the return value (or the error, for `runOnErrors` evaluators).
 */
export class OnlineEvaluatorContext<Inputs = any, Output = any, Metadata = any> extends CaseEvaluatorContext<
  Inputs,
  Output,
  Metadata
> {
  override get spanTree(): unknown {
    throw new SpanTreeRecordingError(NO_SPANS_MESSAGE);
  }
}
