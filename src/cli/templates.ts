/**
 * @module
 * The files `typed-evals init` writes: a YAML dataset in the pydantic-evals layout and an eval file
 * whose task is a stand-in for an LLM call, so that the first `typed-evals run` works offline.
 */

export const DATASET_FILE = 'sentiment.yaml';
export const EVAL_FILE = 'sentiment.eval.ts';

export const DATASET_TEMPLATE = `# A dataset in the pydantic-evals layout: cases with inputs and an expected output, and the
# evaluators that judge every case. Check it with: npx typed-evals validate <this file>
name: sentiment
cases:
  - name: happy
    inputs:
      text: I love this product, it works great.
    expected_output: positive
  - name: angry
    inputs:
      text: Terrible support, the app is broken again.
    expected_output: negative
  - name: flat
    inputs:
      text: The parcel arrived on Tuesday.
    expected_output: neutral
  - name: mixed
    inputs:
      text: Great screen but the battery is bad.
    expected_output: negative
evaluators:
  - EqualsExpected
  - IsInstance: str
`;

export function evalFileTemplate(datasetFileName: string): string {
  return `/**
 * An experiment for \`typed-evals run\`: the cases come from ${datasetFileName}, the task is the code
 * under test. Replace \`classify\` with your LLM call; the report and the exit code follow.
 *
 *   npx typed-evals run <this directory>
 */
import { defineExperiment, evaluator } from 'typed-evals';

interface Inputs {
  text: string;
}
type Sentiment = 'positive' | 'negative' | 'neutral';

/** A stand-in for a model call: use \`signal\` to stop when the run times out or is interrupted. */
async function classify(inputs: Inputs, { signal }: { signal: AbortSignal }): Promise<Sentiment> {
  signal.throwIfAborted();
  const text = inputs.text.toLowerCase();
  if (/bad|broken|terrible|hate/.test(text)) return 'negative';
  if (/love|great|good/.test(text)) return 'positive';
  return 'neutral';
}

export default defineExperiment({
  datasetFile: '${datasetFileName}',
  task: classify,
  // Evaluators added in code run on every case after the file's own.
  evaluators: [evaluator('answered', (ctx) => ctx.output.length > 0)],
  options: { maxConcurrency: 4, timeoutMs: 30_000 },
});
`;
}
